package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ReadIndex queue (thesis §6.4): confirmation by quorum, in arrival order, bounded. */
class PendingReadsTest {

    @Test
    void aLaterAcknowledgementConfirmsEveryEarlierReadInOrder() {
        PendingReads reads = new PendingReads();
        reads.add(new RequestId(1), 10, 1);
        reads.add(new RequestId(2), 11, 2);
        reads.add(new RequestId(3), 12, 3);
        List<ReadState> out = new ArrayList<>();
        reads.ack(2, 0); // peer 0 answered the heartbeat carrying context 2: confirms reads 1 and 2
        reads.releaseConfirmed(3, out); // quorum of five: leader + two peers
        assertTrue(out.isEmpty());
        reads.ack(2, 3);
        reads.releaseConfirmed(3, out);
        assertEquals(List.of(new ReadState(new RequestId(1), 10), new ReadState(new RequestId(2), 11)), out);
        assertEquals(1, reads.size());
        assertEquals(3, reads.latestContext());
    }

    @Test
    void theSamePeerAcknowledgingTwiceIsNotAQuorum() {
        PendingReads reads = new PendingReads();
        reads.add(new RequestId(1), 5, 1);
        reads.ack(1, 2);
        reads.ack(1, 2);
        List<ReadState> out = new ArrayList<>();
        reads.releaseConfirmed(3, out);
        assertTrue(out.isEmpty());
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
