package multidriver.sim.world;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import multidriver.sim.api.ConfigChange;
import multidriver.sim.api.Configuration;
import multidriver.sim.api.KvReply;
import multidriver.sim.api.KvRequest;
import multidriver.sim.api.LeadershipTransfer;
import multidriver.sim.api.NodeContext;
import multidriver.sim.api.NodeRole;
import multidriver.sim.api.Reconfigurable;
import multidriver.sim.api.RefusedToStart;
import multidriver.sim.api.Replica;
import multidriver.sim.api.SimulatedNode;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.disk.SimDisk;
import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;

/**
 * One simulated machine and the process on it: a {@link SimulatedNode} of the system under test (for the project's
 * own Raft, the node's {@code ServerCore}: see {@code multidriver.sim.raft}), bound to a {@link SimDisk}, the
 * simulated network (bytes) and this machine's clock, through the public {@link NodeContext} only. This class adds
 * what a process adds: being up or down, paused, and restarted from its disk.
 *
 * <p>Outcomes: an exception out of the node is a bug and is reported as a {@link SafetyViolation}. An
 * {@link IOException} makes the process stop at once (fail-stop); the simulator restarts it later. A
 * {@link RefusedToStart} keeps it down, like a real node, until the operator replaces the machine.
 */
final class SimNode {
    private static final int MAX_INBOX = 10_000;
    /**
     * The machine clocks do not start at zero (a node must not take "0" for "never"); a multiple of the tick, so
     * that the Raft node's ticks fall on the same grid as the machine's clock phase.
     */
    static final long LOCAL_EPOCH_MS = 1_000_000L * Simulation.TICK_MS;

    private final int id;
    /**
     * The node this machine runs: {@code id} at first, and a new one each time the machine is replaced
     * ({@code id + generation * nodes}): a server that lost its disk must never come back under its old identity, or
     * its empty log would vote and acknowledge in configurations that counted the old one (thesis §4; etcd gives
     * every new member a fresh id for the same reason).
     */
    private int nodeId;
    private int generation;
    private final int nodes;
    private final long seed;
    private final SimulatedSystem system;
    /** This machine's clock: local = epoch + (global - phase) * TICK / period (offset and skew). */
    private final double clockPhaseMs;
    private final double clockPeriodMs;
    private final NodeEnvironment env;
    private final SimDisk disk = new SimDisk();
    private final ArrayDeque<SimEvent> inbox = new ArrayDeque<>();
    /** Messages this node sent that were still in its socket buffers when a freezing pause struck. */
    private final ArrayDeque<SimEvent.Deliver> outbox = new ArrayDeque<>();
    private final TreeSet<Long> pendingTimers = new TreeSet<>();
    private final TreeMap<String, Long> countersBefore = new TreeMap<>();
    private final List<Integer> peerIds;
    private boolean outboundFrozen;

    private SimulatedNode node;
    private Context context;
    private int incarnation;
    private long nextTimerId = 1;
    private boolean paused;
    private boolean bootstrapped;
    /** Wiped and started empty to join the running cluster: no bootstrap configuration (thesis §4.1). */
    private boolean joining;
    private String refusal;
    private boolean refusedForGood;
    private NodeRole lastRole;

    SimNode(int id, int nodes, long seed, SimulatedSystem system, double clockPhaseMs, double clockPeriodMs,
            NodeEnvironment env) {
        this.id = id;
        this.nodeId = id;
        this.nodes = nodes;
        this.seed = seed;
        this.system = system;
        this.clockPhaseMs = clockPhaseMs;
        this.clockPeriodMs = clockPeriodMs;
        this.env = env;
        List<Integer> peers = new ArrayList<>();
        for (int i = 0; i < nodes; i++) if (i != id) peers.add(i);
        this.peerIds = List.copyOf(peers);
    }

    /** How a start ended: running; refused for good (corrupt or missing log); failed for now (an I/O error). */
    enum Start { STARTED, REFUSED, FAILED }

