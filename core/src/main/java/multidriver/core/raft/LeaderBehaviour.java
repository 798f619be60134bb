package multidriver.core.raft;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.InstallSnapshotResponse;
import multidriver.core.raft.message.TimeoutNow;
import multidriver.core.raft.message.Message;

/**
 * A leader replicates its log with per-follower flow control ({@link Progress}), commits by counting replicas of
 * current-term entries (§5.3, §5.4.2), asserts its authority with heartbeats (§5.2), confirms ReadIndex requests
 * with a heartbeat round (thesis §6.4) and steps down when it loses touch with a quorum (CheckQuorum, thesis §6.2).
 * It tracks every other member of its configuration, voters and learners (thesis §4); only voters count.
 */
final class LeaderBehaviour implements RoleBehaviour {
    private final RaftNode node;
    private final int maxInflightAppends;
    /** One per other member of the configuration, in id order (deterministic iteration). */
    private final TreeMap<NodeId, Progress> progress = new TreeMap<>();
    private final PendingReads pendingReads = new PendingReads();
    private long readContextSeq;
    /** The follower leadership is being handed to (null: none), and the ticks the transfer has run. */
    private NodeId transferTarget;
    private int transferElapsedTicks;
    private boolean timeoutNowSent;

    LeaderBehaviour(RaftNode node, int maxInflightAppends) {
        this.node = node;
        this.maxInflightAppends = maxInflightAppends;
    }

    /** A new term of leadership: forget followers' progress, then append the term's no-op and announce it. */
    void start() {
        pendingReads.clear();
        progress.clear();
        membershipChanged();
        // §5.4.2 / §8: a leader commits entries of earlier terms only indirectly, by committing one of its own, so it
        // starts its term with a no-op.
        node.log.append(Entry.noop(node.log.lastIndex() + 1, node.term));
        maybeCommit();
        broadcastAppend(true);
    }

    /** A leader that steps down drops its pending reads: it can no longer prove they are linearizable. */
    void stop() {
        pendingReads.clear();
        transferTarget = null;
    }

    /**
     * The configuration changed (our own proposal, or a new term): track every other member, a new one from our
     * last index on (a probe finds where its log ends), and forget the removed ones.
     */
    void membershipChanged() {
        Membership m = node.membership();
        progress.keySet().removeIf(id -> !m.contains(id));
        for (NodeId id : m.ids()) {
            if (id.equals(node.id()) || progress.containsKey(id)) continue;
            Progress pr = new Progress(maxInflightAppends);
            pr.reset(node.log.lastIndex() + 1);
            progress.put(id, pr);
        }
        if (transferTarget != null && !progress.containsKey(transferTarget)) transferTarget = null;
        // Fewer voters may already confirm the reads that are waiting (a shrink to one voter confirms them all).
        pendingReads.releaseConfirmed(node.otherVoters(), node.selfVotes(), node.quorum(), node.readStates);
    }

    /** Thesis §4.2.2: a leader that committed its own removal tells its most up-to-date voter to campaign at once. */
    void handOver() {
        NodeId best = null;
        long bestMatch = -1;
        for (NodeId v : node.membership().voters()) {
            Progress pr = progress.get(v);
            if (pr != null && pr.match > bestMatch) {
                best = v;
                bestMatch = pr.match;
            }
        }
        if (best != null && bestMatch == node.log.lastIndex()) node.send(new TimeoutNow(node.id(), best, node.term, node.log.lastIndex()));
    }

    /** The lowest index a tracked peer is known to hold (what the slowest follower still needs starts after it). */
    long lowestMatch() {
        long lowest = node.log.lastIndex();
        for (Progress pr : progress.values()) lowest = Math.min(lowest, pr.match);
        return lowest;
    }

    boolean tracks(NodeId peer) {
        return progress.containsKey(peer);
    }

    /** Starts handing leadership to follower {@code target}; false while another transfer runs. */
    boolean transferTo(NodeId target) {
        if (transferTarget != null || !progress.containsKey(target)) return false;
        transferTarget = target;
        transferElapsedTicks = 0;
        timeoutNowSent = false;
        maybeSendTimeoutNow();
        if (!timeoutNowSent) {
            // Probe from what the target is known to hold, at once: appends in flight may have been lost, and waiting
            // for the heartbeat round that would notice it costs time the transfer is bounded by.
            Progress pr = progress.get(target);
            if (pr.state != Progress.State.SNAPSHOT) {
                pr.next = pr.match + 1;
                pr.becomeProbe();
            }
            sendAppends(target, true);
        }
        return true;
    }

