package multidriver.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * A rolling hash over every event a run processes (time, kind and content). Two runs of the same schedule must end
 * with the same value; when {@code recordSteps} is on, the running value after each event and a description of it
 * are kept so that {@code --check-determinism} can name the first event where two runs diverge.
 */
public final class TraceHash {
    private static final int MAX_RECORDED_STEPS = 2_000_000;
    private final boolean recordSteps;
    private final List<String> descriptions = new ArrayList<>();
    private long[] values = new long[0];
    private long hash = 0x9E3779B97F4A7C15L;
    private long count;

    public TraceHash(boolean recordSteps) {
        this.recordSteps = recordSteps;
        if (recordSteps) values = new long[1024];
    }

    /** Folds one event in; {@code description} is only evaluated when steps are recorded. */
    public void add(long atMs, int kind, long contentHash, java.util.function.Supplier<String> description) {
        hash = mix(hash ^ mix(atMs * 31 + kind) ^ contentHash);
        if (recordSteps && count < MAX_RECORDED_STEPS) {
            if (count == values.length) values = java.util.Arrays.copyOf(values, values.length * 2);
            values[(int) count] = hash;
            descriptions.add(atMs + "ms " + description.get());
        }
        count++;
    }

    public long value() {
        return hash;
    }

    public long count() {
        return count;
    }

    /** Index of the first step where the two recorded traces differ, or -1 when they agree. */
    public static long firstDivergence(TraceHash a, TraceHash b) {
        long common = Math.min(Math.min(a.count, b.count), MAX_RECORDED_STEPS);
        for (int i = 0; i < common; i++) {
            if (a.values[i] != b.values[i]) return i;
        }
        return a.count == b.count && a.hash == b.hash ? -1 : common;
    }

    /** The description of recorded step {@code index}, or a placeholder past the end. */
    public String describe(long index) {
        return index < descriptions.size() ? descriptions.get((int) index) : "(no event: trace ended)";
    }

    /** Combines hashes in order, e.g. the trace hashes of a campaign's schedules in seed order. */
    public static long combine(long accumulated, long next) {
        return mix(accumulated * 0x100000001B3L ^ next);
    }

    /** SplitMix64's finaliser: a cheap, well-mixing, deterministic 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
