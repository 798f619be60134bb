package multidriver.check.history;

/**
 * A fault injector's event in a history (Jepsen's {@code :nemesis} process): not a client operation, so no checker
 * reads it, but reports draw faults from it. {@code position} is the number of client ops before it, so it falls
 * between ops {@code position - 1} and {@code position}.
 */
public record NemesisEvent(long position, String f, Object value, long timeNs) {
    public NemesisEvent {
        if (position < 0) throw new IllegalArgumentException("negative position " + position);
        java.util.Objects.requireNonNull(f, "f");
    }
}
