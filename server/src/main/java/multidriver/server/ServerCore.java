package multidriver.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvStateMachine;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.ReadState;
import multidriver.core.raft.Ready;
import multidriver.core.raft.RequestId;
import multidriver.core.raft.Role;
import multidriver.core.raft.Snapshot;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.ForwardCodec;
import multidriver.server.codec.MessageCodec;
import multidriver.server.io.Clock;
import multidriver.server.io.FileSystem;
import multidriver.server.io.PeerSender;
import multidriver.server.wal.SnapshotFiles;
import multidriver.server.files.BlobStore;
import multidriver.server.files.FileReads;
import multidriver.server.files.SnapshotStream;
import multidriver.server.files.StagedSnapshotReceiver;
import multidriver.core.kv.FileCommand;
import multidriver.core.kv.KvResult;
import multidriver.server.wal.Wal;
import multidriver.server.wal.WalCorruptionException;

/**
 * The server that both worlds run: the Raft core, its write-ahead log, the key-value state machine and the client
 * request path, driven through four inputs ({@link #tick()}, {@link #receive}, {@link #submit}) and reaching the
 * outside only through its ports: a {@link FileSystem} for the WAL, a {@link PeerSender} for Raft messages, and a
 * {@link Clock} for client deadlines. No threads, no sockets, no wall clock: the node's event-loop thread binds the
 * ports to {@code FileChannel}, TCP and the real clock; the simulator binds them to its faulty disk, its network and
 * its simulated time. This class is the one place that implements the Ready contract.
 *
 * <p>The inputs only step the core; {@link #drain()}, called by the driver after an input or a batch of them, handles
 * its {@link Ready}s in the contract's order: persist entries and hard state
 * (fsync when {@code mustSync}), only then send messages (a vote or an AppendEntries success must never be sent for
 * state that could still be lost, §5.1), apply committed entries and answer their clients, answer reads whose read
 * index is applied (thesis §6.4), and finally {@code advance}. One deliberate exception: a leader whose term and
 * vote are already durable sends its AppendEntries before its own fsync (thesis §10.2.1), see {@link #handle}.
 *
 * <p>Not thread-safe: exactly one thread calls it. Any exception is fatal for this incarnation (a failed fsync, a
 * broken invariant): the caller must stop using the object and restart from the WAL (fail-stop).
 */
public final class ServerCore {
    private final ServerOptions options;
    private final RaftNode raft;
    private final Wal wal;
    /** Replaced when a snapshot from the leader is restored. */
    private KvStateMachine kv;
    private final SnapshotFiles snapshots;
    /** The bytes of uploaded files (the state machine holds their metadata). */
    private final BlobStore blobs;
    private final StagedSnapshotReceiver receiver;
    private final FileSystem fs;
    private long appliedBytesSinceSnapshot;
    private long snapshotsTaken;
    private long snapshotsInstalled;
    private final PendingRequests pending;
    /** Requests this follower handed to the leader, waiting for its reply. */
    private final ForwardedRequests forwarded;
    /** The leader as of the last drain (-1: none known): forwarded requests follow it. */
    private int lastLeader = -1;
    private final PeerSender sender;
    private final Clock clock;
    private HardState persisted;
    private Role lastRole;
    private boolean deferredSync;
    /** With leader-counts-unsynced: the leader's own copy waits for a background flush every few ticks. */
    private boolean deferredLeaderSync;
    private long ticks;
    private static final int LEADER_FLUSH_EVERY_TICKS = 5;
    /** Read by the metrics thread; written only by the core's thread. */
    private volatile long rejectedMessages;

    private ServerCore(ServerOptions options, RaftNode raft, Wal wal, SnapshotFiles snapshots, BlobStore blobs,
                       FileSystem fs, KvStateMachine kv, PeerSender sender, Clock clock, long firstForwardId) {
        this.forwarded = new ForwardedRequests(firstForwardId);
        this.blobs = blobs;
        this.fs = fs;
        // A snapshot from the leader arrives in a file, so one carrying gigabytes of files fits (§7).
        this.receiver = new StagedSnapshotReceiver(fs, options.walDir());
        raft.useSnapshotReceiver(receiver);
        this.options = options;
        this.raft = raft;
        this.wal = wal;
        this.snapshots = snapshots;
        this.sender = sender;
        this.clock = clock;
        this.kv = kv;
        this.persisted = wal.recovered().hardState();
        this.pending = new PendingRequests(options.requestTimeoutMs(), clock, options.has(ServerBug.MATCH_BY_INDEX));
        this.lastRole = raft.role();
    }