    Optional<NodeId> transferTarget() {
        return Optional.ofNullable(transferTarget);
    }

    /** Once the target holds our whole log, it may campaign at once and win (§5.4.1 it is as up to date as we are). */
    private void maybeSendTimeoutNow() {
        if (transferTarget == null || timeoutNowSent) return;
        if (progress.get(transferTarget).match == node.log.lastIndex()) {
            node.send(new TimeoutNow(node.id(), transferTarget, node.term, node.log.lastIndex()));
            timeoutNowSent = true;
        }
    }

    /** A command was appended to our log: commit it if we are alone, and stream it to the followers. */
    void replicate() {
        maybeCommit();
        broadcastAppend(false);
    }

    /** Queues a read at the current commit index; false when too many are pending. */
    boolean readIndex(RequestId requestId) {
        boolean firstPending = pendingReads.isEmpty();
        if (!pendingReads.add(requestId, node.commitIndex, ++readContextSeq)) return false;
        // §6.4 step 3: confirm leadership with a heartbeat round that starts after the read arrived. Reads that
        // arrive while one round is out ride on the next periodic heartbeat (which carries the newest context).
        if (firstPending) broadcastHeartbeat(readContextSeq);
        return true;
    }

    /** Highest index known replicated on {@code peer}; 0 for a server we do not track. */
    long matchIndex(NodeId peer) {
        Progress pr = progress.get(peer);
        return pr == null ? 0 : pr.match;
    }

    int pendingReadCount() {
        return pendingReads.size();
    }

    @Override
    public void tick() {
        node.heartbeatElapsedTicks++;
        node.electionElapsedTicks++;
        RaftConfig config = node.config();
        if (transferTarget != null && ++transferElapsedTicks >= config.electionTimeoutMinTicks()) {
            // Thesis §3.10: a transfer that has not completed within an election timeout is abandoned; the leader
            // accepts proposals again (the target may still win later, which is an ordinary election).
            transferTarget = null;
        }
        if (node.electionElapsedTicks >= config.electionTimeoutMinTicks()) {
            node.electionElapsedTicks = 0;
            if (config.checkQuorum()) {
                // CheckQuorum (thesis §6.2): a leader that has not heard from a quorum in an election timeout may
                // have been deposed; it steps down so clients look for the real leader.
                if (!quorumRecentlyActive()) {
                    node.becomeFollower(node.term, null);
                    return;
                }
                for (Progress pr : progress.values()) pr.recentActive = false;
            }
        }
        if (node.heartbeatElapsedTicks >= config.heartbeatIntervalTicks()) {
            node.heartbeatElapsedTicks = 0;
            broadcastHeartbeat(pendingReads.latestContext());
        }
    }

    @Override
    public void step(Message m) {
        if (m instanceof AppendEntriesResponse r) {
            handleAppendResponse(r);
        } else if (m instanceof HeartbeatResponse r) {
            handleHeartbeatResponse(r);
        } else if (m instanceof InstallSnapshotResponse r) {
            handleSnapshotResponse(r);
        }
        // AppendEntries/Heartbeat of our own term can only come from a second leader of this term, which election
        // safety rules out; vote responses are stale. All dropped.
    }

    /** CheckQuorum counts voters only: hearing from learners proves nothing about leadership. */
    private boolean quorumRecentlyActive() {
        int active = node.selfVotes() ? 1 : 0;
        for (NodeId v : node.otherVoters()) {
            Progress pr = progress.get(v);
            if (pr != null && pr.recentActive) active++;
        }
        return active >= node.quorum();
    }

    private void handleAppendResponse(AppendEntriesResponse r) {
        NodeId i = r.from();
        Progress pr = progress.get(i);
        if (pr == null) return; // a server no longer (or not yet) in our configuration
        pr.recentActive = true;
        if (!r.success()) {
            if (pr.maybeDecrease(r.matchIndex(), r.rejectHint())) sendAppends(i, true);
            return;
        }
        if (r.matchIndex() > node.log.lastIndex()) {
            throw new IllegalArgumentException(node.id() + ": " + r.from() + " acknowledges index " + r.matchIndex()
                    + " beyond our last index " + node.log.lastIndex());
        }
        boolean updated = pr.maybeUpdate(r.matchIndex());
        if (i.equals(transferTarget)) maybeSendTimeoutNow();
        if (pr.state == Progress.State.PROBE && pr.match == r.matchIndex()) pr.becomeReplicate();
        // The follower installed the snapshot (or already held what it covers): replicate from there.
        if (pr.state == Progress.State.SNAPSHOT && pr.match >= pr.pendingSnapshot.index()) pr.becomeReplicate();
        if (updated && maybeCommit()) {
            broadcastAppend(false);
        } else {
            sendAppends(i, false);
        }
    }

