package multidriver.sim.world;

import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;

/**
 * Everything that can happen in the simulated world. Each event names the incarnation of the node it concerns
 * where that matters, so that timers of a crashed incarnation die with it.
 */
public sealed interface SimEvent {
    /** Timer {@code timerId} that incarnation {@code incarnation} of machine {@code node}'s process set fires. */
    record Timer(int node, int incarnation, long timerId) implements SimEvent {
    }

    /**
     * A node's message (for the project's Raft: a Raft message, or a client request a follower forwards to its leader
     * and the reply, as the bytes the codec made of it) reaches its destination: {@code from} and {@code to} are the
     * machines (slots) it travels between, {@code fromId} and {@code toId} the nodes (a replaced machine runs a
     * new node, and mail for the old one is not delivered to it). {@code sentMs} is when it left the sender (for the
     * explorer's arrows; the trace hash does not read it).
     */
    record Deliver(int from, int to, int fromId, int toId, byte[] bytes, long sentMs) implements SimEvent {
        /** The decoded message when it is one of the project's frames (only built for traces and reports). */
        @Override
        public String toString() {
            try {
                Object decoded = multidriver.server.codec.ForwardCodec.isForward(bytes, 0, bytes.length)
                        ? multidriver.server.codec.ForwardCodec.fromBytes(bytes, 0, bytes.length)
                        : multidriver.server.codec.MessageCodec.fromBytes(bytes, 0, bytes.length);
                return "Deliver[" + decoded + "]";
            } catch (java.io.IOException | RuntimeException e) { // not one of the project's frames
                return "Deliver[from=n" + fromId + ", to=n" + toId + ", " + bytes.length + " bytes]";
            }
        }
    }

    /** A client request reaches a node. */
    record Request(int node, ClientRequest request) implements SimEvent {
    }

    /** A node's answer reaches its client. */
    record Reply(ClientReply reply) implements SimEvent {
    }

    /** A client's attempt timer fires. */
    record ClientTimeout(int client, long attemptId) implements SimEvent {
    }

    /** A client may start its next operation. */
    record ClientWake(int client) implements SimEvent {
    }

    /** Fault {@code index} of the schedule starts. */
    record FaultStart(int index) implements SimEvent {
    }

    /** Fault {@code index} of the schedule ends. */
    record FaultEnd(int index) implements SimEvent {
    }

    /** The liveness phase starts: the core is healed. */
    record Heal() implements SimEvent {
    }

    /** A kill-leaders fault strikes {@code node} if it is still the leader of {@code term}. */
    record KillLeader(int node, int incarnation, long term, int faultIndex) implements SimEvent {
    }

    /** A node that is down (killed as leader, or stopped after an I/O error) is started again. */
    record Restart(int node) implements SimEvent {
    }

    /** The membership operator looks at the cluster again (retries its current step); {@code generation} dates it. */
    record OperatorWake(long generation) implements SimEvent {
    }
}