    /**
     * Recovers from the WAL on {@code fs} and returns a running server (a follower, §5.2).
     *
     * @throws IOException the WAL is unreadable, corrupt ({@code WalCorruptionException}) or missing without
     *                     bootstrap ({@code WalMissingException}); the message says what to do
     * @throws IllegalArgumentException the recovered state is one the Raft core refuses (a broken invariant)
     */
    public static ServerCore open(ServerOptions options, FileSystem fs, PeerSender sender, Clock clock,
                                  RandomGenerator random) throws IOException {
        // The newest snapshot first (§7): the WAL holds only what follows it, and the state machine starts from it.
        SnapshotFiles snapshots = new SnapshotFiles(fs, options.walDir());
        StagedSnapshotReceiver.removeLeftover(fs, options.walDir());
        BlobStore blobs = new BlobStore(fs, options.walDir());
        Snapshot snapshot = snapshots.loadNewest(options.bootstrap());
        KvStateMachine kv = new KvStateMachine(options.maxSessions(), options.sessionExpiryEntries());
        if (snapshot != null) {
            byte[] kvBytes = snapshot.data().readAll(SnapshotFiles.MAX_SNAPSHOT_BYTES);
            try {
                kv = KvStateMachine.restore(kvBytes, options.maxSessions(), options.sessionExpiryEntries());
            } catch (IllegalArgumentException e) {
                throw new WalCorruptionException("snapshot " + SnapshotFiles.fileName(snapshot.index()) + " in "
                        + options.walDir() + " verifies but does not decode as a key-value state (" + e.getMessage()
                        + "); remove this member's data directory and re-add it, or restore it from a backup");
            }
            if (kv.appliedIndex() != snapshot.index()) {
                throw new WalCorruptionException("snapshot " + SnapshotFiles.fileName(snapshot.index())
                        + " holds the state at index " + kv.appliedIndex() + ", not at its own index");
            }
            for (java.util.Map.Entry<Long, Long> b : kv.files().blobLengths().entrySet()) {
                long onDisk = blobs.size(b.getKey());
                if (onDisk < b.getValue() && b.getValue() > 0) { // an empty blob may never have been written
                    throw new WalCorruptionException("snapshot " + SnapshotFiles.fileName(snapshot.index())
                            + " names blob " + b.getKey() + " of " + b.getValue() + " bytes, but "
                            + BlobStore.path(options.walDir(), b.getKey()) + (onDisk < 0 ? " is missing" : " holds "
                            + onDisk) + "; remove this member's data directory and re-add it, or restore it from a"
                            + " backup");
                }
            }
            // The core sends this snapshot to followers that need it: the key-value part and the blobs it names.
            snapshot = new Snapshot(snapshot.index(), snapshot.term(), snapshot.membership(),
                    SnapshotStream.of(kvBytes, kv, blobs));
        }
        // The WAL's segment salts come from this server's own generator, which no client can observe (see
        // SegmentFormat: they keep a client's value from posing as a misplaced record).
        java.util.SplittableRandom salts = new java.util.SplittableRandom(random.nextLong());
        Wal wal = Wal.open(fs, options.walDir(), options.walSegmentBytes(), options.mayBootstrap(),
                options.has(ServerBug.ACCEPT_CORRUPT_RECORD), snapshot, salts::nextLong);
        // Forwarded request ids start at random, so a reply addressed to an earlier incarnation never matches one of
        // this incarnation's requests (a positive 62-bit start leaves 2^62 ids before an overflow).
        long firstForwardId = (random.nextLong() >>> 2) + 1;
        RaftNode raft = new RaftNode(NodeId.of(options.nodeId()), options.bootstrap(), options.raft(), random,
                wal.recovered());
        return new ServerCore(options, raft, wal, snapshots, blobs, fs, kv, sender, clock, firstForwardId);
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /** One Raft tick (heartbeats, election timeouts), then client deadlines. */
    public void tick() throws IOException {
        ticks++;
        if (deferredSync) {
            // BUG (ack-before-fsync): the sync that should have preceded last tick's messages happens only now.
            deferredSync = false;
            wal.sync();
        }
        if (deferredLeaderSync && ticks % LEADER_FLUSH_EVERY_TICKS == 0) {
            // BUG (leader-counts-unsynced): a background flush makes the leader's own entries durable only now.
            deferredLeaderSync = false;
            wal.sync();
        }
        try {
            raft.tick();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // a snapshot chunk could not be read or staged: the disk failed
        }
        pending.retryDeferredReads(raft.role() == Role.LEADER, this::readIndex);
        pending.expire(clock.nowNs());
        forwarded.expire(clock.nowNs(), options.requestTimeoutMs());
    }

    /**
     * Bytes from peer {@code senderId} (already authenticated as that member by the transport). They are decoded
     * here, in both worlds; a message that does not decode, or does not come from {@code senderId} to this server,
     * is dropped and counted, and never reaches the Raft core.
     *
     * @return whether the message was accepted
     */
    public boolean receive(int senderId, byte[] data, int offset, int length) throws IOException {
        if (ForwardCodec.isForward(data, offset, length)) {
            return receiveForward(senderId, data, offset, length);
        }
        Message m;
        try {
            m = MessageCodec.fromBytes(data, offset, length, options.wireVersion());
        } catch (IOException e) {
            rejectedMessages++;
            return false;
        }
        if (!fromPeerToMe(senderId, m.from().value(), m.to().value())) return false;
        try {
            raft.step(m);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // a snapshot chunk could not be read or staged: the disk failed
        }
        return true;
    }

    /** Whether a decoded frame names its authenticated sender and this server; counts it as rejected otherwise. */
    private boolean fromPeerToMe(int senderId, int from, int to) {
        int self = options.nodeId();
        boolean ok = senderId >= 0 && senderId != self && from == senderId && to == self;
        if (!ok) rejectedMessages++;
        return ok;
    }

    /** A forwarded request or reply from peer {@code senderId}, decoded and checked like a Raft message. */
    private boolean receiveForward(int senderId, byte[] data, int offset, int length) {
        PeerForward f;
        try {
            f = ForwardCodec.fromBytes(data, offset, length);
        } catch (IOException e) {
            rejectedMessages++;
            return false;
        }
        if (!fromPeerToMe(senderId, f.from(), f.to())) return false;
        int self = options.nodeId();
        if (f instanceof PeerForward.Reply reply) {
            forwarded.onReply(reply);
            return true;
        }
        PeerForward.Request r = (PeerForward.Request) f;
        // Run here with the time the follower has left; the answer goes back to it, whatever it is (one hop: a
        // follower that is handed a request answers NotLeader rather than forward it again).
        long waitNs = Math.min(r.waitMs(), options.requestTimeoutMs()) * 1_000_000L;
        Answer back = new Answer(o -> sender.send(new PeerForward.Reply(self, r.from(), r.forwardId(), o)));
        submit(r.call().toRequest(clock.nowNs() + waitNs, back), false);
        return true;
    }

    /**
     * A client request: a leader proposes writes and starts ReadIndex reads; a follower that knows the leader hands
     * the request to it and answers with the leader's outcome (one hop); a server that knows no leader answers
     * {@code NotLeader}.
     */
    public void submit(ClientRequest request) throws IOException {
        submit(request, true);
    }

    private void submit(ClientRequest request, boolean mayForward) {
        if (request instanceof ClientRequest.Read r && options.unsafeStaleReads()) {
            // Deliberately unsafe: local state may be arbitrarily stale on a follower or a deposed leader.
            r.answer().complete(new Outcome.Done(kv.appliedIndex(), FileReads.read(kv, r.key())));
            return;
        }
        if (raft.role() != Role.LEADER) {
            notLeader(request, mayForward);
        } else if (request instanceof ClientRequest.Write w) {
            propose(w);
        } else if (request instanceof ClientRequest.TransferLeadership t) {
            transfer(t);
        } else if (request instanceof ClientRequest.ChangeMembership c) {
            changeMembership(c);
        } else {
            read((ClientRequest.Read) request);
        }
    }

    /** Not the leader: forward to the known leader (when allowed), else answer {@code NotLeader}. */
    private void notLeader(ClientRequest request, boolean mayForward) {
        int self = options.nodeId();
        int leader = raft.leader().map(NodeId::value).orElse(-1);
        if (!mayForward || leader < 0 || leader == self) {
            request.answer().complete(new Outcome.NotLeader());
            return;
        }
        ForwardCall call = ForwardCall.of(request);
        long id = forwarded.add(request, leader, call.sizeBytes());
        if (id < 0) {
            request.answer().complete(new Outcome.Unavailable("overloaded: too many requests forwarded to the leader",
                    true));
            return;
        }
        long waitMs = Math.max(0, (request.deadlineNs() - clock.nowNs()) / 1_000_000L);
        if (!sender.send(new PeerForward.Request(self, leader, id, waitMs, call))) forwarded.onNotSent(id);
    }

    private void propose(ClientRequest.Write w) {
        if (raft.transferTarget().isPresent()) {
            w.answer().complete(new Outcome.Unavailable("leadership is being handed over; retry shortly", true));
            return;
        }
        OptionalLong index = raft.propose(KvCodec.encode(w.command()));
        if (index.isEmpty()) {
            // Still leader, so the core refused for backpressure (too many uncommitted entries).
            w.answer().complete(new Outcome.Unavailable("overloaded: too many uncommitted entries", true));
            return;
        }
        pending.awaitApply(w, index.getAsLong(), raft.term());
    }

    private void transfer(ClientRequest.TransferLeadership t) {
        if (t.target() < 0 || t.target() == options.nodeId() || !raft.membership().isVoter(NodeId.of(t.target()))) {
            t.answer().complete(new Outcome.Conflict("server " + t.target() + " cannot take over: it is this leader or"
                    + " not a voter of " + raft.membership()));
            return;
        }
        long term = raft.term();
        if (raft.transferLeadership(NodeId.of(t.target()))) {
            t.answer().complete(new Outcome.Done(term, null));
        } else {
            t.answer().complete(new Outcome.Conflict("a leadership transfer to "
                    + raft.transferTarget().map(NodeId::toString).orElse("?") + " is in progress"));
        }
    }

    private void changeMembership(ClientRequest.ChangeMembership c) {
        multidriver.core.raft.Membership next;
        try {
            next = c.change().applyTo(raft.membership());
        } catch (IllegalArgumentException e) { // more members than a configuration holds
            c.answer().complete(new Outcome.Invalid(e.getMessage()));
            return;
        }
        if (next.equals(raft.membership())) {
            // Already in effect (a retry whose first answer was lost): done once committed, in progress before.
            if (raft.membershipIndex() <= raft.commitIndex()) {
                c.answer().complete(new Outcome.Done(raft.membershipIndex(), null));
            } else {
                c.answer().complete(new Outcome.Conflict("this change is in the log at index " + raft.membershipIndex()
                        + " and not committed yet"));
            }
            return;
        }
        for (multidriver.core.raft.Member m : next.members()) {
            if (m.voter() && !raft.membership().contains(m.id())) {
                // Thesis §4.2.1: a voter that has yet to receive the log can stall every commit (and every later
                // change). Checked here, against the leader's configuration, whichever server took the request.
                c.answer().complete(new Outcome.Invalid("a new member joins as a learner and is promoted once it has"
                        + " caught up (server " + m.id().value() + ")"));
                return;
            }
        }
        java.util.Optional<String> invalid = raft.membership().singleChangeProblem(next);
        if (invalid.isPresent()) {
            c.answer().complete(new Outcome.Invalid(invalid.get()));
            return;
        }
        java.util.Optional<String> blocked = raft.membershipChangeBlocker(next);
        if (blocked.isPresent()) {
            c.answer().complete(new Outcome.Conflict(blocked.get()));
            return;
        }
        OptionalLong index = raft.proposeMembership(next);
        pending.awaitApply(c, index.orElseThrow(), raft.term());
    }

    private void read(ClientRequest.Read r) {
        pending.startRead(r, this::readIndex);
    }

    /** False when the core cannot start a read now (thesis §6.4 step 1: no entry of this term committed yet). */
    private boolean readIndex(long readId) {
        return raft.readIndex(new RequestId(readId));
    }

    // ------------------------------------------------------------------------------------------------ the Ready loop

    /**
     * Runs the Ready contract for everything the inputs since the last call produced: persist (one write, one fsync
     * for the whole batch: group commit), send, apply, answer, advance. The driver calls it after one input (the
     * simulator, event by event) or after a batch of inputs (the node's event loop, per iteration).
     */
    public void drain() throws IOException {
        while (raft.hasReady()) {
            handle(raft.ready());
            maybeSnapshot();
        }
        Role role = raft.role();
        if (lastRole == Role.LEADER && role != Role.LEADER) {
            pending.onSteppedDown();
        }
        lastRole = role;
        int leader = raft.leader().map(NodeId::value).orElse(-1);
        if (leader != lastLeader) {
            forwarded.onLeaderChanged(leader, clock.nowNs());
            lastLeader = leader;
        }
    }

    private void handle(Ready rd) throws IOException {
        // Thesis §10.2.1 (and etcd's raft): a leader may replicate to followers in parallel with its own disk write.
        // It is safe here because this thread finishes the fsync below before it can process any follower's answer,
        // so no entry counts as committed (or is acknowledged) before the leader's copy is durable too. Votes, term
        // changes and follower acknowledgements still go out only after the fsync (§5.1).
        KvStateMachine restored = null;
        if (rd.snapshot() != null) {
            // §7 from the leader. Decoded before anything is made durable: a snapshot that does not decode stops this
            // incarnation without replacing what the disk holds.
            Snapshot s = rd.snapshot();
            byte[] kvBytes = SnapshotStream.kvPart(s.data(), SnapshotFiles.MAX_SNAPSHOT_BYTES);
            restored = KvStateMachine.restore(kvBytes, options.maxSessions(), options.sessionExpiryEntries());
            if (restored.appliedIndex() != s.index()) {
                throw new IllegalStateException("the leader's snapshot at " + s.index() + " holds the state at "
                        + restored.appliedIndex());
            }
            // The same stream this server would send of that state: its layout says where each blob lies in the
            // leader's bytes, and once installed it reads them from this server's own blobs.
            SnapshotStream installed = SnapshotStream.of(kvBytes, restored, blobs);
            if (installed.sizeBytes() != s.data().sizeBytes()) {
                throw new IllegalStateException("the leader's snapshot at " + s.index() + " has "
                        + s.data().sizeBytes() + " bytes, its state names " + installed.sizeBytes());
            }
            HardState hs = rd.hardState() != null ? rd.hardState() : persisted;
            if (!termAndVoteUnchanged(hs)) {
                // The term that came with the snapshot first (§5.1): the snapshot's term must never be durable
                // ahead of the node's own term. The commit index stays what the WAL already covers.
                persisted = new HardState(hs.term(), hs.votedFor(), persisted.commitIndex());
                wal.append(persisted, List.of(), true);
            }
            // The blobs it names first (each checked against its hash), then the snapshot file (file, rename,
            // directory), then the log starts over after it.
            java.util.SortedMap<Long, String> hashes = restored.files().blobHashes();
            for (SnapshotStream.BlobRange b : installed.blobRanges()) {
                blobs.install(b.id(), s.data(), b.start(), b.length(), hashes.get(b.id()));
            }
            blobs.syncDirty();
            snapshots.save(new Snapshot(s.index(), s.term(), s.membership(), kvBytes));
            wal.resetAfterSnapshot(s.index(), hs, raft.entries(s.index() + 1, raft.lastLogIndex()));
            persisted = hs;
            if (s.data() instanceof StagedSnapshotReceiver.Staged staged) {
                // The same bytes, now from the installed snapshot: this server may send it on as a leader.
                staged.rebind(installed);
            }
            receiver.removeFinished();
            blobs.collect(restored.files().blobLengths());
        }
        boolean overlap = raft.role() == Role.LEADER && termAndVoteUnchanged(rd.hardState());
        if (overlap) {
            send(rd.messages());
        }
        if (rd.hardState() != null || !rd.entries().isEmpty()) {
            boolean sync = rd.mustSync();
            if (sync && options.has(ServerBug.ACK_BEFORE_FSYNC)) {
                sync = false;
                deferredSync = true;
            }
            if (sync && overlap && options.has(ServerBug.LEADER_COUNTS_UNSYNCED)) {
                // BUG: the leader's own copy counts towards the commit quorum before it is durable.
                sync = false;
                deferredLeaderSync = true;
            }
            if (options.has(ServerBug.SKIP_FSYNC)) {
                sync = false;
            }
            wal.append(rd.hardState(), rd.entries(), sync);
            if (rd.hardState() != null) {
                persisted = rd.hardState();
            }
        }
        if (!overlap) {
            send(rd.messages());
        }
        if (options.has(ServerBug.ACK_ON_COMMIT)) {
            for (Entry e : rd.committedEntries()) {
                pending.onCommittedPresumingSuccess(e); // BUG: the answer is guessed, not the state machine's
            }
        }
        if (restored != null) {
            kv = restored;
            appliedBytesSinceSnapshot = 0;
            snapshotsInstalled++;
        }
        for (Entry e : rd.committedEntries()) {
            KvResult result = kv.apply(e);
            FileCommand.Chunk chunk = kv.blobWrite();
            if (chunk != null) blobs.write(chunk.uploadId(), chunk.offset(), chunk.bytes());
            pending.onApplied(e, result);
            appliedBytesSinceSnapshot += e.size();
        }
        for (ReadState rs : rd.readStates()) {
            pending.onReadState(rs);
        }
        pending.answerReads(kv.appliedIndex(), key -> FileReads.read(kv, key));
        raft.advance(rd);
    }

    /**
     * The snapshot policy (§7): once enough was applied since the last snapshot, the state machine's state at its
     * applied index is written durably, the core drops its log up to there, and the WAL deletes what it covered.
     */
    private void maybeSnapshot() throws IOException {
        long sinceEntries = kv.appliedIndex() - raft.snapshotIndex();
        if ((options.snapshotEveryEntries() > 0 && sinceEntries >= options.snapshotEveryEntries())
                || (options.snapshotEveryBytes() > 0 && appliedBytesSinceSnapshot >= options.snapshotEveryBytes())) {
            snapshotNow();
        }
    }

    /** Takes a snapshot at the applied index now, unless it is not past the last one or not yet advanced. */
    private void snapshotNow() throws IOException {
        long index = kv.appliedIndex();
        if (index <= raft.snapshotIndex() || index != raft.appliedIndex()) return;
        // The blobs first: the WAL entries that wrote them go once the snapshot is durable.
        blobs.syncDirty();
        byte[] data = kv.snapshot(!options.has(ServerBug.SNAPSHOT_WITHOUT_SESSIONS));
        snapshots.save(raft.snapshotAt(index, data));
        raft.compact(index, SnapshotStream.of(data, kv, blobs));
        wal.compact(index, persisted);
        // Blobs no longer named by the state are deleted only now that a snapshot without them is durable.
        blobs.collect(kv.files().blobLengths());
        appliedBytesSinceSnapshot = 0;
        snapshotsTaken++;
    }

    private boolean termAndVoteUnchanged(HardState next) {
        return next == null
                || (next.term() == persisted.term() && Objects.equals(next.votedFor(), persisted.votedFor()));
    }

    private void send(List<Message> messages) {
        for (Message m : messages) {
            sender.send(m);
        }
    }

    // ------------------------------------------------------------------------------------------------ observers

    /** The node's state for status pages and metrics. */
    public NodeStatus status(boolean running) {
        Role role = raft.role();
        java.util.TreeMap<Integer, Long> match = new java.util.TreeMap<>();
        for (NodeId id : raft.membership().ids()) {
            if (id.value() == options.nodeId()) {
                match.put(id.value(), role == Role.LEADER ? raft.lastLogIndex() : -1L);
            } else {
                OptionalLong m = raft.matchIndex(id);
                match.put(id.value(), m.isPresent() ? m.getAsLong() : -1L);
            }
        }
        return new NodeStatus(options.nodeId(), role, raft.term(), raft.leader().map(NodeId::value).orElse(-1),
                raft.commitIndex(), kv.appliedIndex(), raft.lastLogIndex(), match, raft.membership(),
                raft.membershipIndex(), raft.previousMembership(), running);
    }

    /** The Raft core, for read-only observation (the simulator's cluster-wide invariants). */
    public RaftNode raft() {
        return raft;
    }

    public KvStateMachine stateMachine() {
        return kv;
    }

    /** What WAL recovery did, for the node's log. */
    public List<String> recoveryNotes() {
        return wal.recoveryNotes();
    }

    /** Snapshots taken by this incarnation's policy. */
    public long snapshotsTaken() {
        return snapshotsTaken;
    }

    /** Snapshots received from a leader and installed by this incarnation. */
    public long snapshotsInstalled() {
        return snapshotsInstalled;
    }

    /** Peer messages dropped because they did not decode or did not come from their sender to this server. */
    public long rejectedMessages() {
        return rejectedMessages;
    }

    public ServerOptions options() {
        return options;
    }

    /** The server is stopping or failed: every waiting request ends; their writes may or may not be applied. */
    public void failAll(String reason) {
        pending.failAll(reason);
        forwarded.failAll(reason);
    }

    /** Syncs and releases the WAL (an orderly stop). */
    public void close() throws IOException {
        wal.close();
    }
}
