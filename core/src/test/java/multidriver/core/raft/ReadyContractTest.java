package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import org.junit.jupiter.api.Test;

/** The Ready/advance contract a driver relies on. */
class ReadyContractTest {
    private static final NodeId SELF = NodeId.of(0);
    private static final NodeId LEADER = NodeId.of(1);

    private static RaftNode follower() {
        return new RaftNode(SELF, List.of(LEADER, NodeId.of(2)), RaftConfig.defaults(), new SplittableRandom(1),
                RecoveredState.EMPTY);
    }

    @Test
    void aFreshServerHasNothingToSayUntilSomethingHappens() {
        RaftNode node = follower();
        assertFalse(node.hasReady());
        assertTrue(node.ready().isEmpty());
    }

    @Test
    void readyIsStableUntilAdvanceAndAdvanceConsumesIt() {
        RaftNode node = follower();
        node.step(new AppendEntries(LEADER, SELF, 1, 0, 0, List.of(TestCluster.entry(1, 1)), 1));
        Ready first = node.ready();
        assertSame(first, node.ready());
        // persist entries and the new term together, durably, before the acknowledgement goes out
        assertEquals(List.of(TestCluster.entry(1, 1)), first.entries());
        assertEquals(new HardState(1, null, 1), first.hardState());
        assertTrue(first.mustSync());
        assertEquals(List.of(new AppendEntriesResponse(SELF, LEADER, 1, true, 1, 0)), first.messages());
        assertEquals(List.of(TestCluster.entry(1, 1)), first.committedEntries());
        node.advance(first);
        assertFalse(node.hasReady());
        assertEquals(1, node.appliedIndex());
    }

    @Test
    void aCommitIndexChangeAloneNeedsNoSync() {
        RaftNode node = follower();
        node.step(new AppendEntries(LEADER, SELF, 1, 0, 0, List.of(TestCluster.entry(1, 1)), 0));
        node.advance(node.ready());
        node.step(new Heartbeat(LEADER, SELF, 1, 1, 0));
        Ready rd = node.ready();
        assertEquals(new HardState(1, null, 1), rd.hardState());
        assertFalse(rd.mustSync(), "the commit index is only a hint");
        assertTrue(rd.entries().isEmpty());
    }

    @Test
    void outputProducedBetweenReadyAndAdvanceIsKeptForTheNextReady() {
        RaftNode node = follower();
        node.step(new Heartbeat(LEADER, SELF, 1, 0, 0));
        Ready rd = node.ready();
        node.step(new Heartbeat(LEADER, SELF, 1, 0, 5));
        node.advance(rd);
        Ready next = node.ready();
        assertNull(next.hardState());
        assertEquals(1, next.messages().size());
    }

    @Test
    void advancingTheSameReadyTwiceIsRejected() {
        RaftNode node = follower();
        node.step(new AppendEntries(LEADER, SELF, 1, 0, 0, List.of(TestCluster.entry(1, 1)), 1));
        Ready rd = node.ready();
        node.advance(rd);
        assertThrows(IllegalArgumentException.class, () -> node.advance(rd));
    }

    @Test
    void misaddressedOrSelfSentMessagesAreRejected() {
        RaftNode node = follower();
        assertThrows(IllegalArgumentException.class, () -> node.step(new Heartbeat(LEADER, NodeId.of(2), 1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> node.step(new Heartbeat(SELF, SELF, 1, 0, 0)));
        // A server outside the configuration may speak (thesis §4.1: a new server must follow its first leader);
        // the driver decides who can reach the core.
        node.step(new Heartbeat(NodeId.of(9), SELF, 1, 0, 0));
        assertEquals(Optional.of(NodeId.of(9)), node.leader());
    }
}
