package multidriver.core.raft;

/** Caller-chosen identity of a ReadIndex request, echoed back in the {@link ReadState} that answers it. */
public record RequestId(long value) {
    @Override
    public String toString() {
        return "r" + value;
    }
}
