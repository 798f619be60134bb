package multidriver.core.raft;

import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.InstallSnapshotResponse;
import multidriver.core.raft.message.TimeoutNow;
import multidriver.core.raft.message.Message;

/** A follower accepts its leader's log (§5.3) and commit index, and campaigns when the leader goes quiet (§5.2). */
final class FollowerBehaviour implements RoleBehaviour {
    private final RaftNode node;

    FollowerBehaviour(RaftNode node) {
        this.node = node;
    }

    @Override
    public void tick() {
        node.tickElection();
    }

    @Override
    public void step(Message m) {
        if (m instanceof AppendEntries ae) {
            node.heardFromLeader(ae.from());
            handleAppendEntries(ae);
        } else if (m instanceof Heartbeat hb) {
            node.heardFromLeader(hb.from());
            handleHeartbeat(hb);
        } else if (m instanceof InstallSnapshot is) {
            node.heardFromLeader(is.from());
            handleInstallSnapshot(is);
        } else if (m instanceof TimeoutNow t && node.leader().filter(t.from()::equals).isPresent()) {
            // Only our leader may hand leadership over to us (thesis §3.10), and only while the invitation is
            // current: the leader sends it when our log equals its own, and takes no proposals until the transfer
            // ends. A log that has moved since means the transfer was abandoned and this copy arrived late.
            if (t.leaderLastIndex() == TimeoutNow.UNKNOWN_INDEX || t.leaderLastIndex() == node.log.lastIndex()) {
                node.campaignForTransfer();
            }
        }
        // vote responses for an abandoned campaign and leader-bound responses are stale here: dropped
    }

