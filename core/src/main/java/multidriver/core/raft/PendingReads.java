package multidriver.core.raft;

import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;

/**
 * A leader's ReadIndex requests waiting for leadership confirmation (thesis §6.4). Each read records the commit
 * index at its arrival and a read context; heartbeats carry the newest context, and an acknowledgement of context
 * {@code c} from a follower confirms every read with context {@code <= c} (the follower answered after all of them
 * arrived). So it is enough to keep, per follower, the newest context it acknowledged. Reads are released in
 * arrival order once a quorum of voters (including the leader, if it votes) confirmed them.
 */
final class PendingReads {
    /** Bound on queued reads: beyond it {@link RaftNode#readIndex} refuses (callers retry). */
    static final int MAX_PENDING_READS = 4096;

    private static final class Read {
        final RequestId requestId;
        final long readIndex;
        final long context;

        Read(RequestId requestId, long readIndex, long context) {
            this.requestId = requestId;
            this.readIndex = readIndex;
            this.context = context;
        }
    }

    private final ArrayDeque<Read> queue = new ArrayDeque<>();
    /** Newest read context each follower acknowledged in this leader term. */
    private final TreeMap<NodeId, Long> acked = new TreeMap<>();

    boolean add(RequestId requestId, long readIndex, long context) {
        if (queue.size() >= MAX_PENDING_READS) return false;
        queue.addLast(new Read(requestId, readIndex, context));
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Context of the newest pending read, or 0 when none is pending. */
    long latestContext() {
        return queue.isEmpty() ? 0 : queue.peekLast().context;
    }

    /** {@code peer} acknowledged a heartbeat carrying {@code context}. */
    void ack(long context, NodeId peer) {
        acked.merge(peer, context, Math::max);
    }

    /**
     * Moves every confirmed read, oldest first, to {@code out}: confirmed by {@code quorum} of the voters, counting
     * the leader when {@code selfVotes} and each of {@code otherVoters} that acknowledged the read's context.
     */
    void releaseConfirmed(List<NodeId> otherVoters, boolean selfVotes, int quorum, List<ReadState> out) {
        while (!queue.isEmpty()) {
            long context = queue.peekFirst().context;
            int confirmations = selfVotes ? 1 : 0;
            for (NodeId v : otherVoters) if (acked.getOrDefault(v, 0L) >= context) confirmations++;
            if (confirmations < quorum) return;
            Read read = queue.pollFirst();
            out.add(new ReadState(read.requestId, read.readIndex));
        }
    }

    /** A leader that steps down drops its pending reads: it can no longer prove they are linearizable. */
    void clear() {
        queue.clear();
        acked.clear();
    }
}
