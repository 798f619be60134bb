package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.message.AppendEntries;
import org.junit.jupiter.api.Test;

/** Linearizable reads through ReadIndex (thesis §6.4). */
class ReadIndexTest {
    private static final ClientId CLIENT = new ClientId(9);

    private static void write(TestCluster c, int leader, long seq, String value) {
        c.propose(leader, new KvCommand.Put(CLIENT, 0, "x", value)).orElseThrow();
        c.deliverAll();
    }

    @Test
    void aReadIsReleasedOnlyAfterAQuorumConfirmsTheLeader() {
        TestCluster c = TestCluster.of(3, 51);
        int leader = c.awaitLeader(100);
        write(c, leader, 1, "1");
        long commit = c.node(leader).commitIndex();
        assertTrue(c.readIndex(leader, 7));
        assertTrue(c.member(leader).readStates.isEmpty(), "not before the heartbeat round is acknowledged");
        c.deliverAll();
        assertEquals(List.of(new ReadState(new RequestId(7), commit)), c.member(leader).readStates);
        assertTrue(c.member(leader).kv.appliedIndex() >= commit);
        assertEquals(KvResult.ok("1"), c.member(leader).kv.read("x"));
    }

    @Test
    void readsArrivingDuringAHeartbeatRoundAreConfirmedByTheNextRoundInOrder() {
        TestCluster c = TestCluster.of(5, 53);
        int leader = c.awaitLeader(100);
        for (long r = 1; r <= 3; r++) assertTrue(c.readIndex(leader, r));
        c.rounds(c.config.heartbeatIntervalTicks());
        assertEquals(List.of(new RequestId(1), new RequestId(2), new RequestId(3)),
                c.member(leader).readStates.stream().map(ReadState::requestId).toList());
    }

    @Test
    void aNewLeaderRefusesReadsUntilItHasCommittedAnEntryOfItsTerm() {
        TestCluster c = TestCluster.of(3, 55);
        for (int t = 0; t < 100 && c.node(0).role() == Role.FOLLOWER; t++) c.tick(0);
        for (int k = 0; k < 100 && c.node(0).role() != Role.LEADER && !c.network.isEmpty(); k++) c.deliverAt(0);
        assertEquals(Role.LEADER, c.node(0).role(), c.describe());
        c.dropWhere(m -> m instanceof AppendEntries); // its no-op has not reached anyone
        assertFalse(c.readIndex(0, 1), "commitIndex may lag the cluster's: no read index yet");
        c.rounds(c.config.heartbeatIntervalTicks() + 1);
        assertTrue(c.node(0).termAt(c.node(0).commitIndex()) == c.node(0).term(), c.describe());
        assertTrue(c.readIndex(0, 2));
    }

    @Test
    void followersRefuseReads() {
        TestCluster c = TestCluster.of(3, 57);
        int leader = c.awaitLeader(100);
        assertFalse(c.readIndex((leader + 1) % 3, 1));
    }

    /**
     * The deposed leader L still thinks it leads (no CheckQuorum) and still reaches one follower (a minority of
     * five), while the majority moved on and wrote x=2.
     */
    private static int[] deposedLeaderAfterNewWrite(TestCluster c) {
        int old = c.awaitLeader(100);
        write(c, old, 1, "1");
        c.rounds(2);
        c.partition(old, (old + 1) % 5);
        int fresh = -1;
        for (int r = 0; r < 300 && fresh < 0; r++) {
            c.round();
            int l = c.stableLeader();
            if (l >= 0 && l != old) fresh = l;
        }
        assertTrue(fresh >= 0, c.describe());
        write(c, fresh, 2, "2");
        assertEquals(Role.LEADER, c.node(old).role());
        return new int[]{old, fresh};
    }

    @Test
    void readIndexNeverReturnsStaleDataAcrossALeaderChange() {
        TestCluster c = new TestCluster(5, RaftConfig.defaults().withCheckQuorum(false), 59);
        int[] leaders = deposedLeaderAfterNewWrite(c);
        int old = leaders[0];
        assertTrue(c.readIndex(old, 99), "the deposed leader accepts the read...");
        c.rounds(30);
        assertTrue(c.member(old).readStates.isEmpty(), "...but one acknowledgement of five can never confirm it");
        c.heal();
        c.rounds(5);
        assertEquals(Role.FOLLOWER, c.node(old).role());
        assertEquals(0, c.node(old).pendingReadCount(), "stepping down drops the pending reads");
        assertTrue(c.member(old).readStates.isEmpty());
        int leader = c.awaitLeader(100);
        assertTrue(c.readIndex(leader, 100));
        c.deliverAll();
        ReadState rs = c.member(leader).readStates.get(c.member(leader).readStates.size() - 1);
        assertTrue(c.member(leader).kv.appliedIndex() >= rs.readIndex());
        assertEquals(KvResult.ok("2"), c.member(leader).kv.read("x"));
    }

    @Test
    void withTheStaleReadBugADeposedLeaderServesOldData() {
        RaftConfig buggy = RaftConfig.defaults().withCheckQuorum(false).withBugs(Set.of(DeliberateBug.STALE_READ));
        TestCluster c = new TestCluster(5, buggy, 59);
        int old = deposedLeaderAfterNewWrite(c)[0];
        assertTrue(c.readIndex(old, 99));
        ReadState rs = c.member(old).readStates.get(0);
        assertTrue(c.member(old).kv.appliedIndex() >= rs.readIndex(), "safe to serve, as far as the bug knows");
        assertEquals(KvResult.ok("1"), c.member(old).kv.read("x"), "stale: x=2 was committed by the new leader");
    }
}
