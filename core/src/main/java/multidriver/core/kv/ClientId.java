package multidriver.core.kv;

/** Identity of a client session (thesis §6.3). */
public record ClientId(long value) {
    @Override
    public String toString() {
        return "c" + value;
    }
}