    /** Boots (or reboots) a fresh node object from whatever the disk holds. */
    Start start() {
        SplittableRandom random = new SplittableRandom(TraceHash.mix(seed ^ (nodeId * 0x9E3779B97F4A7C15L) ^ incarnation));
        paused = false;
        pendingTimers.clear();
        node = system.newNode(id, nodeId);
        context = new Context(random, !bootstrapped, joining);
        try {
            node.start(context);
        } catch (RefusedToStart e) {
            abortStart();
            refusal = e.getMessage();
            refusedForGood = true;
            return Start.REFUSED;
        } catch (IOException e) {
            abortStart(); // a read error, a full disk: the process exits; it may be tried again later
            refusal = e.toString();
            return Start.FAILED;
        } catch (RuntimeException e) {
            // The node object is half-built: the run's summary must not ask it for counters or a role.
            abortStart();
            throw violation("restart from its disk", e);
        }
        bootstrapped = true;
        refusal = null;
        observeRole();
        return Start.STARTED;
    }

    private void abortStart() {
        node = null;
        context = null;
        pendingTimers.clear();
        incarnation++; // what the failed start scheduled dies with it
    }

    /** Power off: the process is gone, the disk loses what was not synced (tearing it with {@code tear}). */
    void crash(boolean tear, SplittableRandom random) {
        stop();
        disk.crash(random, tear);
    }

    /**
     * kill -9: the process is gone, the machine is not. What the process wrote is still in the page cache, durable
     * or not, and its next incarnation reads it back (a restart must not trust that it is on disk).
     */
    void kill() {
        stop();
    }

    private void stop() {
        if (node != null) {
            for (var e : node.counters().entrySet()) countersBefore.merge(e.getKey(), e.getValue(), Long::sum);
        }
        node = null;
        context = null;
        paused = false;
        inbox.clear();
        outbox.clear(); // a dead process's socket buffers are gone
        pendingTimers.clear();
        outboundFrozen = false;
        incarnation++;
        lastRole = null;
        env.roleChanged(id, null);
    }

    /** Timer {@code timerId} fires (if it is still pending: not cancelled, not of an earlier incarnation). */
    void timer(long timerId) {
        if (!pendingTimers.remove(timerId)) return;
        call("timer", n -> n.onTimer(timerId));
    }

    /** Bytes from node {@code fromId}, exactly as the network carried them. */
    void receive(int fromId, byte[] bytes) {
        call("receive from n" + fromId, n -> n.onMessage(fromId, bytes));
    }

    /** A client request, handed to the node as a client library would send it. */
    void request(ClientRequest request) {
        KvRequest.Kind kind = switch (request.kind()) {
            case READ -> KvRequest.Kind.READ;
            case WRITE -> KvRequest.Kind.WRITE;
            case CAS -> KvRequest.Kind.CAS;
            case REGISTER -> KvRequest.Kind.OPEN_SESSION;
        };
        KvRequest kv = new KvRequest(request.client(), request.attemptId(), kind, request.keyName(),
                request.value(), request.expected(), request.session(),
                request.seq());
        call("client request " + request, n -> n.onRequest(kv));
    }

    /** An operator's leadership transfer (thesis §3.10); whether it started (false: the node cannot transfer). */
    boolean transferLeadership(int targetNodeId) {
        if (!(node instanceof LeadershipTransfer transfer)) return false;
        boolean[] started = {false};
        call("leadership transfer to n" + targetNodeId, n -> started[0] = transfer.transferLeadership(targetNodeId));
        return started[0];
    }

    /** The configuration this node uses, or null (down, or the system has no configurations). */
    Configuration configuration() {
        return node instanceof Reconfigurable r ? r.configuration() : null;
    }

