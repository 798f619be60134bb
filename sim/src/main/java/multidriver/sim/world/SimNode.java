package multidriver.sim.world;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.Role;
import multidriver.server.Answer;
import multidriver.server.Outcome;
import multidriver.server.ServerBug;
import multidriver.server.ServerCore;
import multidriver.server.ServerOptions;
import multidriver.server.wal.WalCorruptionException;
import multidriver.server.wal.WalMissingException;
import multidriver.sim.disk.SimDisk;
import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;
import multidriver.sim.workload.OpKind;

/**
 * One simulated server process: the node's {@link ServerCore} — the same class the real node runs, with its WAL,
 * codec, request path and Ready loop — bound to a {@link SimDisk}, the simulated network (bytes) and simulated
 * time. This class adds only what a process adds: being up or down, paused, and restarted from its disk.
 *
 * <p>Outcomes: an exception out of the Raft core is a failed invariant and is reported as a
 * {@link SafetyViolation}. An I/O error (a failed fsync, a full disk) makes the process stop at once (fail-stop), as
 * the node's event loop does; the simulator restarts it later. A disk whose WAL is corrupt or missing makes the
 * process refuse to start: it stays down, like a real node, until the operator acts.
 */
final class SimNode {
    private static final int MAX_INBOX = 10_000;
    /** Small segments, so that schedules roll segments and recover across several of them. */
    static final long WAL_SEGMENT_BYTES = 32 * 1024;

    private final int id;
    /**
     * The Raft server this machine runs: {@code id} at first, and a new one each time the machine is replaced
     * ({@code id + generation * nodes}): a server that lost its disk must never come back under its old identity, or
     * its empty log would vote and acknowledge in configurations that counted the old one (thesis §4; etcd gives
     * every new member a fresh id for the same reason).
     */
    private int raftId;
    private int generation;
    private final int nodes;
    private final RaftConfig config;
    private final long seed;
    private final Set<ServerBug> bugs;
    private final long requestTimeoutMs;
    private final int maxSessions;
    /** Entries between the snapshots this server takes (0: none), as its ServerOptions say. */
    private final long snapshotEveryEntries;
    private long snapshotsTakenBefore;
    private long snapshotsInstalledBefore;
    private final NodeEnvironment env;
    private final SimDisk disk = new SimDisk();
    private final ArrayDeque<SimEvent> inbox = new ArrayDeque<>();
    /** Messages this node sent that were still in its socket buffers when a freezing pause struck. */
    private final ArrayDeque<SimEvent.Deliver> outbox = new ArrayDeque<>();
    private boolean outboundFrozen;

    private ServerCore core;
    private int incarnation;
    private boolean paused;
    private boolean bootstrapped;
    /** Wiped and started empty to join the running cluster: no bootstrap configuration (thesis §4.1). */
    private boolean joining;
    private String refusal;
    private boolean refusedForGood;
    private Role lastRole;
    private long lastTerm = -1;

    SimNode(int id, int nodes, RaftConfig config, long seed, Set<ServerBug> bugs, long requestTimeoutMs,
            int maxSessions, long snapshotEveryEntries, NodeEnvironment env) {
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.id = id;
        this.raftId = id;
        this.nodes = nodes;
        this.config = config;
        this.seed = seed;
        this.bugs = Set.copyOf(bugs);
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxSessions = maxSessions;
        this.env = env;
    }

    /** How a start ended: running; refused for good (corrupt or missing WAL); failed for now (an I/O error). */
    enum Start { STARTED, REFUSED, FAILED }

