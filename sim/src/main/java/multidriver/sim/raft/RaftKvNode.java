package multidriver.sim.raft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.Member;
import multidriver.core.raft.Membership;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.Message;
import multidriver.server.Answer;
import multidriver.server.ClientRequest;
import multidriver.server.MembershipChange;
import multidriver.server.Outcome;
import multidriver.server.PeerForward;
import multidriver.server.ServerBug;
import multidriver.server.ServerCore;
import multidriver.server.ServerOptions;
import multidriver.server.codec.ForwardCodec;
import multidriver.server.codec.MessageCodec;
import multidriver.server.io.PeerSender;
import multidriver.server.wal.WalCorruptionException;
import multidriver.server.wal.WalMissingException;
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
import multidriver.sim.workload.WrongAnswer;
import multidriver.sim.world.Simulation;

/**
 * One process of the project's Raft KV under the public simulation API: the node's {@link ServerCore} — the same
 * class the real node runs — on the context's disk, its peer messages as the codec's bytes on the context's network,
 * a tick every {@link Simulation#TICK_MS} of the context's (skewed) clock, and client requests handed over as the
 * node's HTTP layer hands them. Nothing here reaches past {@link NodeContext}.
 */
final class RaftKvNode implements SimulatedNode, LeadershipTransfer, Reconfigurable {
    /** Small segments, so that schedules roll segments and recover across several of them. */
    static final long WAL_SEGMENT_BYTES = 32 * 1024;

    private final int nodes;
    private final RaftConfig config;
    private final Set<ServerBug> bugs;
    private final long requestTimeoutMs;
    private final int maxSessions;
    private final long snapshotEveryEntries;
    private NodeContext context;
    private ServerCore core;
    private long tickTimer;
    private long nextTickLocalMs;
    private long snapshotChunksSent;
    /** The key-value state as numbers, rebuilt only when the applied index moved (the convergence phase asks often). */
    private TreeMap<String, Long> stateCache;
    private long stateCacheIndex = -1;

    RaftKvNode(int nodes, RaftConfig config, Set<ServerBug> bugs, long requestTimeoutMs, int maxSessions,
               long snapshotEveryEntries) {
        this.nodes = nodes;
        this.config = config;
        this.bugs = bugs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxSessions = maxSessions;
        this.snapshotEveryEntries = snapshotEveryEntries;
    }

    @Override
    public void start(NodeContext context) throws IOException {
        this.context = context;
        List<NodeId> founders = new ArrayList<>();
        for (int i = 0; i < nodes; i++) founders.add(NodeId.of(i));
        // A replaced machine joins empty: it knows no configuration until a leader gives it one (thesis §4.1).
        Membership bootstrap = context.joining() ? Membership.EMPTY : Membership.ofVoters(founders);
        ServerOptions options = new ServerOptions(context.nodeId(), bootstrap, config, "wal", WAL_SEGMENT_BYTES,
                context.firstStart(), requestTimeoutMs, false, maxSessions,
                ServerOptions.DEFAULT_SESSION_EXPIRY_ENTRIES, bugs, snapshotEveryEntries, 0);
        try {
            core = ServerCore.open(options, context.disk(), new Sender(), () -> context.nowMs() * 1_000_000L,
                    context.random());
        } catch (WalCorruptionException | WalMissingException e) {
            throw new RefusedToStart(e.getMessage(), e);
        }
        // The clock's ticks missed while the process was down are not replayed: the next tick is the next one due
        // (a burst of them would run the election timer many times too fast).
        nextTickLocalMs = nextTickAfter(context.nowMs());
        tickTimer = context.setTimer(nextTickLocalMs - context.nowMs());
    }

    @Override
    public void onTimer(long timerId) throws IOException {
        if (timerId != tickTimer) return;
        nextTickLocalMs += Simulation.TICK_MS;
        long now = context.nowMs();
        if (nextTickLocalMs <= now) nextTickLocalMs = nextTickAfter(now); // woke late from a pause: back on the grid
        tickTimer = context.setTimer(nextTickLocalMs - now);
        core.tick();
        core.drain();
    }

    /** The first tick of the clock's grid after local time {@code localMs}. */
    private static long nextTickAfter(long localMs) {
        return Math.floorDiv(localMs, Simulation.TICK_MS) * Simulation.TICK_MS + Simulation.TICK_MS;
    }