    /** A chunk arrived (or the follower names the offset it expects): send the next one. */
    private void handleSnapshotResponse(InstallSnapshotResponse r) {
        NodeId i = r.from();
        Progress pr = progress.get(i);
        if (pr == null) return;
        pr.recentActive = true;
        if (pr.state != Progress.State.SNAPSHOT || r.snapshotIndex() != pr.pendingSnapshot.index()) return; // stale
        // The answer to an older copy of a chunk (a resend after a quiet heartbeat round raced the original): the
        // chunk in flight will be answered too; acting on both would double the stream of chunks.
        if (pr.snapshotChunkInFlight && r.nextOffset() != 0 && r.nextOffset() <= pr.snapshotOffset) return;
        long total = pr.pendingSnapshot.data().sizeBytes();
        pr.snapshotOffset = r.nextOffset() >= 0 && r.nextOffset() <= total ? r.nextOffset() : 0;
        pr.snapshotChunkInFlight = false;
        sendSnapshotChunk(i);
    }

    /** Chunk size of InstallSnapshot: well inside a transport frame. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;

    /**
     * One chunk of the pinned snapshot at the offset the follower expects, unless one is in flight (§7). A pinned
     * snapshot whose bytes are gone (the driver replaced it with a newer one and deleted what only the old one needed)
     * is replaced by the newest, from offset 0.
     */
    private boolean sendSnapshotChunk(NodeId i) {
        Progress pr = progress.get(i);
        if (pr.snapshotChunkInFlight) return false;
        byte[] chunk;
        try {
            chunk = readChunk(pr.pendingSnapshot, pr.snapshotOffset);
        } catch (SnapshotData.Unavailable gone) {
            Snapshot newest = node.latestSnapshot().orElseThrow();
            if (newest == pr.pendingSnapshot) throw gone;
            pr.becomeSnapshot(newest);
            chunk = readChunk(newest, 0);
        }
        Snapshot s = pr.pendingSnapshot;
        node.send(new InstallSnapshot(node.id(), i, node.term, s.index(), s.term(), s.membership(), pr.snapshotOffset,
                s.data().sizeBytes(), chunk));
        pr.snapshotChunkInFlight = true;
        return true;
    }

    private static byte[] readChunk(Snapshot s, long from) {
        long total = s.data().sizeBytes();
        return s.data().read(from, (int) Math.min(total - from, SNAPSHOT_CHUNK_BYTES));
    }

    private void handleHeartbeatResponse(HeartbeatResponse r) {
        NodeId i = r.from();
        Progress pr = progress.get(i);
        if (pr == null) return;
        pr.recentActive = true;
        long lastIndex = node.log.lastIndex();
        if (pr.state == Progress.State.SNAPSHOT) {
            // No chunk acknowledged for a whole heartbeat round: it (or its answer) was lost; send it again.
            if (pr.snapshotOffset == pr.snapshotOffsetAtLastHeartbeatAck) pr.snapshotChunkInFlight = false;
            pr.snapshotOffsetAtLastHeartbeatAck = pr.snapshotOffset;
            sendSnapshotChunk(i);
        } else if (pr.state == Progress.State.PROBE) {
            pr.probeSent = false; // the follower is reachable: probe again
        } else if (pr.match < lastIndex && pr.match == pr.matchAtLastHeartbeatAck && pr.inflightCount() > 0) {
            // No acknowledgement for a whole heartbeat round while appends are in flight: assume they were lost
            // and fall back to probing from the last known match.
            pr.next = pr.match + 1;
            pr.becomeProbe();
        }
        pr.matchAtLastHeartbeatAck = pr.match;
        if (pr.match < lastIndex) sendAppends(i, true);
        if (r.readContext() != 0) {
            pendingReads.ack(r.readContext(), i);
            pendingReads.releaseConfirmed(node.otherVoters(), node.selfVotes(), node.quorum(), node.readStates);
        }
    }

