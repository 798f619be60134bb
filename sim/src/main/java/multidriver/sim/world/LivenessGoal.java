package multidriver.sim.world;

import multidriver.sim.api.NodeRole;
import multidriver.sim.workload.SimClient;

/**
 * The goal of the liveness phase (after the heal): the healed majority core follows a leader, and every client has
 * completed an operation it invoked after the heal. Raft promises progress once a majority can communicate (§5.2,
 * randomized timeouts make split votes resolve); faults left outside the core must not prevent it. A system whose
 * nodes report no roles ({@link NodeRole#UNKNOWN}) is held to the clients' half only.
 */
final class LivenessGoal {
    private final Schedule schedule;
    private final SimNode[] nodes;
    private final SimClient[] clients;

    LivenessGoal(Schedule schedule, SimNode[] nodes, SimClient[] clients) {
        this.schedule = schedule;
        this.nodes = nodes;
        this.clients = clients;
    }

    /**
     * The liveness goal: a leader in the core, and every client has completed (ok or fail) an operation it invoked
     * after the heal — ops are sequential per client, so whatever was pending at the heal has been resolved too.
     */
    boolean holds() {
        if (coreLeader() < 0) return false;
        for (SimClient client : clients) {
            if (!clientLive(client)) return false;
        }
        return true;
    }

    private boolean clientLive(SimClient client) {
        if (client.lastCompletedInvokedAtMs() >= schedule.healAtMs()) return true;
        return !client.isBusy() && !client.hasPlannedOps();
    }

    /**
     * At the liveness deadline: the goal, except that a client whose first operation since the heal came only in the
     * second half of the phase, and is still open, is not held against the cluster: it had no fair chance to be served
     * (this happens in shrunk schedules, whose clients have few operations left).
     */
    boolean holdsAtDeadline() {
        if (coreLeader() < 0) return false;
        long secondHalfMs = schedule.healAtMs() + (schedule.livenessBoundMs() + heldMessagesMs) / 2;
        for (SimClient client : clients) {
            if (clientLive(client)) continue;
            if (client.isBusy() && client.invokedAtMs() > secondHalfMs) continue;
            return false;
        }
        return true;
    }

    /** A client that gave up on an operation it invoked after the heal: the core did not serve it. */
    Failure earlyFailure(long nowMs) {
        for (SimClient client : clients) {
            if (client.lastInfoAtMs() >= schedule.healAtMs() && client.lastInfoInvokedAtMs() >= schedule.healAtMs()) {
                return new Failure(Failure.Kind.LIVENESS, "client c" + client.index() + " gave up (:info) on an"
                        + " operation invoked at " + client.lastInfoInvokedAtMs() + "ms, after the core "
                        + schedule.core() + " was healed at " + schedule.healAtMs() + "ms", nowMs);
            }
        }
        return null;
    }

    /**
     * A leader the healed core follows: a core node that leads, or the live leader a core node follows in the same
     * term (a leader outside the core is fine as long as the core is with it).
     */
    int coreLeader() {
        boolean anyRole = false;
        for (int id : schedule.core()) {
            NodeRole role = nodes[id].role();
            if (role == null || nodes[id].isPaused()) continue;
            if (!role.equals(NodeRole.UNKNOWN)) anyRole = true;
            if (role.role() == NodeRole.Role.LEADER) return id;
            int followed = role.leaderId() < 0 ? -1 : SimNode.slotOf(role.leaderId(), nodes.length);
            if (followed < 0) continue;
            NodeRole leader = nodes[followed].role();
            if (leader != null && !nodes[followed].isPaused() && leader.role() == NodeRole.Role.LEADER
                    && leader.term() == role.term()) {
                return followed;
            }
        }
        return anyRole || !rolesUnknown() ? -1 : NO_ROLES;
    }

    /** {@link #coreLeader} of a system without roles: there is no leader to ask for. */
    static final int NO_ROLES = Integer.MAX_VALUE;

    /** Whether every running node says nothing about leadership (and at least one runs). */
    private boolean rolesUnknown() {
        boolean running = false;
        for (SimNode node : nodes) {
            NodeRole role = node.role();
            if (role == null) continue;
            running = true;
            if (!role.equals(NodeRole.UNKNOWN)) return false;
        }
        return running;
    }

    /** The phase's bound plus the time slow links still delivered what they had held at the heal. */
    private long heldMessagesMs;

    /**
     * At the heal, links held messages back that arrive up to {@code ms} later (a slow link's queue drains after its
     * fault): the bound counts from when the network carries the present again, so the phase is that much longer.
     */
    void allowForHeldMessages(long ms) {
        heldMessagesMs = Math.max(0, ms);
    }

    /** When the phase ends: the heal, plus the bound, plus what the slow links still held. */
    long deadlineMs() {
        return schedule.healAtMs() + schedule.livenessBoundMs() + heldMessagesMs;
    }

    private String within() {
        return "within " + schedule.livenessBoundMs() + "ms of the heal at " + schedule.healAtMs() + "ms"
                + (heldMessagesMs > 0 ? " (plus " + heldMessagesMs + "ms while slow links delivered what they had held)"
                : "");
    }

    String reason() {
        if (coreLeader() < 0) {
            return "no leader in the healed core " + schedule.core() + " " + within();
        }
        StringBuilder stuck = new StringBuilder();
        for (SimClient client : clients) {
            if (!clientLive(client)) {
                stuck.append(stuck.length() == 0 ? "" : ", ").append("c").append(client.index())
                        .append(client.isBusy() ? " (op pending since " + client.invokedAtMs() + "ms)" : " (no op done)");
            }
        }
        String who = coreLeader() == NO_ROLES ? "the core is up" : "leader n" + coreLeader() + " elected";
        return who + ", but client operations did not complete " + within() + ": " + stuck;
    }
}
