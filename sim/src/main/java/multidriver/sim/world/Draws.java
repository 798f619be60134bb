package multidriver.sim.world;

/**
 * Stateless randomness: a draw is a hash of the schedule's seed and of what it decides (which link, which message of
 * that link in that millisecond, which client attempt), not the next number of a shared stream. Removing one client
 * operation while shrinking then changes only the draws of the messages it really changes, instead of shifting every
 * later draw of the run — which is what lets a fragile failure survive shrinking.
 */
final class Draws {
    private final long seed;

    Draws(long seed) {
        this.seed = TraceHash.mix(seed ^ 0x5DEECE66DL);
    }

    /** A 64-bit value for the decision named by {@code a, b, c, d}. */
    long bits(long a, long b, long c, long d) {
        long h = TraceHash.mix(seed ^ a);
        h = TraceHash.mix(h ^ b * 0x9E3779B97F4A7C15L);
        h = TraceHash.mix(h ^ c * 0xC2B2AE3D27D4EB4FL);
        return TraceHash.mix(h ^ d * 0x165667B19E3779F9L);
    }

    /** A uniform double in [0, 1) for the decision named by {@code a, b, c, d}. */
    double uniform(long a, long b, long c, long d) {
        return (bits(a, b, c, d) >>> 11) * 0x1.0p-53;
    }
}
