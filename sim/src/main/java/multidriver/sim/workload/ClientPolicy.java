package multidriver.sim.workload;

/**
 * How patient a client is: each attempt waits {@code attemptTimeoutMs}; an operation gives up (and is recorded as
 * {@code :info}, since it may still take effect) after {@code maxAttempts} attempts or {@code opDeadlineMs}.
 */
public record ClientPolicy(long attemptTimeoutMs, int maxAttempts, long opDeadlineMs, long redirectBackoffMs,
                           long noLeaderBackoffMs) {
    public ClientPolicy {
        if (attemptTimeoutMs < 1 || maxAttempts < 1 || opDeadlineMs < attemptTimeoutMs) {
            throw new IllegalArgumentException("bad client policy " + this);
        }
    }

    /**
     * 250 ms per attempt, 2 s per operation: enough to ride out an election (150-300 ms) or two. The attempt bound
     * is loose because redirects during an election are quick; the deadline is what bounds an operation.
     */
    public static ClientPolicy defaults() {
        return new ClientPolicy(250, 50, 2_000, 1, 20);
    }
}
