package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ReadIndex queue (thesis §6.4): confirmation by quorum, in arrival order, bounded. */
class PendingReadsTest {
    private static final List<NodeId> OTHERS = List.of(NodeId.of(1), NodeId.of(2), NodeId.of(3), NodeId.of(4));

    @Test
    void aLaterAcknowledgementConfirmsEveryEarlierReadInOrder() {
        PendingReads reads = new PendingReads();
        reads.add(new RequestId(1), 10, 1);
        reads.add(new RequestId(2), 11, 2);
        reads.add(new RequestId(3), 12, 3);
        List<ReadState> out = new ArrayList<>();
        reads.ack(2, NodeId.of(1)); // n1 answered the heartbeat carrying context 2: confirms reads 1 and 2
        reads.releaseConfirmed(OTHERS, true, 3, out); // quorum of five: leader + two peers
        assertTrue(out.isEmpty());
        reads.ack(2, NodeId.of(4));
        reads.releaseConfirmed(OTHERS, true, 3, out);
        assertEquals(List.of(new ReadState(new RequestId(1), 10), new ReadState(new RequestId(2), 11)), out);
        assertEquals(1, reads.size());
        assertEquals(3, reads.latestContext());
    }

    @Test
    void theSamePeerAcknowledgingTwiceIsNotAQuorum() {
        PendingReads reads = new PendingReads();
        reads.add(new RequestId(1), 5, 1);
        reads.ack(1, NodeId.of(2));
        reads.ack(1, NodeId.of(2));
        List<ReadState> out = new ArrayList<>();
        reads.releaseConfirmed(OTHERS, true, 3, out);
        assertTrue(out.isEmpty());
    }

    @Test
    void learnersAndALeaderBeingRemovedDoNotCount() {
        PendingReads reads = new PendingReads();
        reads.add(new RequestId(1), 5, 1);
        reads.ack(1, NodeId.of(7)); // a learner: not among the voters
        reads.ack(1, NodeId.of(1));
        List<ReadState> out = new ArrayList<>();
        reads.releaseConfirmed(OTHERS, false, 3, out); // the leader is leaving: it needs three others
        assertTrue(out.isEmpty());
        reads.ack(1, NodeId.of(2));
        reads.releaseConfirmed(OTHERS, false, 3, out);
        assertTrue(out.isEmpty());
        reads.ack(1, NodeId.of(3));
        reads.releaseConfirmed(OTHERS, false, 3, out);
        assertEquals(1, out.size());
    }

    @Test
    void theQueueIsBounded() {
        PendingReads reads = new PendingReads();
        for (int i = 0; i < PendingReads.MAX_PENDING_READS; i++) assertTrue(reads.add(new RequestId(i), 1, i + 1));
        assertFalse(reads.add(new RequestId(-1), 1, Long.MAX_VALUE));
        reads.clear();
        assertTrue(reads.isEmpty());
        assertEquals(0, reads.latestContext());
    }
}
