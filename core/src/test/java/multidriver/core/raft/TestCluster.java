package multidriver.core.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.kv.KvStateMachine;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.Message;

/**
 * A tiny in-test cluster: servers driven exactly as a driver must (persist Ready entries and hard state, then send,
 * then apply, then advance), a network of in-flight messages that the test delivers, drops, duplicates or reorders,
 * partitions, crashes and restarts from what was persisted. {@link ClusterInvariants} checks every step.
 */
final class TestCluster {
    /** One server with its stable storage and state machine. */
    final class Member {
        final NodeId id;
        RaftNode node;
        HardState hardState = HardState.INITIAL;
        /** The stable snapshot (null: none) and the stable entries after it. */
        Snapshot snapshot;
        final ArrayList<Entry> stableLog = new ArrayList<>();
        KvStateMachine kv = KvStateMachine.withDefaults();
        final List<KvResult> results = new ArrayList<>();
        final List<ReadState> readStates = new ArrayList<>();
        boolean up = true;
        /** Started empty to join a running cluster: no bootstrap configuration, it waits for a leader. */
        boolean joining;

        Member(NodeId id, boolean joining) {
            this.id = id;
            this.joining = joining;
        }

        void start() {
            node = new RaftNode(id, joining ? Membership.EMPTY : Membership.ofVoters(ids.subList(0, initialSize)), config,
                    new SplittableRandom(seedFor(id)), new RecoveredState(hardState, snapshot, stableLog));
            kv = snapshot == null ? KvStateMachine.withDefaults() : KvStateMachine.restore(snapshot.data().readAll(1 << 30));
            up = true;
        }
    }

    final RaftConfig config;
    final List<NodeId> ids = new ArrayList<>();
    final List<Member> members = new ArrayList<>();
    final ArrayList<Message> network = new ArrayList<>();
    final ClusterInvariants safety = new ClusterInvariants();
    final SplittableRandom random;
    private final long seed;
    private final int initialSize;
    private final boolean[][] blocked;
    private int restarts;
    long delivered;

    TestCluster(int size, RaftConfig config, long seed) {
        this(size, 0, config, seed);
    }

    /** {@code size} voters, and {@code spares} more servers started empty, outside the configuration, to be added. */
    TestCluster(int size, int spares, RaftConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.initialSize = size;
        for (int i = 0; i < size + spares; i++) ids.add(NodeId.of(i));
        blocked = new boolean[size + spares][size + spares];
        for (NodeId id : ids) members.add(new Member(id, id.value() >= size));
        for (Member m : members) m.start();
        observeAll();
    }

    static TestCluster of(int size, long seed) {
        return new TestCluster(size, RaftConfig.defaults(), seed);
    }

    private long seedFor(NodeId id) {
        return seed * 1_000_003L + id.value() * 7919L + restarts * 104_729L;
    }

    Member member(int i) {
        return members.get(i);
    }

    RaftNode node(int i) {
        return members.get(i).node;
    }

    // ---------------------------------------------------------------------------- driving one server

    /** The driver loop: persist, then send, then apply, then answer reads, then advance. */
    void drain(Member m) {
        while (m.up && m.node.hasReady()) {
            Ready rd = m.node.ready();
            if (rd.snapshot() != null) {
                m.snapshot = rd.snapshot();
                long covered = rd.snapshot().index();
                long coveredTerm = rd.snapshot().term();
                // §7, as the server's WAL does: the stored entries after the snapshot stay only if they continue it
                // (the stored entry at its index has its term); otherwise they followed another history.
                boolean continues = m.stableLog.stream().anyMatch(e -> e.index() == covered && e.term() == coveredTerm);
                m.stableLog.removeIf(e -> e.index() <= covered);
                if (!continues || (!m.stableLog.isEmpty() && m.stableLog.get(0).index() != covered + 1)) {
                    m.stableLog.clear();
                }
            }
            if (rd.hardState() != null) m.hardState = rd.hardState();
            if (!rd.entries().isEmpty()) {
                long first = rd.entries().get(0).index();
                while (!m.stableLog.isEmpty() && m.stableLog.get(m.stableLog.size() - 1).index() >= first) {
                    m.stableLog.remove(m.stableLog.size() - 1);
                }
                m.stableLog.addAll(rd.entries());
            }
            network.addAll(rd.messages());
            if (rd.snapshot() != null) m.kv = KvStateMachine.restore(rd.snapshot().data().readAll(1 << 30));
            for (Entry e : rd.committedEntries()) m.results.add(m.kv.apply(e));
            m.readStates.addAll(rd.readStates());
            m.node.advance(rd);
        }
        observeAll();
    }

    /** Server i snapshots its state machine at its applied index, persists it, and compacts its log (§7). */
    void compact(int i) {
        Member m = members.get(i);
        long index = m.kv.appliedIndex();
        byte[] data = m.kv.snapshot();
        m.snapshot = m.node.snapshotAt(index, data);
        m.stableLog.removeIf(e -> e.index() <= index);
        m.node.compact(index, data);
        drain(m);
    }

    void observeAll() {
        for (Member m : members) if (m.up) safety.observe(m.node);
    }

    void tick(int i) {
        Member m = members.get(i);
        if (!m.up) return;
        m.node.tick();
        drain(m);
    }

    void tickAll() {
        for (int i = 0; i < members.size(); i++) tick(i);
    }

    OptionalLong propose(int i, KvCommand command) {
        Member m = members.get(i);
        OptionalLong index = m.node.propose(KvCodec.encode(command));
        drain(m);
        return index;
    }

    boolean readIndex(int i, long requestId) {
        Member m = members.get(i);
        boolean accepted = m.node.readIndex(new RequestId(requestId));
        drain(m);
        return accepted;
    }

