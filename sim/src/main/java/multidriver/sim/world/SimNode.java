package multidriver.sim.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvStateMachine;
import multidriver.core.log.Entry;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.ReadState;
import multidriver.core.raft.Ready;
import multidriver.core.raft.RecoveredState;
import multidriver.core.raft.RequestId;
import multidriver.core.raft.Role;
import multidriver.core.raft.message.Message;
import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;

/**
 * One simulated server: a {@link RaftNode}, its {@link KvStateMachine}, its {@link SimStorage}, and the driver loop
 * that connects them in the order of the Ready contract — persist (and sync when {@code mustSync}), THEN send,
 * then apply, then answer reads, then advance. With the ack-before-fsync bug the sync is deferred to a background
 * flush, so messages go out before the state they vouch for is durable.
 *
 * <p>Any exception out of the core is a failed invariant of the core (it checks itself after every call) and is
 * reported as a {@link SafetyViolation}.
 */
final class SimNode {
    private static final int MAX_INBOX = 10_000;
    private static final int MAX_PENDING_REQUESTS = 1_000;

    private final int id;
    private final List<NodeId> peers;
    private final RaftConfig config;
    private final long seed;
    private final boolean ackBeforeFsync;
    private final NodeEnvironment env;
    private final SimStorage storage = new SimStorage();
    private final ArrayDeque<SimEvent> inbox = new ArrayDeque<>();
    /** Proposed writes by log index, with the term they were proposed in. */
    private final TreeMap<Long, ProposedWrite> pendingWrites = new TreeMap<>();
    private final TreeMap<Long, ClientRequest> pendingReads = new TreeMap<>();
    private final TreeMap<Long, List<ClientRequest>> readsAwaitingApply = new TreeMap<>();

    private RaftNode raft;
    private KvStateMachine kv;
    private int incarnation;
    private boolean paused;
    private long nextReadId;
    private Role lastRole;
    private long lastTerm = -1;

    SimNode(int id, int nodes, RaftConfig config, long seed, boolean ackBeforeFsync, NodeEnvironment env) {
        this.id = id;
        List<NodeId> others = new ArrayList<>();
        for (int n = 0; n < nodes; n++) if (n != id) others.add(NodeId.of(n));
        this.peers = List.copyOf(others);
        this.config = config;
        this.seed = seed;
        this.ackBeforeFsync = ackBeforeFsync;
        this.env = env;
    }

    /** Boots (or reboots) from whatever the storage holds. */
    void start() {
        RecoveredState recovered = storage.recover();
        // A fresh generator per incarnation: a restarted server draws new election timeouts.
        SplittableRandom random = new SplittableRandom(TraceHash.mix(seed ^ (id * 0x9E3779B97F4A7C15L) ^ incarnation));
        try {
            raft = new RaftNode(NodeId.of(id), peers, config, random, recovered);
        } catch (RuntimeException e) {
            throw violation("restart from storage (term " + recovered.hardState().term() + ", " + recovered.log().size()
                    + " entries)", e);
        }
        kv = KvStateMachine.withDefaults();
        paused = false;
        drain();
    }

    /** Power off: volatile state is gone; the disk loses what was not synced. */
    void crash(boolean tornWrite, SplittableRandom random) {
        raft = null;
        kv = null;
        paused = false;
        inbox.clear();
        pendingWrites.clear();
        pendingReads.clear();
        readsAwaitingApply.clear();
        incarnation++;
        lastRole = null;
        lastTerm = -1;
        storage.crash(tornWrite, random);
        env.roleChanged(id, null, -1);
    }

    void tick() {
        try {
            raft.tick();
        } catch (RuntimeException e) {
            throw violation("tick", e);
        }
        drain();
    }

    void step(Message message) {
        try {
            raft.step(message);
        } catch (RuntimeException e) {
            throw violation("step " + message, e);
        }
        drain();
    }

