package multidriver.core.raft;

/**
 * A leader's view of one follower (§5.3 nextIndex/matchIndex), with etcd's flow control: in PROBE state the leader
 * sends one append at a time until it finds where the logs match; in REPLICATE state it streams appends
 * optimistically, at most {@code maxInflight} unacknowledged at once (a ring of their last indexes).
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    private final long[] inflightLastIndexes;
    private int inflightStart;
    private int inflightCount;

    long match;
    long next;
    State state = State.PROBE;
    /** PROBE: an append is outstanding, wait for its answer (or a heartbeat response) before probing again. */
    boolean probeSent;
    /** Heard from this follower since the last CheckQuorum round (thesis §6.2). */
    boolean recentActive;
    /** match when the previous heartbeat response arrived: no progress over a whole round means appends were lost. */
    long matchAtLastHeartbeatAck;
    /**
     * SNAPSHOT: the snapshot being sent (pinned: a newer compaction does not restart a transfer that is under way),
     * the offset the follower expects next, one chunk in flight.
     */
    Snapshot pendingSnapshot;
    long snapshotOffset;
    boolean snapshotChunkInFlight;
    long snapshotOffsetAtLastHeartbeatAck = -1;

    Progress(int maxInflight) {
        inflightLastIndexes = new long[maxInflight];
    }

    void reset(long nextIndex) {
        match = 0;
        matchAtLastHeartbeatAck = 0;
        next = nextIndex;
        becomeProbe();
        recentActive = false;
    }

    void becomeProbe() {
        state = State.PROBE;
        pendingSnapshot = null;
        probeSent = false;
        clearInflight();
    }

    /** The follower needs entries we compacted: send it our snapshot at {@code index}, from its first byte (§7). */
    void becomeSnapshot(Snapshot snapshot) {
        state = State.SNAPSHOT;
        pendingSnapshot = snapshot;
        snapshotOffset = 0;
        snapshotChunkInFlight = false;
        snapshotOffsetAtLastHeartbeatAck = -1;
        probeSent = false;
        clearInflight();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        pendingSnapshot = null;
        next = match + 1;
        probeSent = false;
        clearInflight();
    }

    /** True when no further append may be sent now. */
    boolean isPaused() {
        if (state == State.SNAPSHOT) return snapshotChunkInFlight;
        return state == State.PROBE ? probeSent : inflightCount == inflightLastIndexes.length;
    }

    /** Record an optimistic append ending at {@code lastIndex} (REPLICATE), or an outstanding probe (PROBE). */
    void sentEntries(long lastIndex) {
        if (state == State.REPLICATE) {
            next = lastIndex + 1;
            inflightLastIndexes[(inflightStart + inflightCount) % inflightLastIndexes.length] = lastIndex;
            inflightCount++;
        } else {
            probeSent = true;
        }
    }

    /** An acknowledgement up to {@code index}; returns true when match advanced. */
    boolean maybeUpdate(long index) {
        boolean updated = index > match;
        if (updated) {
            match = index;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        freeInflightUpTo(index);
        return updated;
    }

    /**
     * The follower rejected an append whose prevLogIndex was {@code rejected}; {@code hint} is the highest index
     * that may still match. Returns false for a stale rejection (one about an append superseded since).
     */
    boolean maybeDecrease(long rejected, long hint) {
        if (state == State.SNAPSHOT) return false; // an answer to an append from before the snapshot transfer
        if (state == State.REPLICATE) {
            if (rejected <= match) return false;
            next = Math.max(match + 1, Math.min(rejected, hint + 1));
            becomeProbe();
            return true;
        }
        if (next - 1 != rejected) return false;
        // Not clamped at match + 1 (as etcd's raft does not): a probe rejected at next - 1 means the follower does not
        // hold what it once acknowledged (a lost disk, a restored backup). Clamping would resend the same probe forever
        // (found by the simulator as a message storm); following the hint re-replicates the follower's missing suffix,
        // and the consistency check of §5.3 still guards every append.
        next = Math.max(1, Math.min(rejected, hint + 1));
        // Below match, the follower has shown it lacks what it once held: forget that knowledge (commit never moves
        // back; heartbeats then cap its commit index at what it really holds).
        match = Math.min(match, next - 1);
        probeSent = false;
        return true;
    }

    private void freeInflightUpTo(long index) {
        while (inflightCount > 0 && inflightLastIndexes[inflightStart] <= index) {
            inflightStart = (inflightStart + 1) % inflightLastIndexes.length;
            inflightCount--;
        }
    }

    private void clearInflight() {
        inflightStart = 0;
        inflightCount = 0;
    }

    int inflightCount() {
        return inflightCount;
    }

    @Override
    public String toString() {
        return "Progress{match=" + match + ", next=" + next + ", " + state + (probeSent ? " probeSent" : "")
                + ", inflight=" + inflightCount + "}";
    }
}
