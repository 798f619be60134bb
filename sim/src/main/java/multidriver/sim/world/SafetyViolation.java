package multidriver.sim.world;

/** A broken safety property, found while the schedule runs (from the core's own checks or the simulator's). */
public final class SafetyViolation extends RuntimeException {
    public SafetyViolation(String message, Throwable cause) {
        super(message, cause);
    }

    public SafetyViolation(String message) {
        super(message);
    }
}