    @Override
    public void onMessage(int fromNodeId, byte[] message) throws IOException {
        if (!core.receive(fromNodeId, message, 0, message.length)) {
            // Only our own codec produced these bytes, and the simulated network does not corrupt them: a rejection
            // is a codec or addressing bug.
            throw new IllegalStateException("n" + context.nodeId() + " rejected " + message.length + " bytes from n"
                    + fromNodeId + " that the simulated network delivered intact");
        }
        core.drain();
    }

    @Override
    public void onRequest(KvRequest request) throws IOException {
        long deadlineNs = deadlineNs();
        Answer answer = new Answer(outcome -> answer(request, outcome));
        // Each client holds its own credential, as the node's HTTP layer would name it from a token: the session it
        // registers is bound to that owner.
        String owner = "c" + request.client();
        ClientId session = new ClientId(request.session());
        ClientRequest r = switch (request.kind()) {
            case READ -> new ClientRequest.Read(request.key(), deadlineNs, answer);
            case OPEN_SESSION -> new ClientRequest.Write(new KvCommand.Register(owner), deadlineNs, answer);
            case WRITE -> new ClientRequest.Write(new KvCommand.Put(session, request.seq(), request.key(),
                    Long.toString(request.value()), owner), deadlineNs, answer);
            case CAS -> new ClientRequest.Write(new KvCommand.Cas(session, request.seq(), request.key(),
                    request.from() == null ? null : Long.toString(request.from()), Long.toString(request.value()),
                    owner), deadlineNs, answer);
        };
        core.submit(r);
        core.drain();
    }

