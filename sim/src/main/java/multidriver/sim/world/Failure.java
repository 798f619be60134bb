package multidriver.sim.world;

/**
 * Why a schedule failed. {@code kind} is what a shrunk or replayed schedule must reproduce; {@code atMs} is the
 * simulated time of detection ({@code -1} for a verdict on the whole history).
 */
public record Failure(Kind kind, String message, long atMs) {
    public enum Kind {
        /** A Raft safety property or a core self-check broke (election safety, log matching, ...). */
        SAFETY,
        /** The recorded client history is not linearizable. */
        LINEARIZABILITY,
        /** The healed core did not elect a leader or finish the pending operations in time. */
        LIVENESS
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (atMs >= 0 ? " at " + atMs + "ms" : "") + ": "
                + message;
    }
}