    /**
     * Boots (or reboots) from whatever the disk holds. Only the very first start may bootstrap an empty disk; later a
     * missing WAL is refused, as in the node.
     */
    Start start() {
        SplittableRandom random = new SplittableRandom(TraceHash.mix(seed ^ (raftId * 0x9E3779B97F4A7C15L) ^ incarnation));
        java.util.List<multidriver.core.raft.NodeId> all = new java.util.ArrayList<>();
        for (int i = 0; i < nodes; i++) all.add(multidriver.core.raft.NodeId.of(i));
        multidriver.core.raft.Membership bootstrap = joining ? multidriver.core.raft.Membership.EMPTY
                : multidriver.core.raft.Membership.ofVoters(all);
        ServerOptions options = new ServerOptions(raftId, bootstrap, config, "wal", WAL_SEGMENT_BYTES, !bootstrapped,
                requestTimeoutMs, false, maxSessions, ServerOptions.DEFAULT_SESSION_EXPIRY_ENTRIES, bugs,
                snapshotEveryEntries, 0);
        paused = false;
        try {
            core = ServerCore.open(options, disk, env, () -> env.nowMs() * 1_000_000L, random);
        } catch (WalCorruptionException | WalMissingException e) {
            core = null;
            refusal = e.getMessage();
            refusedForGood = true;
            return Start.REFUSED;
        } catch (IOException e) {
            core = null; // a read error, a full disk: the process exits; it may be tried again later
            refusal = e.toString();
            return Start.FAILED;
        } catch (RuntimeException e) {
            throw violation("restart from its disk", e);
        }
        bootstrapped = true;
        refusal = null;
        observeRole();
        return Start.STARTED;
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
        if (core != null) {
            snapshotsTakenBefore += core.snapshotsTaken();
            snapshotsInstalledBefore += core.snapshotsInstalled();
        }
        core = null;
        paused = false;
        inbox.clear();
        outbox.clear(); // a dead process's socket buffers are gone
        outboundFrozen = false;
        incarnation++;
        lastRole = null;
        lastTerm = -1;
        env.roleChanged(id, null, -1);
    }

    void tick() {
        try {
            core.tick();
            core.drain();
        } catch (IOException e) {
            failStop(e);
            return;
        } catch (RuntimeException e) {
            throw violation("tick", e);
        }
        observeRole();
    }

    /** Bytes from Raft server {@code from}, exactly as the network carried them. */
    void receive(int from, byte[] bytes) {
        try {
            if (!core.receive(from, bytes, 0, bytes.length)) {
                // Only our own codec produced these bytes, and the network does not corrupt them: a rejection is a
                // codec or addressing bug.
                throw new SafetyViolation("n" + id + " rejected " + bytes.length + " bytes from n" + from
                        + " that the simulated network delivered intact");
            }
            core.drain();
        } catch (IOException e) {
            failStop(e);
            return;
        } catch (SafetyViolation e) {
            throw e;
        } catch (RuntimeException e) {
            throw violation("receive from n" + from, e);
        }
        observeRole();
    }

    /**
     * An operator's leadership transfer (thesis §3.10), handed to the server core as the node's admin API would.
     * Returns whether the transfer started.
     */
    boolean transferLeadership(int target) {
        if (core == null) return false;
        boolean[] started = {false};
        long deadlineNs = (env.nowMs() + requestTimeoutMs) * 1_000_000L;
        return submitAndDrain(new multidriver.server.ClientRequest.TransferLeadership(target, deadlineNs,
                new Answer(outcome -> started[0] = outcome instanceof multidriver.server.Outcome.Done)),
                "leadership transfer to n" + target) && started[0];
    }

    /**
     * An operator's configuration change (thesis §4.1), handed to the server core as the node's admin API would;
     * {@code sink} gets the outcome (at once, or when the entry is applied, or never if the process dies first).
     */
    void changeMembership(multidriver.server.MembershipChange change, java.util.function.Consumer<Outcome> sink) {
        if (core == null) return;
        long deadlineNs = (env.nowMs() + requestTimeoutMs) * 1_000_000L;
        submitAndDrain(new multidriver.server.ClientRequest.ChangeMembership(change, deadlineNs, new Answer(sink)),
                "configuration change " + change);
    }

    /**
     * The machine is replaced: the process is gone, the disk is empty, and the next start joins as a new server with
     * a new id ({@link #raftId()}).
     */
    void wipe() {
        stop();
        disk.wipe();
        generation++;
        raftId = id + generation * nodes;
        bootstrapped = false;
        joining = true;
        refusal = null;
        refusedForGood = false;
    }

