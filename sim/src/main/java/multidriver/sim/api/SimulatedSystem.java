package multidriver.sim.api;

import java.util.List;

/**
 * Your system, as the simulator builds it: a factory of nodes and the checks across them. The simulator supplies the
 * network, the disks, the clocks, the faults and the clients; it checks your invariants after every event,
 * linearizability of the clients' history (a compare-and-set register per key) at the end, liveness after the heal
 * and, when the nodes offer a {@link Replica}, convergence.
 */
public interface SimulatedSystem {
    /** A fresh node object for one start of process {@code machine} running node {@code nodeId}. */
    SimulatedNode newNode(int machine, int nodeId);

    /** Checks for one schedule (fresh instances each time). */
    default List<ClusterCheck> checks() {
        return List.of();
    }

    /** Whether clients open a session before their first write (and then number their operations in it). */
    default boolean sessions() {
        return false;
    }

    /**
     * How the failure explorer labels {@code message} (bytes one of your nodes sent with {@link NodeContext#send}),
     * or null to show it as a plain "message" arrow. Called only while a failing schedule is replayed for its report.
     */
    default MessageView describeMessage(byte[] message) {
        return null;
    }

    /** A short name for reports. */
    default String name() {
        return getClass().getSimpleName();
    }
}
