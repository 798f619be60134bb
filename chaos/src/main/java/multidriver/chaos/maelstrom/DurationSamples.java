package multidriver.chaos.maelstrom;

import java.util.Arrays;

/**
 * Durations in nanoseconds, for the driver's own cost per message: bounded (the first {@code capacity} are kept, the
 * rest only counted, so a long run costs no more memory than a short one), thread-safe, summarised as quantiles.
 */
final class DurationSamples {
    private final long[] samples;
    private int kept;
    private long count;

    DurationSamples(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        samples = new long[capacity];
    }

    synchronized void add(long ns) {
        count++;
        if (kept < samples.length) samples[kept++] = Math.max(0, ns);
    }

    synchronized long count() {
        return count;
    }

    /** The {@code q}-quantile (0..1) of the kept samples in microseconds, or -1 when there are none. */
    synchronized long quantileUs(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        if (kept == 0) return -1;
        long[] sorted = Arrays.copyOf(samples, kept);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(kept - 1, Math.floor(q * kept))] / 1_000;
    }
}
