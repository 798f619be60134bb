package multidriver.core.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import multidriver.core.log.Entry;
import multidriver.core.log.EntryType;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.InstallSnapshotResponse;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;

/**
 * A pure Raft server: no threads, no I/O, no clock. Time enters only through {@link #tick()}, randomness only
 * through the injected generator; all output leaves through {@link #ready()} and is acknowledged by
 * {@link #advance(Ready)}. Invariants are checked after every input call.
 *
 * <pre>{@code
 * RaftNode node = new RaftNode(NodeId.of(0), peers, RaftConfig.defaults(), new SplittableRandom(seed), recovered);
 * node.tick();                       // every tick period
 * node.step(incomingMessage);        // for every message received
 * node.propose(commandBytes);        // leader only: OptionalLong of the entry's index
 * node.readIndex(new RequestId(7));  // leader only: a ReadState appears once leadership is confirmed
 * while (node.hasReady()) {
 *     Ready rd = node.ready();
 *     if (rd.snapshot() != null) storage.saveSnapshot(rd.snapshot());   // from the leader (§7), durable first
 *     storage.append(rd.hardState(), rd.entries(), rd.mustSync());
 *     rd.messages().forEach(network::send);
 *     if (rd.snapshot() != null) stateMachine.restore(rd.snapshot().data()); // read in pieces: data().read(at, n)
 *     rd.committedEntries().forEach(stateMachine::apply);    // configuration entries: no-ops for it
 *     rd.readStates().forEach(reads::answerWhenApplied);
 *     node.advance(rd);
 * }
 * // now and then, once the state machine has applied index i:
 * byte[] state = stateMachine.snapshot();
 * storage.saveSnapshot(node.snapshotAt(i, state));                     // durable first, then
 * node.compact(i, state);                                              // the log before i is dropped (§7)
 * // a snapshot too large for memory: node.useSnapshotReceiver(fileBacked) before the first step, and
 * // snapshotAt/compact with a SnapshotData that reads the driver's snapshot file
 * }</pre>
 *
 * <p>Structure follows etcd's raft.go: the role is a swapped strategy ({@link RoleBehaviour}: {@link
 * FollowerBehaviour}, {@link CandidateBehaviour}, {@link LeaderBehaviour}) set by
 * {@code becomeFollower/PreCandidate/Candidate/Leader}, which reject illegal transitions; term handling happens once in
 * {@link #step(Message)} before dispatching to the role (§5.1).
 *
 * <p>Snapshots (§7): the driver compacts the log with {@link #compact} once its state machine's snapshot at an
 * applied index is durable; a follower that needs compacted entries receives the snapshot in chunks
 * ({@code InstallSnapshot}) and gets it in {@link Ready#snapshot()}. After a restart {@link #appliedIndex()} is the
 * recovered snapshot's index (0 without one) and the first Ready hands out every committed entry after it again, so
 * the driver rebuilds its state machine from the snapshot and the log.
 *
 * <p>Membership (thesis §4): the configuration is the latest configuration entry in the log, committed or not
 * ({@link #membership()}); {@link #proposeMembership} appends a single-server change (one member added, removed or
 * changed) once the leader has committed an entry of its term and no other change is uncommitted (thesis §4.1).
 * Only voters campaign and count; learners receive the log. Messages from servers outside the configuration are
 * handled (a new server must accept its first leader; votes go to candidates the voter does not know yet), so the
 * driver decides who may speak. A leader that has committed its own removal hands leadership to its most
 * up-to-date voter and steps down (thesis §4.2.2).
 */
public final class RaftNode {
    /** Backpressure: a leader refuses proposals while this many entries are uncommitted (bounded memory). */
    public static final int MAX_UNCOMMITTED_ENTRIES = 10_000;
    /** Cluster size bound (read acknowledgements are a 64-bit mask). */
    public static final int MAX_CLUSTER_SIZE = 64;

    private final NodeId id;
    private final RaftConfig config;
    private final RandomGenerator random;
    private final FollowerBehaviour follower;
    private final CandidateBehaviour candidate;
    private final LeaderBehaviour leaderBehaviour;
    private final Invariants invariants;

    // State shared with the role behaviours of this package.
    final RaftLog log;
    final ArrayList<Message> outbox = new ArrayList<>();
    final ArrayList<ReadState> readStates = new ArrayList<>();
    long term;
    long commitIndex;
    int electionElapsedTicks;
    int heartbeatElapsedTicks;

    private Role role;
    private RoleBehaviour behaviour;
    private NodeId votedFor;
    private NodeId leader;
    private long appliedIndex;
    private int randomizedElectionTimeoutTicks;
    /** The newest snapshot this server holds: taken by its driver or received from a leader; sent to followers. */
    private Snapshot latestSnapshot;
    /** A snapshot received from the leader and not yet handed out in an advanced Ready. */
    private Snapshot pendingSnapshot;
    /** Where a snapshot from the leader arrives, chunk by chunk (in memory unless the driver binds a file). */
    private SnapshotReceiver snapshotReceiver = SnapshotReceiver.inMemory();