    /**
     * §5.3: accept entries only if our log holds prevLogIndex with prevLogTerm; delete a conflicting suffix and
     * append what is new. A rejection carries the rejected prevLogIndex (in {@code matchIndex}) and a hint of the
     * highest index that may still match (in {@code rejectHint}).
     */
    private void handleAppendEntries(AppendEntries ae) {
        RaftLog log = node.log;
        List<Entry> entries = ae.entries();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).index() != ae.prevLogIndex() + 1 + i) {
                throw new IllegalArgumentException(node.id() + ": AppendEntries entries not contiguous after "
                        + "prevLogIndex " + ae.prevLogIndex() + ": " + entries);
            }
        }
        long prevIndex = ae.prevLogIndex();
        long prevTerm = ae.prevLogTerm();
        if (prevIndex < node.commitIndex) {
            // Our committed prefix matches every leader's log (§5.4.3); skip the part of the batch inside it, after
            // checking that it really matches.
            int skip = (int) Math.min(entries.size(), node.commitIndex - prevIndex);
            for (int k = 0; k < skip; k++) {
                Entry e = entries.get(k);
                // Entries inside our snapshot cannot be compared any more; they are committed, so they match (§5.4.3).
                if (!log.isCompacted(e.index()) && log.termAt(e.index()) != e.term()) throw committedEntryOverwritten(ae, e);
            }
            if (skip == entries.size()) {
                node.send(new AppendEntriesResponse(node.id(), ae.from(), node.term, true, node.commitIndex, 0));
                return;
            }
            entries = entries.subList(skip, entries.size());
            prevIndex = node.commitIndex;
            prevTerm = log.termAt(node.commitIndex);
        }
        if (!log.matchTerm(prevIndex, prevTerm)) {
            node.send(new AppendEntriesResponse(node.id(), ae.from(), node.term, false, ae.prevLogIndex(),
                    rejectHint(prevIndex, prevTerm)));
            return;
        }
        for (Entry e : entries) {
            long ourTerm = log.termAt(e.index());
            if (ourTerm == e.term()) continue; // already have it (a duplicate or pipelined retransmission)
            if (ourTerm < 0) {
                log.append(e);
                continue;
            }
            if (node.config().has(DeliberateBug.NO_TRUNCATE)) continue; // deliberate bug: keep our conflicting entry
            if (e.index() <= node.commitIndex) throw committedEntryOverwritten(ae, e);
            // §5.3: an existing entry conflicts with a new one: delete it and all that follow it.
            log.truncateFrom(e.index());
            log.append(e);
        }
        long lastNewIndex = prevIndex + entries.size();
        if (ae.leaderCommit() > node.commitIndex) node.commitTo(Math.min(ae.leaderCommit(), lastNewIndex));
        node.send(new AppendEntriesResponse(node.id(), ae.from(), node.term, true, lastNewIndex, 0));
    }

    /** The snapshot being received: chunks arrive in order and go to the node's {@link SnapshotReceiver}. */
    private boolean receiving;
    private long incomingIndex;
    private long incomingTerm;
    private long incomingTotal;
    private long incomingBytes;
    /** The term of the leader sending it: a new leader's snapshot is never spliced onto another's bytes. */
    private long incomingLeaderTerm;

    private void abandonIncoming() {
        if (receiving) node.snapshotReceiver().discard();
        receiving = false;
    }

    /**
     * §7 InstallSnapshot, in chunks: a chunk at the expected offset is appended, any other is answered with the
     * offset expected (so a lost chunk is resent and a duplicate ignored). A snapshot that covers only committed
     * entries we hold changes nothing. The complete snapshot replaces the log it covers and is answered as a
     * successful append up to its index.
     */
    private void handleInstallSnapshot(InstallSnapshot is) {
        // A snapshot that is not ahead of what we committed would take the state machine back in time (the deliberate
        // bug installs it anyway).
        if (is.snapshotIndex() <= node.commitIndex && !node.config().has(DeliberateBug.APPLY_SNAPSHOT_OUT_OF_ORDER)) {
            abandonIncoming();
            node.send(new AppendEntriesResponse(node.id(), is.from(), node.term, true, node.commitIndex, 0));
            return;
        }
        SnapshotReceiver receiver = node.snapshotReceiver();
        boolean same = receiving && incomingIndex == is.snapshotIndex() && incomingTerm == is.snapshotTerm()
                && incomingTotal == is.totalBytes() && incomingLeaderTerm == node.term;
        if (!same) {
            abandonIncoming();
            if (is.offset() != 0 || is.totalBytes() > receiver.maxBytes()) {
                node.send(new InstallSnapshotResponse(node.id(), is.from(), node.term, is.snapshotIndex(), 0));
                return;
            }
            incomingIndex = is.snapshotIndex();
            incomingTerm = is.snapshotTerm();
            incomingTotal = is.totalBytes();
            incomingLeaderTerm = node.term;
            incomingBytes = 0;
            receiver.begin(incomingIndex, incomingTerm, incomingTotal);
            receiving = true;
        }
        if (is.offset() != incomingBytes) {
            node.send(new InstallSnapshotResponse(node.id(), is.from(), node.term, is.snapshotIndex(), incomingBytes));
            return;
        }
        receiver.append(is.chunk());
        incomingBytes += is.chunk().length;
        if (incomingBytes < incomingTotal) {
            node.send(new InstallSnapshotResponse(node.id(), is.from(), node.term, is.snapshotIndex(), incomingBytes));
            return;
        }
        receiving = false;
        Snapshot snapshot = new Snapshot(incomingIndex, incomingTerm, is.membership(), receiver.finish());
        node.installSnapshot(snapshot);
        node.send(new AppendEntriesResponse(node.id(), is.from(), node.term, true, snapshot.index(), 0));
    }

    /** §5.4 Leader Completeness: no leader can hold an entry that conflicts with a committed one. */
    private InvariantViolation committedEntryOverwritten(AppendEntries ae, Entry e) {
        return new InvariantViolation("committed entry overwritten", node.id() + " term " + node.term + ": leader "
                + ae.from() + " sends " + e + " over committed " + node.log.get(e.index()) + " (commit "
                + node.commitIndex + ")");
    }

    /**
     * Fast backup (§5.3): entries with a term above the leader's prevLogTerm cannot match; if the conflict is an
     * older term, skip that whole run of entries (as the paper suggests), but never below our commit index, which
     * matches the leader for sure.
     */
    private long rejectHint(long prevIndex, long prevTerm) {
        RaftLog log = node.log;
        if (prevIndex > log.lastIndex()) return log.lastIndex();
        long conflictTerm = log.termAt(prevIndex);
        long hint = log.lastIndexWithTermAtMost(prevIndex, prevTerm, node.commitIndex);
        if (hint > node.commitIndex && log.termAt(hint) == conflictTerm) {
            hint = log.firstIndexOfTermRun(hint, node.commitIndex) - 1;
        }
        return Math.max(hint, node.commitIndex);
    }

    private void handleHeartbeat(Heartbeat hb) {
        // The leader caps the heartbeat's commit index at what it knows we hold, so it is safe to adopt.
        long commit = Math.min(hb.commitIndex(), node.log.lastIndex());
        if (commit > node.commitIndex) node.commitTo(commit);
        node.send(new HeartbeatResponse(node.id(), hb.from(), node.term, hb.readContext()));
    }
}
