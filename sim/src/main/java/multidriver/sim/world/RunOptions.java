package multidriver.sim.world;

/**
 * How much to record while running a schedule. Campaign runs record nothing extra; replays and shrunk schedules
 * record the timeline for the HTML report; {@code --check-determinism} records every step of the trace.
 *
 * @param maxSearchSteps deterministic budget of the linearizability search per key (never wall time, so the
 *                       verdict is a function of the seed)
 */
public record RunOptions(boolean recordTimeline, boolean recordTrace, boolean checkLinearizability,
                         long maxSearchSteps) {
    public static final long DEFAULT_MAX_SEARCH_STEPS = 2_000_000;

    public static RunOptions campaign() {
        return new RunOptions(false, false, true, DEFAULT_MAX_SEARCH_STEPS);
    }

    public RunOptions withTimeline() {
        return new RunOptions(true, recordTrace, checkLinearizability, maxSearchSteps);
    }

    public RunOptions withMaxSearchSteps(long steps) {
        return new RunOptions(recordTimeline, recordTrace, checkLinearizability, steps);
    }

    public RunOptions withTrace() {
        return new RunOptions(recordTimeline, true, checkLinearizability, maxSearchSteps);
    }
}
