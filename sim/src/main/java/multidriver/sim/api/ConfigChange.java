package multidriver.sim.api;

/** One single-server configuration change (thesis §4.1), as an operator asks the leader for it. */
public sealed interface ConfigChange {
    int nodeId();

    /** Adds {@code nodeId} as a learner. */
    record AddLearner(int nodeId) implements ConfigChange {
    }

    /** Makes learner {@code nodeId} a voter. */
    record Promote(int nodeId) implements ConfigChange {
    }

    /** Removes member {@code nodeId}. */
    record Remove(int nodeId) implements ConfigChange {
    }
}
