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
        /**
         * The healed core did not elect a leader or finish the pending operations in time, or, once it had, it kept
         * electing new leaders or took too long to answer while its network was stable.
         */
        LIVENESS,
        /** Once everything was healed and the clients stopped, the live replicas did not reach the same state. */
        CONVERGENCE
    }

    /**
     * What a shrunk schedule must still show: the kind and the first clause of the message with every number masked
     * ("leader completeness", "election safety", "event storm", "leader churn", ...), so that shrinking does not trade
     * the bug for another failure of the same kind.
     */
    public String category() {
        String head = message.split(":", 2)[0].replaceAll("\\d+", "#");
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + head;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (atMs >= 0 ? " at " + atMs + "ms" : "") + ": "
                + message;
    }
}