    /** A client request, handed to the server core as the node's HTTP layer would hand it. */
    void request(ClientRequest request) {
        long deadlineNs = (env.nowMs() + requestTimeoutMs) * 1_000_000L;
        Answer answer = new Answer(outcome -> answer(request, outcome));
        multidriver.server.ClientRequest r;
        // Each simulated client holds its own credential, as the node's HTTP layer would name it from a token: the
        // session it registers is bound to that owner.
        String owner = "c" + request.client();
        if (request.kind() == OpKind.READ) {
            r = new multidriver.server.ClientRequest.Read(request.keyName(), deadlineNs, answer);
        } else if (request.kind() == OpKind.REGISTER) {
            r = new multidriver.server.ClientRequest.Write(new KvCommand.Register(owner), deadlineNs, answer);
        } else {
            KvCommand command = request.kind() == OpKind.WRITE
                    ? new KvCommand.Put(request.session(), request.seq(), request.keyName(),
                    Long.toString(request.value()), owner)
                    : new KvCommand.Cas(request.session(), request.seq(), request.keyName(),
                    request.expected() == null ? null : Long.toString(request.expected()),
                    Long.toString(request.value()), owner);
            r = new multidriver.server.ClientRequest.Write(command, deadlineNs, answer);
        }
        submitAndDrain(r, "client request " + request);
    }

    /** Hands a request to the server core and runs its Ready loop; false when an I/O error stopped the server. */
    private boolean submitAndDrain(multidriver.server.ClientRequest r, String what) {
        try {
            core.submit(r);
            core.drain();
        } catch (IOException e) {
            failStop(e);
            return false;
        } catch (RuntimeException e) {
            throw violation(what, e);
        }
        observeRole();
        return true;
    }

    /**
     * The client-facing meaning of an outcome, as the node's HTTP layer gives it: a result, or "try elsewhere"
     * (with the leader this node knows of). A timed-out request gets no answer: the client's own timer fires.
     */
    private void answer(ClientRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            KvResult result = done.result();
            if (result == null) {
                // Only a write matched to another entry (a no-op) has no result: the server said "done".
                result = KvResult.ok(Long.toString(request.value()));
            }
            env.reply(ClientReply.result(request, result));
        } else if (outcome instanceof Outcome.NotLeader) {
            int hint = core == null ? -1 : core.raft().leader().map(l -> slotOf(l, nodes)).orElse(-1);
            env.reply(ClientReply.notLeader(request, hint == id ? -1 : hint));
        } else if (outcome instanceof Outcome.Unavailable) {
            env.reply(ClientReply.notLeader(request, -1));
        }
    }

    /** An I/O error inside the server: the process stops at once and never carries on (fsyncgate). */
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

    /** Holds an event that reached this node while it was paused; beyond the bound the event is lost. */
    void hold(SimEvent event) {
        if (inbox.size() < MAX_INBOX) inbox.addLast(event);
    }

    /** Ends a pause: what arrived meanwhile is taken out in arrival order. */
    List<SimEvent> resume() {
        paused = false;
        List<SimEvent> held = new ArrayList<>(inbox);
        inbox.clear();
        return held;
    }

    boolean isUp() {
        return core != null;
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

    /** The Raft server this machine runs now. */
    int raftId() {
        return raftId;
    }

    /** The machine that runs (or ran) Raft server {@code server} in a world of {@code nodes} machines. */
    static int slotOf(NodeId server, int nodes) {
        return server.value() % nodes;
    }

    /** The Raft state machine, or null while down. */
    RaftNode raft() {
        return core == null ? null : core.raft();
    }

    SimDisk disk() {
        return disk;
    }

    /** Whether the node refused to start from a corrupt or missing WAL: down until an operator replaces it. */
    boolean refusedForGood() {
        return refusedForGood;
    }

    /** Snapshots this server took, over all its incarnations. */
    long snapshotsTaken() {
        return snapshotsTakenBefore + (core == null ? 0 : core.snapshotsTaken());
    }

    /** Snapshots this server installed from a leader, over all its incarnations. */
    long snapshotsInstalled() {
        return snapshotsInstalledBefore + (core == null ? 0 : core.snapshotsInstalled());
    }

    long appliedIndex() {
        return core.stateMachine().appliedIndex();
    }

    java.util.SortedMap<String, String> state() {
        return core.stateMachine().contents();
    }

    /** Why the process is down when it could not start or stopped itself; null otherwise. */
    String refusal() {
        return refusal;
    }

    private void observeRole() {
        if (core == null) return;
        Role role = core.raft().role();
        long term = core.raft().term();
        if (role != lastRole || term != lastTerm) {
            lastRole = role;
            lastTerm = term;
            env.roleChanged(id, role, term);
        }
    }

    private SafetyViolation violation(String during, RuntimeException cause) {
        return new SafetyViolation("n" + id + " failed during " + during + ": " + cause, cause);
    }
}
