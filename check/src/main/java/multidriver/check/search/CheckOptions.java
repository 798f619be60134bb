package multidriver.check.search;

/**
 * How to check.
 *
 * @param independent     values are Jepsen {@code [k v]} tuples; check each key as its own register
 * @param maxSearchSteps  deterministic budget per partition (search loop iterations); exceeded gives UNKNOWN
 * @param maxMemoBytes    memory budget per partition for the memo table (fixed, not derived from the heap, so
 *                        verdicts do not depend on the machine); exceeded gives UNKNOWN
 * @param deadlineNs      {@link System#nanoTime()} deadline, or 0 for none; the only wall-clock input, for CLIs
 *                        (never use it in the simulator: it makes verdicts depend on machine speed)
 * @param parallelism     threads for checking partitions; 1 = the caller's thread only (required in the simulator)
 */
public record CheckOptions(boolean independent, long maxSearchSteps, long maxMemoBytes, long deadlineNs,
                           int parallelism) {
    /** Default step budget: large enough for every corpus history by a wide margin. */
    public static final long DEFAULT_MAX_SEARCH_STEPS = 2_000_000_000L;
    /** Default memo budget per partition. */
    public static final long DEFAULT_MAX_MEMO_BYTES = 512L * 1024 * 1024;

    public CheckOptions {
        if (maxSearchSteps <= 0) {
            throw new IllegalArgumentException("maxSearchSteps must be > 0, got " + maxSearchSteps);
        }
        if (maxMemoBytes <= 0) {
            throw new IllegalArgumentException("maxMemoBytes must be > 0, got " + maxMemoBytes);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
    }

    /** Single key, single thread, default budgets, no deadline. */
    public static CheckOptions defaults() {
        return new CheckOptions(false, DEFAULT_MAX_SEARCH_STEPS, DEFAULT_MAX_MEMO_BYTES, 0L, 1);
    }

    public CheckOptions withIndependent(boolean value) {
        return new CheckOptions(value, maxSearchSteps, maxMemoBytes, deadlineNs, parallelism);
    }

    public CheckOptions withMaxSearchSteps(long value) {
        return new CheckOptions(independent, value, maxMemoBytes, deadlineNs, parallelism);
    }

    public CheckOptions withMaxMemoBytes(long value) {
        return new CheckOptions(independent, maxSearchSteps, value, deadlineNs, parallelism);
    }

    public CheckOptions withDeadlineNs(long value) {
        return new CheckOptions(independent, maxSearchSteps, maxMemoBytes, value, parallelism);
    }

    public CheckOptions withParallelism(int value) {
        return new CheckOptions(independent, maxSearchSteps, maxMemoBytes, deadlineNs, value);
    }
}
