package multidriver.core.raft;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A leader's ReadIndex requests waiting for leadership confirmation (thesis §6.4). Each read records the commit
 * index at its arrival and a read context; heartbeats carry the newest context, and an acknowledgement of context
 * {@code c} from a follower confirms every read with context {@code <= c} (the follower answered after all of them
 * arrived). Reads are released in arrival order once a quorum (including the leader) confirmed them.
 */
final class PendingReads {
    /** Bound on queued reads: beyond it {@link RaftNode#readIndex} refuses (callers retry). */
    static final int MAX_PENDING_READS = 4096;

    private static final class Read {
        final RequestId requestId;
        final long readIndex;
        final long context;
        long ackMask;

        Read(RequestId requestId, long readIndex, long context) {
            this.requestId = requestId;
            this.readIndex = readIndex;
            this.context = context;
        }
    }

    private final ArrayDeque<Read> queue = new ArrayDeque<>();

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

    /** Peer {@code peerIndex} acknowledged a heartbeat carrying {@code context}. */
    void ack(long context, int peerIndex) {
        long bit = 1L << peerIndex;
        for (Read read : queue) {
            if (read.context > context) break;
            read.ackMask |= bit;
        }
    }

    /** Moves every confirmed read, oldest first, to {@code out}; {@code quorum} counts the leader itself. */
    void releaseConfirmed(int quorum, List<ReadState> out) {
        while (!queue.isEmpty() && Long.bitCount(queue.peekFirst().ackMask) + 1 >= quorum) {
            Read read = queue.pollFirst();
            out.add(new ReadState(read.requestId, read.readIndex));
        }
    }

    /** A leader that steps down drops its pending reads: it can no longer prove they are linearizable. */
    void clear() {
        queue.clear();
    }
}