    /** An operator's configuration change (thesis §4.1); {@code done} gets the outcome, or nothing. */
    void changeMembership(ConfigChange change, Consumer<Boolean> done) {
        if (!(node instanceof Reconfigurable r)) return;
        call("configuration change " + change, n -> r.changeMembership(change, done));
    }

    private interface NodeCall {
        void run(SimulatedNode node) throws IOException;
    }

    /** Runs one input on the node; an I/O error stops the process, anything else is a bug. */
    private void call(String what, NodeCall input) {
        if (node == null) return;
        try {
            input.run(node);
        } catch (IOException e) {
            failStop(e);
            return;
        } catch (SafetyViolation | multidriver.sim.workload.WrongAnswer e) {
            throw e;
        } catch (RuntimeException e) {
            throw violation(what, e);
        }
        observeRole();
    }

    /**
     * The machine is replaced: the process is gone, the disk is empty, and the next start joins as a new node with a
     * new id ({@link #nodeId()}).
     */
    void wipe() {
        stop();
        disk.wipe();
        generation++;
        nodeId = id + generation * nodes;
        bootstrapped = false;
        joining = true;
        refusal = null;
        refusedForGood = false;
    }

    /** An I/O error inside the node: the process stops at once and never carries on (fsyncgate). */
    private void failStop(IOException e) {
        refusal = "stopped after an I/O error: " + e.getMessage();
        env.failStopped(id, e);
    }

    /** Freezes the process; with {@code freezeOutbound} what it already sent waits in its buffers too. */
    void pause(boolean freezeOutbound) {
        paused = true;
        outboundFrozen = freezeOutbound;
    }

    /** Whether a message this node sent must wait for it to wake (held by {@link #holdOutbound}). */
    boolean outboundFrozen() {
        return paused && outboundFrozen;
    }

    void holdOutbound(SimEvent.Deliver delivery) {
        if (outbox.size() < MAX_INBOX) outbox.addLast(delivery);
    }

    /** What waited in the frozen process's buffers; it leaves now that the process wakes. */
    List<SimEvent.Deliver> releaseOutbound() {
        List<SimEvent.Deliver> held = new ArrayList<>(outbox);
        outbox.clear();
        outboundFrozen = false;
        return held;
    }

    /**
     * Holds an event that reached this node while it was paused; beyond the bound the event is lost. A timer is
     * always held (they are bounded by {@link NodeContext#MAX_TIMERS}): it fires late, when the process wakes.
     */
    void hold(SimEvent event) {
        if (inbox.size() < MAX_INBOX || event instanceof SimEvent.Timer) inbox.addLast(event);
    }

    /** Ends a pause: what arrived meanwhile is taken out in arrival order. */
    List<SimEvent> resume() {
        paused = false;
        List<SimEvent> held = new ArrayList<>(inbox);
        inbox.clear();
        return held;
    }

    boolean isUp() {
        return node != null;
    }

    boolean isPaused() {
        return paused;
    }

    int incarnation() {
        return incarnation;
    }

    int id() {
        return id;
    }

    /** The node this machine runs now. */
    int nodeId() {
        return nodeId;
    }

    /** The machine that runs (or ran) node {@code nodeId} in a world of {@code nodes} machines. */
    static int slotOf(int nodeId, int nodes) {
        return Math.floorMod(nodeId, nodes);
    }

    /** The running node object, or null while down. */
    SimulatedNode node() {
        return node;
    }

    /** What the running node believes about leadership, or null while down. */
    NodeRole role() {
        return node == null ? null : node.role();
    }

    /** The running node's replica view, or null (down, or not offered). */
    Replica replica() {
        return node == null ? null : node.replica();
    }

    SimDisk disk() {
        return disk;
    }

    /** Whether the node refused to start from its disk: down until an operator replaces the machine. */
    boolean refusedForGood() {
        return refusedForGood;
    }

