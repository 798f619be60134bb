package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import org.junit.jupiter.api.Test;

/** §5.3 log replication and commitment. */
class ReplicationTest {
    private static final ClientId CLIENT = new ClientId(1);

    @Test
    void aCommittedCommandIsAppliedOnEveryServer() {
        TestCluster c = TestCluster.of(3, 5);
        int leader = c.awaitLeader(100);
        long index = c.propose(leader, new KvCommand.Put(CLIENT, 0, "x", "1")).orElseThrow();
        c.deliverAll();
        c.rounds(c.config.heartbeatIntervalTicks()); // followers learn the commit index from the next heartbeat
        for (int i = 0; i < 3; i++) {
            assertTrue(c.node(i).commitIndex() >= index, c.describe());
            assertEquals(KvResult.ok("1"), c.member(i).kv.read("x"));
        }
    }

    @Test
    void onlyTheLeaderAcceptsProposals() {
        TestCluster c = TestCluster.of(3, 5);
        int leader = c.awaitLeader(100);
        int follower = (leader + 1) % 3;
        assertFalse(c.propose(follower, new KvCommand.Put(CLIENT, 0, "x", "1")).isPresent());
    }

    @Test
    void manyProposalsArePipelinedInBatchesAndAllCommitInOrder() {
        RaftConfig config = RaftConfig.defaults().withBugs(java.util.Set.of());
        TestCluster c = new TestCluster(5, new RaftConfig(10, 20, 2, true, true, 4, 2, java.util.Set.of()), 9);
        int leader = c.awaitLeader(100);
        for (int seq = 1; seq <= 200; seq++) {
            c.propose(leader, new KvCommand.Put(CLIENT, 0, "k" + (seq % 7), "v" + seq)).orElseThrow();
            if (seq % 10 == 0) c.deliverAll();
        }
        c.rounds(20);
        long last = c.node(leader).lastLogIndex();
        for (int i = 0; i < 5; i++) {
            assertEquals(last, c.node(i).commitIndex(), c.describe());
            assertEquals(c.member(leader).kv.contents(), c.member(i).kv.contents());
        }
        assertEquals(KvResult.ok("v200"), c.member(0).kv.read("k4"));
        assertTrue(config.bugs().isEmpty());
    }

    @Test
    void aFollowerThatMissedEntriesCatchesUp() {
        TestCluster c = TestCluster.of(3, 13);
        int leader = c.awaitLeader(100);
        int lagging = (leader + 1) % 3;
        c.crash(lagging);
        for (int seq = 1; seq <= 30; seq++) c.propose(leader, new KvCommand.Put(CLIENT, 0, "k", "v" + seq));
        c.rounds(5);
        c.restart(lagging);
        c.rounds(10);
        assertEquals(c.node(leader).commitIndex(), c.node(lagging).commitIndex(), c.describe());
        assertEquals(KvResult.ok("v30"), c.member(lagging).kv.read("k"));
    }
}