    /**
     * The client-facing meaning of an outcome, as the node's HTTP layer gives it: a result, or "try elsewhere" (with
     * the leader this node knows of). A timed-out request gets no answer: the client's own timer fires.
     */
    private void answer(KvRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            context.reply(request, reply(request, done.result()));
        } else if (outcome instanceof Outcome.NotLeader) {
            int hint = core == null ? -1 : core.raft().leader().map(NodeId::value).orElse(-1);
            context.reply(request, new KvReply.NotLeader(hint == context.nodeId() ? -1 : hint));
        } else if (outcome instanceof Outcome.Unavailable) {
            context.reply(request, new KvReply.NotLeader(-1));
        }
    }

    /** The state machine's result in the client's terms; anything else is a wrong answer of the server. */
    private static KvReply reply(KvRequest request, KvResult result) {
        if (result == null) {
            // Only a write matched to another entry (a no-op) has no result: the server said "done".
            return request.kind() == KvRequest.Kind.CAS ? new KvReply.Swapped() : new KvReply.Written();
        }
        KvResult.Status status = result.status();
        switch (request.kind()) {
            case READ -> {
                if (status == KvResult.Status.OK) return new KvReply.Value(parse(result.value()));
                if (status == KvResult.Status.NOT_FOUND) return new KvReply.Value(null);
            }
            case WRITE -> {
                if (status == KvResult.Status.OK) return new KvReply.Written();
                if (status == KvResult.Status.SESSION_EXPIRED) return new KvReply.SessionExpired();
            }
            case CAS -> {
                if (status == KvResult.Status.OK) return new KvReply.Swapped();
                if (status == KvResult.Status.CAS_MISMATCH) return new KvReply.CasFailed(parse(result.value()));
                if (status == KvResult.Status.SESSION_EXPIRED) return new KvReply.SessionExpired();
            }
            case OPEN_SESSION -> {
                if (status == KvResult.Status.REGISTERED) return new KvReply.SessionOpened(Long.parseLong(result.value()));
            }
        }
        throw new WrongAnswer("c" + request.client() + " got " + result + " for " + request);
    }

    private static Long parse(String value) {
        return value == null ? null : Long.parseLong(value);
    }

    @Override
    public boolean transferLeadership(int targetNodeId) throws IOException {
        boolean[] started = {false};
        core.submit(new ClientRequest.TransferLeadership(targetNodeId, deadlineNs(),
                new Answer(outcome -> started[0] = outcome instanceof Outcome.Done)));
        core.drain();
        return started[0];
    }

    @Override
    public Configuration configuration() {
        RaftNode raft = core.raft();
        Membership m = raft.membership();
        TreeSet<Integer> voters = new TreeSet<>();
        TreeSet<Integer> learners = new TreeSet<>();
        for (NodeId id : m.voters()) voters.add(id.value());
        for (NodeId id : m.learners()) learners.add(id.value());
        return new Configuration(voters, learners, raft.membershipIndex() <= raft.commitIndex());
    }

    @Override
    public void changeMembership(ConfigChange change, Consumer<Boolean> done) throws IOException {
        NodeId id = NodeId.of(change.nodeId());
        MembershipChange request;
        if (change instanceof ConfigChange.AddLearner) {
            request = new MembershipChange.AddMember(new Member(id, true, ""));
        } else if (change instanceof ConfigChange.Promote) {
            request = new MembershipChange.AddMember(Member.voter(id));
        } else {
            request = new MembershipChange.RemoveMember(id);
        }
        core.submit(new ClientRequest.ChangeMembership(request, deadlineNs(),
                new Answer(outcome -> done.accept(outcome instanceof Outcome.Done))));
        core.drain();
    }

    @Override
    public NodeRole role() {
        RaftNode raft = core.raft();
        NodeRole.Role role = switch (raft.role()) {
            case LEADER -> NodeRole.Role.LEADER;
            case FOLLOWER -> NodeRole.Role.FOLLOWER;
            case CANDIDATE -> NodeRole.Role.CANDIDATE;
            case PRE_CANDIDATE -> NodeRole.Role.PRE_CANDIDATE;
        };
        return new NodeRole(role, raft.term(), raft.leader().map(NodeId::value).orElse(-1));
    }

    /** VOPR-style status line: term, vote, commit and applied index, the log's span and the term of its tail. */
    @Override
    public String describeState() {
        RaftNode raft = core.raft();
        long last = raft.lastLogIndex();
        return "term " + raft.term() + " · vote " + raft.votedFor().map(id -> "n" + id.value()).orElse("-")
                + " · commit " + raft.commitIndex() + " · applied " + raft.appliedIndex() + " · log "
                + raft.firstLogIndex() + ".." + last + " (tail t" + (last > 0 ? raft.termAt(last) : 0) + ")"
                + (raft.snapshotIndex() > 0 ? " · snapshot " + raft.snapshotIndex() : "")
                + raft.leader().map(id -> " · leader n" + id.value()).orElse("");
    }

    @Override
    public Replica replica() {
        RaftNode raft = core.raft();
        long applied = core.stateMachine().appliedIndex();
        String unsettled = raft.commitIndex() != raft.lastLogIndex()
                ? "has committed " + raft.commitIndex() + " of " + raft.lastLogIndex() + " entries"
                : applied != raft.commitIndex() ? "has applied " + applied + " of " + raft.commitIndex() + " committed"
                : null;
        long progress = (raft.lastLogIndex() * 31 + raft.commitIndex()) * 31 + applied;
        if (applied != stateCacheIndex) {
            stateCache = new TreeMap<>();
            for (var e : core.stateMachine().contents().entrySet()) stateCache.put(e.getKey(), parse(e.getValue()));
            stateCacheIndex = applied;
        }
        return new Replica(unsettled, raft.lastLogIndex() + "@t" + raft.termAt(raft.lastLogIndex()), progress,
                java.util.Collections.unmodifiableSortedMap(stateCache));
    }

    @Override
    public SortedMap<String, Long> counters() {
        TreeMap<String, Long> c = new TreeMap<>();
        c.put("snapshots-taken", core.snapshotsTaken());
        c.put("snapshots-installed", core.snapshotsInstalled());
        c.put("snapshot-chunks-sent", snapshotChunksSent);
        return c;
    }

    /** The Raft state machine, for the cross-node checks. */
    RaftNode raft() {
        return core.raft();
    }

    private long deadlineNs() {
        return (context.nowMs() + requestTimeoutMs) * 1_000_000L;
    }

    /** Peer frames as the codec's bytes, on the context's network. */
    private final class Sender implements PeerSender {
        @Override
        public void send(Message message) {
            if (message instanceof InstallSnapshot) snapshotChunksSent++;
            context.send(message.to().value(), MessageCodec.toBytes(message));
        }

        @Override
        public boolean send(PeerForward forward) {
            // Always queued: the simulated network loses frames in flight, as TCP links lose queued ones on a reset.
            context.send(forward.to(), ForwardCodec.toBytes(forward));
            return true;
        }
    }
}
