package multidriver.chaos.nemesis;

/**
 * When faults happen: a quiet gap, a fault held for a while, a quiet gap, ... until the end.
 *
 * @param quietMs  time without a fault before each fault
 * @param faultMs  how long each fault is held before it is stopped
 */
public record NemesisSchedule(long quietMs, long faultMs) {
    public NemesisSchedule {
        if (quietMs < 0 || faultMs <= 0) {
            throw new IllegalArgumentException("need quietMs >= 0 and faultMs > 0, got " + quietMs + " and " + faultMs);
        }
    }
}