    /** A client request: leaders propose writes and start ReadIndex reads; others redirect. */
    void request(ClientRequest request) {
        if (raft.role() != Role.LEADER) {
            env.reply(ClientReply.notLeader(request, raft.leader().map(NodeId::value).orElse(-1)));
            return;
        }
        if (pendingWrites.size() + pendingReads.size() >= MAX_PENDING_REQUESTS) {
            env.reply(ClientReply.notLeader(request, -1));
            return;
        }
        try {
            switch (request.kind()) {
                case READ -> {
                    long readId = ++nextReadId;
                    if (raft.readIndex(new RequestId(readId))) {
                        pendingReads.put(readId, request);
                    } else {
                        env.reply(ClientReply.notLeader(request, id)); // leader, but no entry committed in its term yet
                    }
                }
                case WRITE, CAS -> {
                    KvCommand command = request.kind() == multidriver.sim.workload.OpKind.WRITE
                            ? new KvCommand.Put(request.session(), request.seq(), request.keyName(),
                            Long.toString(request.value()))
                            : new KvCommand.Cas(request.session(), request.seq(), request.keyName(),
                            request.expected() == null ? null : Long.toString(request.expected()),
                            Long.toString(request.value()));
                    OptionalLong index = raft.propose(KvCodec.encode(command));
                    if (index.isEmpty()) {
                        env.reply(ClientReply.notLeader(request, -1));
                    } else {
                        ProposedWrite displaced = pendingWrites.put(index.getAsLong(),
                                new ProposedWrite(request, raft.term()));
                        if (displaced != null) env.reply(ClientReply.notLeader(displaced.request(), -1));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw violation("client request " + request, e);
        }
        drain();
    }

    void pause() {
        paused = true;
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

    /** The background flush of ack-before-fsync: makes writes up to {@code writeNumber} durable. */
    void flush(long writeNumber) {
        storage.syncThrough(writeNumber);
    }

    boolean isUp() {
        return raft != null;
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

    /** The Raft state machine, or null while crashed. */
    RaftNode raft() {
        return raft;
    }

    KvStateMachine stateMachine() {
        return kv;
    }

    SimStorage storage() {
        return storage;
    }

    /** The Ready loop (etcd's contract, see {@link Ready}). */
    private void drain() {
        try {
            while (raft.hasReady()) {
                Ready ready = raft.ready();
                if (ready.hardState() != null || !ready.entries().isEmpty()) {
                    storage.write(ready.hardState(), ready.entries());
                }
                if (ready.mustSync()) {
                    if (ackBeforeFsync) {
                        // BUG (deliberate): the messages below go out first; this write becomes durable later.
                        env.scheduleFlush(id, incarnation, storage.lastWriteNumber());
                    } else {
                        storage.sync();
                    }
                }
                for (Message message : ready.messages()) env.send(message);
                for (Entry entry : ready.committedEntries()) apply(entry);
                for (ReadState readState : ready.readStates()) readReady(readState);
                raft.advance(ready);
            }
        } catch (SafetyViolation e) {
            throw e;
        } catch (RuntimeException e) {
            throw violation("handling Ready", e);
        }
        observeRole();
    }

    private void apply(Entry entry) {
        multidriver.core.kv.KvResult result = kv.apply(entry.index(), entry.data()); // null for a no-op entry
        answerAfterApply(entry, result);
    }

    private void readReady(ReadState readState) {
        ClientRequest request = pendingReads.remove(readState.requestId().value());
        if (request == null) return; // answered already (this node stepped down meanwhile)
        if (kv.appliedIndex() >= readState.readIndex()) {
            env.reply(ClientReply.result(request, kv.read(request.keyName())));
        } else {
            readsAwaitingApply.computeIfAbsent(readState.readIndex(), k -> new ArrayList<>()).add(request);
        }
    }

    private void observeRole() {
        Role role = raft.role();
        long term = raft.term();
        if (lastRole == Role.LEADER && role != Role.LEADER) {
            // Proposals and reads that have not been confirmed may never be: redirect their clients, who retry with
            // the same session (a proposal that commits anyway is then answered from the session table).
            for (ProposedWrite w : pendingWrites.values()) env.reply(ClientReply.notLeader(w.request(), -1));
            for (ClientRequest request : pendingReads.values()) env.reply(ClientReply.notLeader(request, -1));
            pendingWrites.clear();
            pendingReads.clear();
        }
        if (role != lastRole || term != lastTerm) {
            lastRole = role;
            lastTerm = term;
            env.roleChanged(id, role, term);
        }
    }

    private SafetyViolation violation(String during, RuntimeException cause) {
        return new SafetyViolation("n" + id + " failed during " + during + ": " + cause, cause);
    }

    /** Applied entries answer the client waiting on their index; reads wait until their index is applied. */
    private void answerAfterApply(Entry entry, multidriver.core.kv.KvResult result) {
        ProposedWrite waiting = pendingWrites.remove(entry.index());
        if (waiting != null) {
            // Same index and term means the same entry (Log Matching, §5.3). Another term at this index: the
            // proposal was overwritten after a leader change and never committed; the client retries.
            boolean same = entry.term() == waiting.term();
            env.reply(same ? ClientReply.result(waiting.request(), result)
                    : ClientReply.notLeader(waiting.request(), -1));
        }
        while (!readsAwaitingApply.isEmpty() && readsAwaitingApply.firstKey() <= kv.appliedIndex()) {
            Map.Entry<Long, List<ClientRequest>> ready = readsAwaitingApply.pollFirstEntry();
            for (ClientRequest request : ready.getValue()) {
                env.reply(ClientReply.result(request, kv.read(request.keyName())));
            }
        }
    }

    private record ProposedWrite(ClientRequest request, long term) {
    }
}
