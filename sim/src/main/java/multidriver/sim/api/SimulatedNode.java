package multidriver.sim.api;

import java.io.IOException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node of your system, as the simulator runs it: a deterministic object driven by four inputs. The simulator makes
 * a new instance for every start of a process (a restart loses everything but the disk) and calls {@link #start}
 * first. All calls come from one thread, one at a time; between them the node does nothing. It must not read the wall
 * clock, an unseeded random generator, threads or hash-order iteration: everything it needs is in its
 * {@link NodeContext}. A run is then a function of its seed, and a failure replays.
 *
 * <p>What a callback may throw:
 * <ul>
 *   <li>{@link IOException}: the process stops at once (fail-stop after a failed fsync, a full disk); the simulator
 *       restarts it later from its disk.</li>
 *   <li>{@link RefusedToStart} from {@link #start}: the disk holds damage the node will not run on; the process stays
 *       down until the machine is replaced.</li>
 *   <li>Anything else is a bug in the node: the schedule fails with it as a safety violation.</li>
 * </ul>
 *
 * <p>Optional views, which enable more faults and checks: {@link #role} (leader-targeted faults, the liveness
 * goal's "a leader in the healed core", role lanes in the timeline), {@link #replica} (the convergence check and the
 * final reads of the converged state), {@link LeadershipTransfer} and {@link Reconfigurable} (the transfer and
 * membership faults).
 */
public interface SimulatedNode {
    /** The process starts (or restarts): {@code context} is its world until it stops. */
    void start(NodeContext context) throws IOException;

    /** Bytes a peer sent with {@link NodeContext#send}; the network may have delayed, reordered or duplicated them. */
    void onMessage(int fromNodeId, byte[] message) throws IOException;

    /** A timer set with {@link NodeContext#setTimer} fired (never one that was cancelled or set by an earlier start). */
    void onTimer(long timerId) throws IOException;

    /** A client's request; answer it, now or later, with {@link NodeContext#reply}, or never (the client times out). */
    void onRequest(KvRequest request) throws IOException;

    /** What this node believes about leadership; {@link NodeRole#UNKNOWN} when the system has no such notion. */
    default NodeRole role() {
        return NodeRole.UNKNOWN;
    }

    /**
     * One line of this node's state for the failure explorer's "state at an instant" (for a Raft node: term, vote,
     * commit index, log tail), or null for none. Called only while a failing schedule is replayed for its report; it
     * must not change the node.
     */
    default String describeState() {
        return null;
    }

    /** This node's replica for the convergence check, or null when the system does not offer one. */
    default Replica replica() {
        return null;
    }

    /** Counters for the run's summary (summed over all starts of the process), by name; sorted. */
    default SortedMap<String, Long> counters() {
        return new TreeMap<>();
    }
}