    /** §5.3/§5.4.2: the highest index stored on a quorum commits, but only if it is from the current term. */
    boolean maybeCommit() {
        // Voters only (thesis §4); a leader that is being removed stores entries but does not count (§4.2.2).
        List<NodeId> others = node.otherVoters();
        boolean self = node.selfVotes();
        long[] matches = new long[others.size() + (self ? 1 : 0)];
        int k = 0;
        // Thesis §10.2.1: the leader counts its own copy only once it is durable (handed out and advanced). Counting
        // the unpersisted tail let a leader that is the only voter commit before its fsync, and the commit index then
        // reached learners in the AppendEntries sent in parallel with that fsync; when the fsync failed, a learner
        // held as committed an entry the restarted leader had lost (found by ScheduleProperties).
        if (self) matches[k++] = Math.min(node.log.lastIndex(), node.log.unstableFrom() - 1);
        for (NodeId v : others) {
            Progress pr = progress.get(v);
            matches[k++] = pr == null ? 0 : pr.match;
        }
        int quorum = node.quorum();
        if (matches.length < quorum) return false;
        Arrays.sort(matches);
        long quorumIndex = matches[matches.length - quorum];
        if (quorumIndex <= node.commitIndex) return false;
        // Figure 8: an entry from an earlier term stored on a majority can still be overwritten by a future leader;
        // only counting replicas of current-term entries is safe (the deliberate bug counts them anyway).
        if (node.log.termAt(quorumIndex) != node.term && !node.config().has(DeliberateBug.COMMIT_OLD_TERM)) {
            return false;
        }
        node.commitTo(quorumIndex);
        return true;
    }

    private void broadcastAppend(boolean sendIfEmpty) {
        for (NodeId i : progress.keySet()) sendAppends(i, sendIfEmpty);
    }

    /** Sends to follower {@code i} as much as its flow control allows: one probe, or a window of batches. */
    private void sendAppends(NodeId i, boolean sendIfEmpty) {
        if (!sendAppend(i, sendIfEmpty)) return;
        while (progress.get(i).state == Progress.State.REPLICATE && sendAppend(i, false)) {
            // keep filling the pipeline up to maxInflightAppends
        }
    }

    /** Byte bound of one AppendEntries' entries; a single larger entry still goes, alone. */
    static final long MAX_BYTES_PER_APPEND = 8L << 20;

    private boolean sendAppend(NodeId i, boolean sendIfEmpty) {
        Progress pr = progress.get(i);
        if (pr.state == Progress.State.SNAPSHOT) return sendSnapshotChunk(i);
        if (pr.isPaused()) return false;
        RaftLog log = node.log;
        long prevIndex = pr.next - 1;
        if (prevIndex < log.snapshotIndex()) {
            // §7: the follower needs entries we no longer hold.
            pr.becomeSnapshot(node.latestSnapshot().orElseThrow());
            return sendSnapshotChunk(i);
        }
        long prevTerm = log.termAt(prevIndex);
        if (prevTerm < 0) {
            throw new IllegalStateException(node.id() + ": progress of " + i + " points past our log: "
                    + pr + ", last index " + log.lastIndex());
        }
        long lastIndex = Math.min(log.lastIndex(), prevIndex + node.config().maxEntriesPerAppend());
        List<Entry> entries = log.slice(pr.next, lastIndex);
        // Bounded by bytes too, so that no AppendEntries outgrows a transport frame (64 big entries would): at least
        // one entry, then as many as fit in MAX_BYTES_PER_APPEND.
        long bytes = 0;
        for (int k = 0; k < entries.size(); k++) {
            bytes += entries.get(k).size();
            if (k > 0 && bytes > MAX_BYTES_PER_APPEND) {
                entries = entries.subList(0, k);
                lastIndex = prevIndex + k;
                break;
            }
        }
        // An empty append is only a probe; in REPLICATE the commit index travels with heartbeats instead.
        if (entries.isEmpty() && (!sendIfEmpty || pr.state == Progress.State.REPLICATE)) return false;
        node.send(new AppendEntries(node.id(), i, node.term, prevIndex, prevTerm, entries, node.commitIndex));
        pr.sentEntries(entries.isEmpty() ? prevIndex : lastIndex);
        return true;
    }

    private void broadcastHeartbeat(long readContext) {
        for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
            // §5.3: never tell a follower to commit beyond what it is known to hold.
            long commit = Math.min(e.getValue().match, node.commitIndex);
            // Deliberate bug: heartbeats carry no commit index, so once writes stop followers never catch up.
            if (node.config().has(DeliberateBug.NO_CONVERGE)) commit = 0;
            node.send(new Heartbeat(node.id(), e.getKey(), node.term, commit, readContext));
        }
    }
}