    /** The hard state last handed out in a Ready and acknowledged (what stable storage holds). */
    private long persistedTerm;
    private NodeId persistedVote;
    private long persistedCommit;
    private Ready pendingReady;
    /** Set once this server has been a voter (for the deliberate bug that ignores its own removal). */
    private boolean wasVoter;

    /**
     * A server of a cluster whose every server is a voter and was started with the same list.
     *
     * @param peers the other servers of the cluster, not including {@code id}
     */
    public RaftNode(NodeId id, List<NodeId> peers, RaftConfig config, RandomGenerator random,
                    RecoveredState recovered) {
        this(id, bootstrapOf(id, peers), config, random, recovered);
    }

    private static Membership bootstrapOf(NodeId id, List<NodeId> peers) {
        if (peers.contains(id)) throw new IllegalArgumentException("peers must not contain the node itself: " + id);
        if (peers.stream().distinct().count() != peers.size()) {
            throw new IllegalArgumentException("duplicate peer ids: " + peers);
        }
        if (peers.size() + 1 > MAX_CLUSTER_SIZE) {
            throw new IllegalArgumentException("cluster size " + (peers.size() + 1) + " > " + MAX_CLUSTER_SIZE);
        }
        List<NodeId> all = new ArrayList<>(peers);
        all.add(id);
        return Membership.ofVoters(all);
    }

    /**
     * @param id        this server
     * @param bootstrap the configuration the cluster started with, in effect until the log or snapshot holds one
     *                  ({@link Membership#EMPTY} for a server that joins a running cluster: it waits for a leader)
     * @param config    timeouts and options
     * @param random    seeded generator: the only source of randomness (election timeouts)
     * @param recovered hard state and log read back from stable storage ({@link RecoveredState#EMPTY} when new)
     */
    public RaftNode(NodeId id, Membership bootstrap, RaftConfig config, RandomGenerator random,
                    RecoveredState recovered) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(recovered, "recovered");
        follower = new FollowerBehaviour(this);
        candidate = new CandidateBehaviour(this);
        leaderBehaviour = new LeaderBehaviour(this, config.maxInflightAppends());
        Snapshot snap = recovered.snapshot();
        log = snap == null ? new RaftLog(bootstrap, 0, 0, recovered.log())
                : new RaftLog(snap.membership(), snap.index(), snap.term(), recovered.log());
        latestSnapshot = snap;
        appliedIndex = snap == null ? 0 : snap.index();
        HardState hs = recovered.hardState();
        if (hs.commitIndex() > log.lastIndex()) {
            throw new IllegalArgumentException("recovered commitIndex " + hs.commitIndex() + " beyond recovered log (last "
                    + log.lastIndex() + ")");
        }
        if (log.lastTerm() > hs.term()) {
            throw new IllegalArgumentException("recovered log ends in term " + log.lastTerm()
                    + " after the recovered term " + hs.term());
        }
        if (snap != null && snap.term() > hs.term()) {
            throw new IllegalArgumentException("recovered snapshot of term " + snap.term() + " after the recovered term "
                    + hs.term());
        }
        term = hs.term();
        votedFor = hs.votedFor();
        // A snapshot holds only committed entries, so the commit index is at least its index.
        commitIndex = Math.max(hs.commitIndex(), appliedIndex);
        persistedTerm = hs.term();
        persistedVote = hs.votedFor();
        persistedCommit = commitIndex;
        wasVoter = log.membership().isVoter(id);
        becomeFollower(term, null);
        invariants = new Invariants();
        invariants.check(this);
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /** Advances logical time by one tick: election timeout for followers/candidates, heartbeats for leaders. */
    public void tick() {
        pendingReady = null;
        behaviour.tick();
        maybeStepDownAfterRemoval();
        invariants.check(this);
    }

    /** Handles one message from a peer. Messages not addressed to this server are rejected with an exception. */
    public void step(Message message) {
        Objects.requireNonNull(message, "message");
        if (!message.to().equals(id)) {
            throw new IllegalArgumentException(id + " received a message addressed to " + message.to() + ": " + message);
        }
        if (message.from().equals(id)) {
            throw new IllegalArgumentException(id + " received a message from itself: " + message);
        }
        pendingReady = null;
        stepTerm(message);
        maybeStepDownAfterRemoval();
        invariants.check(this);
    }

