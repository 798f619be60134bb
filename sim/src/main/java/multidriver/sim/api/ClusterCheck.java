package multidriver.sim.api;

/**
 * An invariant of your system across its nodes, checked after every event that touched a node (always on). Throw
 * any exception to fail the schedule as a safety violation; its message is the report's. One instance per schedule.
 */
public interface ClusterCheck {
    /** Node process {@code machine} (0..nodes-1) just handled an event and is running {@code node}. */
    void afterStep(int machine, SimulatedNode node);
}