    /** The node's counters over all its incarnations. */
    SortedMap<String, Long> counters() {
        TreeMap<String, Long> all = new TreeMap<>(countersBefore);
        if (node != null) for (var e : node.counters().entrySet()) all.merge(e.getKey(), e.getValue(), Long::sum);
        return all;
    }

    /** Why the process is down when it could not start or stopped itself; null otherwise. */
    String refusal() {
        return refusal;
    }

    /** This machine's clock at simulated time {@code globalMs}. */
    long localMs(long globalMs) {
        return LOCAL_EPOCH_MS + (long) Math.floor((globalMs - clockPhaseMs) * Simulation.TICK_MS / clockPeriodMs);
    }

    /** The simulated time at which this machine's clock reads {@code localMs} (the first whole ms at or after). */
    long globalMs(long localMs) {
        return (long) Math.ceil(clockPhaseMs + (localMs - LOCAL_EPOCH_MS) * clockPeriodMs / Simulation.TICK_MS);
    }

    private void observeRole() {
        if (node == null) return;
        NodeRole role = node.role();
        if (!role.equals(lastRole)) {
            lastRole = role;
            env.roleChanged(id, role);
        }
    }

    private SafetyViolation violation(String during, RuntimeException cause) {
        return new SafetyViolation("n" + id + " failed during " + during + ": " + cause, cause);
    }

    /** The node's world for one start; calls after the process stopped are ignored. */
    private final class Context implements NodeContext {
        private final SplittableRandom random;
        private final int startedIncarnation = incarnation;
        private final boolean firstStart;
        private final boolean joiningCluster;

        Context(SplittableRandom random, boolean firstStart, boolean joiningCluster) {
            this.random = random;
            this.firstStart = firstStart;
            this.joiningCluster = joiningCluster;
        }

        private boolean live() {
            return context == this && incarnation == startedIncarnation;
        }

        @Override
        public int nodeId() {
            return nodeId;
        }

        @Override
        public List<Integer> peerIds() {
            return peerIds;
        }

        @Override
        public boolean joining() {
            return joiningCluster;
        }

        @Override
        public boolean firstStart() {
            return firstStart;
        }

        @Override
        public void send(int toNodeId, byte[] message) {
            if (toNodeId < 0) throw new IllegalArgumentException("n" + nodeId + " sent to node " + toNodeId);
            if (message == null) throw new IllegalArgumentException("n" + nodeId + " sent no bytes");
            if (live()) env.send(id, nodeId, toNodeId, message.clone());
        }

        @Override
        public long nowMs() {
            return localMs(env.nowMs());
        }

        @Override
        public long setTimer(long delayMs) {
            if (delayMs < 0) throw new IllegalArgumentException("n" + nodeId + " set a timer " + delayMs + "ms ago");
            if (!live()) return -1;
            if (pendingTimers.size() >= MAX_TIMERS) {
                throw new IllegalStateException("n" + nodeId + " has " + MAX_TIMERS + " timers pending (the bound)");
            }
            long timerId = nextTimerId++;
            pendingTimers.add(timerId);
            env.scheduleTimer(id, incarnation, timerId, Math.max(env.nowMs(), globalMs(nowMs() + delayMs)));
            return timerId;
        }

        @Override
        public void cancelTimer(long timerId) {
            if (live()) pendingTimers.remove(timerId);
        }

        @Override
        public java.util.random.RandomGenerator random() {
            return random;
        }

        @Override
        public multidriver.server.io.FileSystem disk() {
            return disk;
        }

        @Override
        public void reply(KvRequest request, KvReply reply) {
            if (reply == null) throw new IllegalArgumentException("n" + nodeId + " answered " + request + " with null");
            if (!live()) return;
            if (reply instanceof KvReply.NotLeader notLeader) {
                int hint = notLeader.leaderHint();
                reply = new KvReply.NotLeader(hint < 0 ? -1 : slotOf(hint, nodes));
            }
            env.reply(new ClientReply(request.client(), request.requestId(), reply));
        }
    }
}