    /**
     * Appends a command to the leader's log (§5.3).
     *
     * @return the index the entry will have if it commits, or empty when this server is not the leader (or has
     *     {@link #MAX_UNCOMMITTED_ENTRIES} uncommitted entries already)
     */
    public OptionalLong propose(byte[] command) {
        Objects.requireNonNull(command, "command");
        pendingReady = null;
        if (role != Role.LEADER || log.lastIndex() - commitIndex >= MAX_UNCOMMITTED_ENTRIES
                || leaderBehaviour.transferTarget().isPresent()) {
            // During a leadership transfer (thesis §3.10) new entries would only delay the target catching up.
            return OptionalLong.empty();
        }
        long index = log.lastIndex() + 1;
        log.append(new Entry(index, term, command));
        leaderBehaviour.replicate();
        invariants.check(this);
        return OptionalLong.of(index);
    }

    /**
     * Appends a configuration change (thesis §4.1): {@code next} must differ from {@link #membership()} in one member.
     * It takes effect on each server as soon as that server appends it, committed or not.
     *
     * @return the entry's index, or empty when {@link #membershipChangeBlocker} names a reason not to change now
     * @throws IllegalArgumentException when {@code next} is not a single-server change of the current configuration
     */
    public OptionalLong proposeMembership(Membership next) {
        Objects.requireNonNull(next, "next");
        pendingReady = null;
        Optional<String> invalid = membership().singleChangeProblem(next);
        if (invalid.isPresent()) throw new IllegalArgumentException(invalid.get());
        if (membershipChangeBlocker(next).isPresent()) return OptionalLong.empty();
        long index = log.lastIndex() + 1;
        log.append(new Entry(index, term, EntryType.CONFIG, MembershipCodec.encode(next)));
        leaderBehaviour.membershipChanged();
        leaderBehaviour.replicate();
        maybeStepDownAfterRemoval();
        invariants.check(this);
        return OptionalLong.of(index);
    }