    // ---------------------------------------------------------------------------- the network

    /** Delivers (or loses, if the link is cut or the receiver is down) the in-flight message at position k. */
    void deliverAt(int k) {
        Message msg = network.remove(k);
        Member to = members.get(msg.to().value());
        if (!to.up || blocked[msg.from().value()][msg.to().value()]) return;
        delivered++;
        to.node.step(msg);
        drain(to);
    }

    /** Delivers in FIFO order until the network is quiet (bounded). */
    void deliverAll() {
        for (int steps = 0; !network.isEmpty(); steps++) {
            if (steps > 1_000_000) throw new IllegalStateException("network never quiesced");
            deliverAt(0);
        }
    }

    /** Delivers only messages matching {@code which} (FIFO), leaving the others in flight. */
    int deliverWhere(Predicate<Message> which) {
        int count = 0;
        for (int k = 0; k < network.size(); ) {
            if (which.test(network.get(k))) {
                deliverAt(k);
                count++;
                k = 0;
            } else {
                k++;
            }
        }
        return count;
    }

    int dropWhere(Predicate<Message> which) {
        int before = network.size();
        network.removeIf(which);
        return before - network.size();
    }

    void dropAll() {
        network.clear();
    }

    /** Cuts every link between {@code group} and the rest. */
    void partition(int... group) {
        boolean[] in = new boolean[members.size()];
        for (int g : group) in[g] = true;
        for (int a = 0; a < members.size(); a++) {
            for (int b = 0; b < members.size(); b++) blocked[a][b] = in[a] != in[b];
        }
    }

    void isolate(int i) {
        partition(i);
    }

    void heal() {
        for (boolean[] row : blocked) java.util.Arrays.fill(row, false);
    }

    /** Crash: the server loses its memory but keeps what was persisted (this harness persists synchronously). */
    void crash(int i) {
        members.get(i).up = false;
    }

    void restart(int i) {
        restarts++;
        Member m = members.get(i);
        m.start();
        m.results.clear();
        m.readStates.clear();
        drain(m);
    }

    /** Server i loses its disk and starts empty, to join again (the operations guide's wiped volume). */
    void wipe(int i) {
        Member m = members.get(i);
        m.hardState = HardState.INITIAL;
        m.snapshot = null;
        m.stableLog.clear();
        m.joining = true;
        restart(i);
    }

    /** Server i (the leader) proposes {@code next}; returns the entry's index if it was appended. */
    OptionalLong changeMembership(int i, Membership next) {
        Member m = members.get(i);
        OptionalLong index = m.node.proposeMembership(next);
        drain(m);
        return index;
    }

    /** Replaces server i's stable storage (as if it had lived through some history) and restarts it from it. */
    void install(int i, long term, NodeId votedFor, long commitIndex, Entry... log) {
        Member m = members.get(i);
        m.hardState = new HardState(term, votedFor, commitIndex);
        m.stableLog.clear();
        m.stableLog.addAll(List.of(log));
        restart(i);
    }

    /** Entry shorthand: index@term whose command writes key "i{index}" = "t{term}" (sessionless). */
    static Entry entry(long index, long term) {
        return new Entry(index, term, KvCodec.encode(new KvCommand.Put(new ClientId(0), 0, "i" + index, "t" + term)));
    }

    /** Ticks server i alone (delivering everything after each tick) until it has the given role. */
    void tickUntil(int i, Role role, int maxTicks) {
        for (int t = 0; t < maxTicks && node(i).role() != role; t++) {
            tick(i);
            deliverAll();
        }
        if (node(i).role() != role) throw new AssertionError(node(i) + " did not become " + role + ": " + describe());
    }

    // ---------------------------------------------------------------------------- time

    /** One round: every live server ticks, then the network delivers everything. */
    void round() {
        tickAll();
        deliverAll();
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) round();
    }

    /** Runs rounds until exactly one live server leads with a committed entry of its term; returns its index. */
    int awaitLeader(int maxRounds) {
        for (int r = 0; r < maxRounds; r++) {
            int leader = stableLeader();
            if (leader >= 0) return leader;
            round();
        }
        throw new AssertionError("no leader after " + maxRounds + " rounds: " + describe());
    }

    /**
     * Runs rounds until the cluster has converged: one leader, every live server in its term, following it, and
     * having committed the leader's whole log. Returns the leader's index; fails after {@code maxRounds}.
     */
    int awaitConvergence(int maxRounds) {
        for (int r = 0; r < maxRounds; r++) {
            int leader = stableLeader();
            if (leader >= 0 && converged(leader)) return leader;
            round();
        }
        throw new AssertionError("not converged after " + maxRounds + " rounds: " + describe());
    }

    private boolean converged(int leader) {
        RaftNode l = node(leader);
        for (Member m : members) {
            if (!m.up || !l.membership().contains(m.id)) continue;
            if (m.node.term() != l.term() || !m.node.leader().equals(java.util.Optional.of(l.id()))) return false;
            if (m.node.commitIndex() != l.lastLogIndex() || m.node.appliedIndex() != l.lastLogIndex()) return false;
        }
        return true;
    }

    /** The live leader with the highest term that has committed an entry of its term, or -1. */
    int stableLeader() {
        int best = -1;
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (!m.up || m.node.role() != Role.LEADER) continue;
            if (m.node.termAt(m.node.commitIndex()) != m.node.term()) continue;
            if (best < 0 || m.node.term() > node(best).term()) best = i;
        }
        return best;
    }

    int leaderCount() {
        int count = 0;
        for (Member m : members) if (m.up && m.node.role() == Role.LEADER) count++;
        return count;
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (Member m : members) sb.append(m.up ? m.node.toString() : m.id + "{down}").append(' ');
        return sb.append("inflight=").append(network.size()).toString();
    }
}
