package multidriver.chaos.client;

/**
 * The client side of a chaos run.
 *
 * @param concurrency      client threads; client {@code i} sends to node {@code i % nodes} first
 * @param ratePerSec       target operations per second over all clients (each paces itself to its share)
 * @param clientsPerKey    clients that share one key at a time (Jepsen's independent concurrent generator)
 * @param opsPerKey        operations on one key before its group moves to a fresh key: bounds the checker's work
 * @param requestTimeoutMs one HTTP attempt
 * @param opDeadlineMs     all attempts of one operation
 * @param seed             seeds the op mix and values
 */
public record WorkloadSpec(int concurrency, double ratePerSec, int clientsPerKey, int opsPerKey,
                           long requestTimeoutMs, long opDeadlineMs, long seed) {
    public WorkloadSpec {
        if (concurrency < 1 || concurrency > 200) {
            throw new IllegalArgumentException("concurrency must be 1..200, got " + concurrency);
        }
        if (!(ratePerSec > 0) || ratePerSec > 10_000) {
            throw new IllegalArgumentException("ratePerSec must be in (0, 10000], got " + ratePerSec);
        }
        if (clientsPerKey < 1) {
            throw new IllegalArgumentException("clientsPerKey must be >= 1, got " + clientsPerKey);
        }
        if (opsPerKey < 1 || opsPerKey > 10_000) {
            throw new IllegalArgumentException("opsPerKey must be 1..10000, got " + opsPerKey);
        }
        if (requestTimeoutMs <= 0 || opDeadlineMs < requestTimeoutMs) {
            throw new IllegalArgumentException("need 0 < requestTimeoutMs <= opDeadlineMs, got "
                    + requestTimeoutMs + " and " + opDeadlineMs);
        }
    }

    /** Two clients per node, the rest as the chaos CLI's defaults. */
    public static WorkloadSpec defaults(int nodes, long seed) {
        return new WorkloadSpec(2 * nodes, 40, Math.min(2 * nodes, 5), 60, 1_000, 2_500, seed);
    }
}