    /**
     * Why this server cannot append {@code next} now, or empty when it can: it must be the leader, not transferring,
     * have committed an entry of its term (thesis §4.1, the fix Ongaro posted in 2015: a new leader's log may still
     * hold an uncommitted change of a deposed leader) and hold no uncommitted change; a learner becomes a voter only
     * once it has caught up with the commit index (thesis §4.2.1), so that the change costs no availability.
     */
    public Optional<String> membershipChangeBlocker(Membership next) {
        if (role != Role.LEADER) return Optional.of("not the leader");
        if (leaderBehaviour.transferTarget().isPresent()) return Optional.of("a leadership transfer is running");
        if (log.termAt(commitIndex) != term) return Optional.of("the leader has not committed an entry of its term yet");
        if (log.latestConfigIndex() > commitIndex) {
            return Optional.of("the change at index " + log.latestConfigIndex() + " is not committed yet");
        }
        for (Member m : next.members()) {
            Optional<Member> before = membership().member(m.id());
            if (m.voter() && before.isPresent() && before.get().learner() && !m.id().equals(id)) {
                long match = leaderBehaviour.matchIndex(m.id());
                if (match < commitIndex) {
                    return Optional.of("learner " + m.id() + " has not caught up: it holds up to " + match
                            + " of the committed " + commitIndex);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Hands leadership to {@code target} (thesis §3.10): the leader stops accepting proposals, brings the target's log
     * up to date, and tells it to campaign at once ({@link TimeoutNow}). If the target has not taken over within an
     * election timeout, the transfer is abandoned and this server goes on leading.
     *
     * @return false when this server is not the leader, {@code target} is not a peer, or a transfer is already running
     */
    public boolean transferLeadership(NodeId target) {
        Objects.requireNonNull(target, "target");
        pendingReady = null;
        if (role != Role.LEADER || target.equals(id) || !activeMembership().isVoter(target)) return false;
        boolean started = leaderBehaviour.transferTo(target);
        invariants.check(this);
        return started;
    }

    /** The peer leadership is being handed to, while a transfer runs (leader only). */
    public Optional<NodeId> transferTarget() {
        return role == Role.LEADER ? leaderBehaviour.transferTarget() : Optional.empty();
    }

    /**
     * Starts a linearizable read (thesis §6.4). Leader only; the answer arrives as a {@link ReadState} in a later
     * {@link Ready} once a quorum has confirmed this leader's authority after the read arrived.
     *
     * @return false when this server is not the leader (or has not yet committed an entry in its term, or has
     *     {@code PendingReads.MAX_PENDING_READS} reads pending)
     */
    public boolean readIndex(RequestId requestId) {
        Objects.requireNonNull(requestId, "requestId");
        pendingReady = null;
        if (role != Role.LEADER) return false;
        if (config.has(DeliberateBug.STALE_READ)) {
            // Deliberate bug: no proof that we are still the leader, so a deposed leader serves stale data.
            readStates.add(new ReadState(requestId, commitIndex));
            invariants.check(this);
            return true;
        }
        // §6.4 step 1: until the leader commits an entry of its own term (its no-op), its commitIndex may be behind
        // the cluster's, so it cannot yet tell how far a read must wait.
        if (log.termAt(commitIndex) != term) return false;
        if (activeMembership().voters().equals(List.of(id))) {
            readStates.add(new ReadState(requestId, commitIndex));
            invariants.check(this);
            return true;
        }
        if (!leaderBehaviour.readIndex(requestId)) return false;
        invariants.check(this);
        return true;
    }

    /**
     * The driver's state machine snapshot at applied index {@code index} is durable: drop the log up to it (§7) and
     * keep the snapshot to send to followers that need what was dropped. {@code index} must be applied (handed out and
     * advanced) and past the current snapshot. A leader keeps the entries its followers still need, up to
     * {@link RaftConfig#retainedLogBytes()} of them (see {@link #retainFrom}).
     */
    public void compact(long index, byte[] data) {
        compact(index, SnapshotData.of(data));
    }

    /** {@link #compact(long, byte[])} with data the driver reads from where it keeps it (a file). */
    public void compact(long index, SnapshotData data) {
        pendingReady = null;
        Snapshot snapshot = snapshotAt(index, data);
        log.compactTo(retainFrom(index));
        latestSnapshot = snapshot;
        invariants.check(this);
    }

    /**
     * Where the log may be cut when a snapshot at {@code index} exists: at {@code index}, except that a leader keeps
     * the entries after its slowest follower's match, newest first, while they fit the byte bound. A follower a
     * little behind then catches up with AppendEntries; one further behind finds its next entry compacted and gets
     * the snapshot. Entries kept below the snapshot are committed and applied: they are only ever sent, never
     * applied again. Never below what is compacted already.
     */
    private long retainFrom(long index) {
        long boundBytes = config.retainedLogBytes();
        if (boundBytes == 0 || role != Role.LEADER) return index;
        long wanted = Math.min(index, leaderBehaviour.lowestMatch());
        long keepAbove = index;
        long bytes = 0;
        while (keepAbove > wanted && keepAbove > log.snapshotIndex()) {
            long size = log.get(keepAbove).data().length;
            if (bytes + size > boundBytes) break;
            bytes += size;
            keepAbove--;
        }
        return keepAbove;
    }

    /**
     * The snapshot a driver persists before {@link #compact}: the state machine's {@code data} at applied index
     * {@code index}, with that entry's term and the configuration in effect there.
     */
    public Snapshot snapshotAt(long index, byte[] data) {
        return snapshotAt(index, SnapshotData.of(data));
    }

    /** {@link #snapshotAt(long, byte[])} with data the driver reads from where it keeps it. */
    public Snapshot snapshotAt(long index, SnapshotData data) {
        Objects.requireNonNull(data, "data");
        if (index > appliedIndex) {
            throw new IllegalArgumentException(id + ": compact to " + index + " beyond the applied index " + appliedIndex);
        }
        if (index <= snapshotIndex()) {
            throw new IllegalArgumentException(id + ": compact to " + index + " not past the snapshot at "
                    + snapshotIndex());
        }
        return new Snapshot(index, log.termAt(index), log.membershipAt(index), data);
    }

    // ------------------------------------------------------------------------------------------------ output

    /** True when {@link #ready()} would return a non-empty batch. */
    public boolean hasReady() {
        return pendingSnapshot != null || !outbox.isEmpty() || !readStates.isEmpty() || commitIndex > appliedIndex
                || log.unstableFrom() <= log.lastIndex() || hardStateChanged();
    }

    /** The pending output. Call {@link #advance(Ready)} with it once handled; calling ready() twice returns the same. */
    public Ready ready() {
        if (pendingReady != null) return pendingReady;
        HardState hardState = hardStateChanged() ? new HardState(term, votedFor, commitIndex) : null;
        List<Entry> entries = log.slice(log.unstableFrom(), log.lastIndex());
        // §5.1/Figure 2: term and vote (and appended entries) must be on stable storage before we answer anyone.
        boolean mustSync = term != persistedTerm || !Objects.equals(votedFor, persistedVote) || !entries.isEmpty();
        Snapshot snap = pendingSnapshot;
        long appliedAfter = snap == null ? appliedIndex : Math.max(appliedIndex, snap.index());
        pendingReady = new Ready(snap, hardState, entries, mustSync || snap != null, outbox,
                log.slice(appliedAfter + 1, commitIndex), readStates);
        return pendingReady;
    }

    /** Acknowledges that the driver persisted, sent and applied everything in {@code ready}. */
    public void advance(Ready ready) {
        Objects.requireNonNull(ready, "ready");
        pendingReady = null;
        if (ready.hardState() != null) {
            persistedTerm = ready.hardState().term();
            persistedVote = ready.hardState().votedFor();
            persistedCommit = ready.hardState().commitIndex();
        }
        if (!ready.entries().isEmpty()) {
            Entry last = ready.entries().get(ready.entries().size() - 1);
            log.stableTo(last.index(), last.term());
            // The leader's own copy is durable now: it may be what a quorum was waiting for (a single voter).
            if (role == Role.LEADER && leaderBehaviour.maybeCommit()) maybeStepDownAfterRemoval();
        }
        if (ready.snapshot() != null) {
            appliedIndex = Math.max(appliedIndex, ready.snapshot().index());
            if (pendingSnapshot == ready.snapshot()) pendingSnapshot = null;
        }
        List<Entry> committed = ready.committedEntries();
        if (!committed.isEmpty()) {
            if (committed.get(0).index() != appliedIndex + 1) {
                throw new IllegalArgumentException(id + ": advance with committed entries from " + committed.get(0).index()
                        + " but applied index is " + appliedIndex + " (advance each Ready once, in order)");
            }
            appliedIndex = committed.get(committed.size() - 1).index();
        }
        removePrefix(outbox, ready.messages().size(), "messages");
        removePrefix(readStates, ready.readStates().size(), "readStates");
        invariants.check(this);
    }

    // ------------------------------------------------------------------------------------------------ observers

    public NodeId id() {
        return id;
    }

    /** The other members of the configuration in effect, voters and learners, in id order. */
    public List<NodeId> peers() {
        List<NodeId> out = new ArrayList<>(membership().ids());
        out.remove(id);
        return out;
    }

    /** The configuration in effect: the latest one in the log, committed or not (thesis §4.1). */
    public Membership membership() {
        return log.membership();
    }

    /**
     * The configuration before the latest configuration entry: while that entry is uncommitted, the one a driver must
     * still let speak (thesis §4.2.2: a leader being removed manages the cluster until the change commits, and it
     * must hear its followers' answers to do so). Equal to {@link #membership()} when no entry is held.
     */
    public Membership previousMembership() {
        return log.previousMembership();
    }

    /** Index of the latest configuration entry in the log, or 0 when the configuration is the snapshot's or bootstrap's. */
    public long membershipIndex() {
        return log.latestConfigIndex();
    }

    /** True when this server is a voter of its configuration: only voters campaign and count (thesis §4). */
    public boolean isVoter() {
        return activeMembership().isVoter(id);
    }

    public RaftConfig config() {
        return config;
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    /** The leader this server currently believes in, if any. */
    public Optional<NodeId> leader() {
        return Optional.ofNullable(leader);
    }

    /** The candidate this server voted for in its current term, if any. */
    public Optional<NodeId> votedFor() {
        return Optional.ofNullable(votedFor);
    }

    public long commitIndex() {
        return commitIndex;
    }

    /** Highest index handed out in {@link Ready#committedEntries()} and acknowledged by advance. */
    public long appliedIndex() {
        return appliedIndex;
    }

    public long lastLogIndex() {
        return log.lastIndex();
    }

    /**
     * Last index covered by this server's newest snapshot (0 without one). Entries up to it may still be held: a
     * leader keeps some for its followers ({@link #firstLogIndex()} is where the held log starts).
     */
    public long snapshotIndex() {
        return latestSnapshot == null ? log.snapshotIndex() : Math.max(latestSnapshot.index(), log.snapshotIndex());
    }

    /** The first index whose entry this server still holds (one past what it compacted). */
    public long firstLogIndex() {
        return log.snapshotIndex() + 1;
    }

    /**
     * Binds where snapshots from a leader arrive (§7), before the first message: the server writes them to a
     * temporary file so that a snapshot larger than memory can arrive.
     */
    public void useSnapshotReceiver(SnapshotReceiver receiver) {
        snapshotReceiver = Objects.requireNonNull(receiver, "receiver");
    }

    SnapshotReceiver snapshotReceiver() {
        return snapshotReceiver;
    }

    /** The newest snapshot this server holds, if any. */
    public Optional<Snapshot> latestSnapshot() {
        return Optional.ofNullable(latestSnapshot);
    }

    /** Term of the entry at {@code index} (0 for index 0, -1 when this server's log has no such index). */
    public long termAt(long index) {
        return log.termAt(index);
    }

    /** Entries in [fromIndex, toIndex] of this server's log (in memory, including not yet persisted ones). */
    public List<Entry> entries(long fromIndex, long toIndex) {
        return List.copyOf(log.slice(fromIndex, toIndex));
    }

    /** On a leader, the highest index known replicated on {@code peer} (§5.3); empty on other roles. */
    public OptionalLong matchIndex(NodeId peer) {
        if (role != Role.LEADER || !leaderBehaviour.tracks(peer)) return OptionalLong.empty();
        return OptionalLong.of(leaderBehaviour.matchIndex(peer));
    }

    /** Number of ReadIndex requests waiting for leadership confirmation (leader only; 0 otherwise). */
    public int pendingReadCount() {
        return role == Role.LEADER ? leaderBehaviour.pendingReadCount() : 0;
    }

    @Override
    public String toString() {
        return id + "{" + role + (isVoter() ? "" : " non-voter") + " t" + term + " vote=" + votedFor + " leader=" + leader + " last=" + log.lastIndex()
                + "@t" + log.lastTerm() + " commit=" + commitIndex + " applied=" + appliedIndex + "}";
    }

    // ------------------------------------------------------------------------------------------------ term handling

    /** §5.1: every message's term is handled here, once, before the role sees it. */
    private void stepTerm(Message m) {
        if (m.term() > term) {
            if (m instanceof RequestVote rv && !rv.transfer() && inLeaderLease()) {
                // Thesis §4.2.3: we heard from a live leader within the minimum election timeout, so this candidate
                // is (probably) a disruptive server that was partitioned away; neither adopt its term nor vote.
                return;
            }
            if (m instanceof RequestVote rv && rv.preVote()) {
                // Thesis §9.6: a PreVote carries the term the sender would campaign in; it changes nothing here.
            } else if (m instanceof RequestVoteResponse r && r.preVote() && r.granted()) {
                // Our own PreVote granted at our future term; the term is adopted only when we campaign for real.
            } else if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
                becomeFollower(m.term(), m.from());
            } else {
                becomeFollower(m.term(), null);
            }
        } else if (m.term() < term) {
            // Figure 2: reply with our term so a stale leader or candidate learns it is stale and steps down.
            if (m instanceof AppendEntries ae) {
                send(new AppendEntriesResponse(id, ae.from(), term, false, ae.prevLogIndex(), log.lastIndex()));
            } else if (m instanceof Heartbeat hb) {
                send(new HeartbeatResponse(id, hb.from(), term, 0));
            } else if (m instanceof RequestVote rv) {
                send(new RequestVoteResponse(id, rv.from(), term, false, rv.preVote()));
            } else if (m instanceof InstallSnapshot is) {
                send(new InstallSnapshotResponse(id, is.from(), term, is.snapshotIndex(), 0));
            }
            return; // stale responses are dropped
        }
        if (m instanceof RequestVote rv) {
            handleVoteRequest(rv);
        } else {
            behaviour.step(m);
        }
    }

    /** The leader asked us to take over (thesis §3.10): campaign now, in a real election, announced as a transfer. */
    void campaignForTransfer() {
        if (!selfVotes()) return; // a learner, or a server that is no longer a member, never campaigns
        becomeCandidate();
        if (quorum() == 1 && selfVotes()) {
            becomeLeader();
            return;
        }
        for (NodeId peer : otherVoters()) {
            send(new RequestVote(id, peer, term, log.lastIndex(), log.lastTerm(), false, true));
        }
    }

    /** With CheckQuorum, a server that heard from a leader within the minimum election timeout ignores votes. */
    private boolean inLeaderLease() {
        return config.checkQuorum() && leader != null && electionElapsedTicks < config.electionTimeoutMinTicks();
    }

    /** §5.2 one vote per term, first come first served; §5.4.1 only for a log at least as up-to-date as ours. */
    private void handleVoteRequest(RequestVote rv) {
        if (log.membership().members().isEmpty()) {
            // A server that knows no configuration yet joined empty (perhaps after losing its disk and, against the
            // rules, under its old id): it has no log and no memory of past votes, so it grants none until a leader
            // has given it a configuration. Every other server answers by §5.2/§5.4.1 even when it is a learner in
            // its own view: the candidate counts only its own voters (thesis §4), and a learner that has not yet
            // received its promotion may be the vote that a configuration with it as a voter needs.
            send(new RequestVoteResponse(id, rv.from(), term, false, rv.preVote()));
            return;
        }
        boolean canVote = rv.from().equals(votedFor)
                || (votedFor == null && leader == null)
                || (rv.preVote() && rv.term() > term);
        // Deliberate bug: grant a second vote in the same term (the first vote stays recorded).
        boolean secondVote = !canVote && !rv.preVote() && config.has(DeliberateBug.VOTE_TWICE);
        if ((canVote || secondVote) && log.isUpToDate(rv.lastLogIndex(), rv.lastLogTerm())) {
            send(new RequestVoteResponse(id, rv.from(), rv.term(), true, rv.preVote()));
            if (!rv.preVote()) {
                // Figure 2 (§5.2): granting a vote is one of the three events that restart the election timer.
                resetElectionTimer();
                if (votedFor == null) votedFor = rv.from();
            }
        } else {
            send(new RequestVoteResponse(id, rv.from(), term, false, rv.preVote()));
        }
    }

    // ------------------------------------------------------------------------------------------------ transitions

    /**
     * Adopts {@code newTerm} (§5.1) and follows {@code newLeader} (null: not known yet).
     *
     * <p>Seeing a higher term, or losing an election, does NOT restart a running election timer: Figure 2 (§5.2)
     * restarts it only on an AppendEntries/heartbeat from the current leader ({@link #heardFromLeader}), on granting a
     * vote, and on starting an election. Otherwise a stale candidate (unelectable, §5.4.1) that keeps raising the term
     * would keep the one server with an up-to-date log from ever timing out and campaigning.
     *
     * <p>A leader runs no election timer (§5.2: followers and candidates time out), so a leader that steps down, on a
     * higher term or through CheckQuorum (thesis §6.2), starts a fresh randomized one, as does a server just started:
     * a deposed leader does not re-campaign at once (with the leader-side electionElapsed it could otherwise time out
     * within a tick), it first gives the new leader a full randomized timeout to be heard from. LogCabin, the paper's
     * implementation, does the same ({@code stepDown}: "if (startElectionAt == TimePoint::max()) // was leader").
     */
    void becomeFollower(long newTerm, NodeId newLeader) {
        if (newTerm < term) {
            throw new IllegalStateException(id + ": becomeFollower to term " + newTerm + " below current term " + term);
        }
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
        }
        boolean electionTimerRunning = role == Role.FOLLOWER || role == Role.PRE_CANDIDATE || role == Role.CANDIDATE;
        if (role == Role.LEADER) leaderBehaviour.stop();
        role = Role.FOLLOWER;
        leader = newLeader;
        if (!electionTimerRunning) resetElectionTimer();
        behaviour = follower;
    }

    private void becomePreCandidate() {
        if (role == Role.LEADER) throw new IllegalStateException(id + ": invalid transition LEADER -> PRE_CANDIDATE");
        // Thesis §9.6: a PreVote round changes neither term nor vote.
        role = Role.PRE_CANDIDATE;
        leader = null;
        resetElectionTimer(); // Figure 2 (§5.2): starting an election restarts the timer
        candidate.reset();
        behaviour = candidate;
    }

    private void becomeCandidate() {
        if (role == Role.LEADER) throw new IllegalStateException(id + ": invalid transition LEADER -> CANDIDATE");
        term++;
        votedFor = id;
        role = Role.CANDIDATE;
        leader = null;
        resetElectionTimer(); // Figure 2 (§5.2): starting an election restarts the timer
        candidate.reset();
        behaviour = candidate;
    }

    void becomeLeader() {
        if (role != Role.CANDIDATE) throw new IllegalStateException(id + ": invalid transition " + role + " -> LEADER");
        role = Role.LEADER;
        leader = id;
        // The leader's clocks: heartbeats (§5.2) and the CheckQuorum period (thesis §6.2, reusing the election clock).
        electionElapsedTicks = 0;
        heartbeatElapsedTicks = 0;
        behaviour = leaderBehaviour;
        leaderBehaviour.start();
    }

    /** Restarts the election timer with a freshly randomized timeout. */
    private void resetElectionTimer() {
        electionElapsedTicks = 0;
        // §5.2: randomized timeouts make split votes rare and let them resolve.
        randomizedElectionTimeoutTicks = config.electionTimeoutMinTicks()
                + random.nextInt(config.electionTimeoutMaxTicks() - config.electionTimeoutMinTicks() + 1);
    }

    /**
     * A follower heard from the leader of its term: it stays follower and knows whom to redirect clients to. Figure 2
     * (§5.2) restarts the election timer; it keeps the timeout drawn when the timer was last started (as etcd does),
     * since randomization matters only among servers that time out, which draw afresh when they campaign.
     */
    void heardFromLeader(NodeId from) {
        electionElapsedTicks = 0;
        leader = from;
    }

    // ------------------------------------------------------------------------------------------------ elections

    /** Followers and candidates: start an election when no leader was heard for a randomized timeout (§5.2). */
    void tickElection() {
        electionElapsedTicks++;
        if (electionElapsedTicks >= randomizedElectionTimeoutTicks) {
            electionElapsedTicks = 0;
            // Thesis §4.2.1/§4.2.3: learners, servers not yet added and servers removed never start elections. A
            // server whose own removal is still uncommitted may: it can hold the most up-to-date log, which the others
            // then need to elect anyone (found by the simulator: a leader appended its removal and lost its quorum).
            // It counts only the votes of the new configuration's voters, and once elected commits its removal and
            // steps down (§4.2.2).
            if (selfVotes() || removalPending()) {
                campaign(config.preVote());
            } else {
                // A learner (or a server that believes itself removed) cannot campaign, but it has not heard from a
                // leader for a whole election timeout: it must stop believing in one. Otherwise its restarted timer
                // keeps it inside the CheckQuorum lease (§4.2.3) and it ignores the vote requests of the candidate
                // whose configuration counts it as a voter (a promotion it has not received yet), and no one can be
                // elected (found by a 3-node schedule: a learner promoted just before a slow link; seed 35).
                leader = null;
            }
        }
    }

    void campaign(boolean preVote) {
        long voteTerm;
        if (preVote) {
            becomePreCandidate();
            voteTerm = term + 1;
        } else {
            becomeCandidate();
            voteTerm = term;
        }
        if (quorum() == 1 && selfVotes()) { // a single voter elects itself, never a server whose removal is pending
            if (preVote) campaign(false);
            else becomeLeader();
            return;
        }
        for (NodeId peer : otherVoters()) {
            send(new RequestVote(id, peer, voteTerm, log.lastIndex(), log.lastTerm(), preVote));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    void commitTo(long index) {
        if (index <= commitIndex) return;
        if (index > log.lastIndex()) {
            throw new IllegalStateException(id + ": commit to " + index + " beyond last index " + log.lastIndex());
        }
        commitIndex = index;
    }

    private boolean hardStateChanged() {
        return term != persistedTerm || commitIndex != persistedCommit || !Objects.equals(votedFor, persistedVote);
    }

    void send(Message m) {
        outbox.add(m);
    }

    /**
     * A complete snapshot arrived from the leader (§7): the log keeps what follows it if it holds its last entry,
     * else starts after it; everything it covers is committed; the driver persists and restores it from the next
     * Ready.
     */
    void installSnapshot(Snapshot snapshot) {
        log.restoreTo(snapshot.index(), snapshot.term(), snapshot.membership());
        commitTo(snapshot.index());
        latestSnapshot = snapshot;
        pendingSnapshot = snapshot;
    }

    /**
     * The configuration this server counts with: the latest in its log (thesis §4.1). The deliberate bug
     * {@link DeliberateBug#CONFIG_FROM_COMMITTED_ONLY} counts with the latest committed one instead.
     */
    Membership activeMembership() {
        if (config.has(DeliberateBug.CONFIG_FROM_COMMITTED_ONLY) && log.latestConfigIndex() > commitIndex
                && commitIndex >= log.snapshotIndex()) {
            return log.membershipAt(commitIndex);
        }
        return log.membership();
    }

    /** Votes (including our own, if we vote) that make a majority of the voters. */
    int quorum() {
        return activeMembership().quorum();
    }

    /** Whether this server counts itself: it is a voter (thesis §4.2.2: a leader being removed does not). */
    boolean selfVotes() {
        boolean voter = activeMembership().isVoter(id);
        if (voter) wasVoter = true;
        return voter || (wasVoter && config.has(DeliberateBug.REMOVE_WITHOUT_STEPDOWN));
    }

    /** This server was a voter before the latest configuration entry, which removes it and is not yet committed. */
    private boolean removalPending() {
        return log.latestConfigIndex() > commitIndex && !log.membership().isVoter(id)
                && log.previousMembership().isVoter(id);
    }

    /** The voters other than this server, in id order. */
    List<NodeId> otherVoters() {
        Membership m = activeMembership();
        if (m != otherVotersOf) { // configurations change rarely; leaders ask on every acknowledgement
            List<NodeId> out = new ArrayList<>(m.voters());
            out.remove(id);
            otherVoters = List.copyOf(out);
            otherVotersOf = m;
        }
        return otherVoters;
    }

    /** {@link #otherVoters()} of the configuration {@code otherVotersOf} (same instance). */
    private Membership otherVotersOf;
    private List<NodeId> otherVoters = List.of();

    /**
     * Thesis §4.2.2: once the configuration that removes the leader (or makes it a learner) is committed, the leader
     * hands over to its most up-to-date voter and steps down; until then it leads without counting itself.
     */
    void maybeStepDownAfterRemoval() {
        if (role != Role.LEADER || log.membership().isVoter(id) || log.latestConfigIndex() > commitIndex) return;
        if (config.has(DeliberateBug.REMOVE_WITHOUT_STEPDOWN)) return;
        leaderBehaviour.handOver();
        becomeFollower(term, null);
    }

    private static <T> void removePrefix(ArrayList<T> list, int count, String what) {
        if (count > list.size()) {
            throw new IllegalArgumentException("advance with " + count + " " + what + " but only " + list.size()
                    + " are pending (advance each Ready once, in order)");
        }
        list.subList(0, count).clear();
    }

    // package-private views for Invariants

    RaftLog raftLog() {
        return log;
    }

    NodeId votedForOrNull() {
        return votedFor;
    }

    RoleBehaviour roleBehaviour() {
        return behaviour;
    }
}
