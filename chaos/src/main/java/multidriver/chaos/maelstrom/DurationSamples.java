package multidriver.chaos.maelstrom;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Durations in nanoseconds, for the driver's own cost per message: bounded (a uniform sample of at most
 * {@code capacity} of them, by reservoir sampling, so a long run costs no more memory than a short one and its
 * quantiles still cover the whole run), thread-safe, summarised as quantiles.
 */
final class DurationSamples {
    private final long[] samples;
    private final SplittableRandom random = new SplittableRandom(0x5EED);
    private int kept;
    private long count;

    DurationSamples(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        samples = new long[capacity];
    }

    synchronized void add(long ns) {
        count++;
        long value = Math.max(0, ns); // a clock read on two threads may disagree by a little: never a negative cost
        if (kept < samples.length) {
            samples[kept++] = value;
        } else {
            long slot = random.nextLong(count); // Algorithm R: the n-th value replaces one with probability k/n
            if (slot < samples.length) samples[(int) slot] = value;
        }
    }

    synchronized long count() {
        return count;
    }

    /** The {@code q}-quantile (0..1) of the sample in microseconds, or -1 when there is none. */
    synchronized long quantileUs(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        if (kept == 0) return -1;
        long[] sorted = Arrays.copyOf(samples, kept);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(kept - 1, Math.floor(q * kept))] / 1_000;
    }
}
