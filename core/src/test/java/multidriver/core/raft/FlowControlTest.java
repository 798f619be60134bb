package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.Message;
import org.junit.jupiter.api.Test;

/** Batched, pipelined replication with a per-follower in-flight bound (etcd's Progress/inflights). */
class FlowControlTest {
    private static final int BATCH = 4;
    private static final int WINDOW = 3;

    @Test
    void aSlowFollowerGetsAtMostWindowBatchesInFlightAndCatchesUpLater() {
        TestCluster c = new TestCluster(3, new RaftConfig(10, 20, 2, true, true, BATCH, WINDOW, Set.of()), 91);
        int leader = c.awaitLeader(100);
        int slow = (leader + 1) % 3;
        int fast = (leader + 2) % 3;
        for (int seq = 1; seq <= 60; seq++) {
            c.propose(leader, new KvCommand.Put(new ClientId(1), 0, "k", "" + seq));
            c.deliverWhere(m -> m.to().value() != slow); // the fast follower and the leader keep going
        }
        long toSlow = c.network.stream().filter(m -> m instanceof AppendEntries && m.to().value() == slow).count();
        assertTrue(toSlow <= WINDOW, "at most " + WINDOW + " appends in flight to the slow follower, saw " + toSlow);
        for (Message m : c.network) {
            if (m instanceof AppendEntries ae) assertTrue(ae.entries().size() <= BATCH, "batch bound: " + ae);
        }
        assertTrue(c.node(leader).commitIndex() >= 61, "the leader and the fast follower form a majority");
        // Heartbeats never tell the slow follower to commit what it may not hold (§5.3).
        c.tick(leader);
        c.tick(leader);
        long slowMatch = c.node(leader).matchIndex(c.node(slow).id()).orElseThrow();
        for (Message m : c.network) {
            if (m instanceof Heartbeat hb && hb.to().value() == slow) assertTrue(hb.commitIndex() <= slowMatch);
        }
        c.deliverAll();
        c.rounds(10);
        assertEquals(c.node(leader).lastLogIndex(), c.node(slow).commitIndex(), c.describe());
        assertEquals(c.member(fast).kv.contents(), c.member(slow).kv.contents());
    }

    @Test
    void lostAppendsAreResentAfterAHeartbeatRoundWithoutProgress() {
        TestCluster c = new TestCluster(3, new RaftConfig(10, 20, 2, true, true, BATCH, WINDOW, Set.of()), 93);
        int leader = c.awaitLeader(100);
        for (int seq = 1; seq <= 30; seq++) c.propose(leader, new KvCommand.Put(new ClientId(1), 0, "k", "" + seq));
        c.dropWhere(m -> m instanceof AppendEntries); // the whole window is lost
        c.rounds(8);
        for (int i = 0; i < 3; i++) assertEquals(c.node(leader).lastLogIndex(), c.node(i).commitIndex(), c.describe());
    }

    /** Sixty-four 1 MiB entries must not travel in one AppendEntries: a frame would exceed the transport's limit. */
    @Test
    void appendsAreBatchedByBytesAsWellAsByCount() {
        TestCluster c = TestCluster.of(3, 5);
        int leader = c.awaitLeader(100);
        String mib = "x".repeat(1 << 20);
        for (int i = 0; i < 64; i++) c.propose(leader, new KvCommand.Put(new ClientId(1), 0, "big" + i, mib));
        long maxBatchBytes = 0;
        for (multidriver.core.raft.message.Message m : c.network) {
            if (m instanceof multidriver.core.raft.message.AppendEntries ae) {
                long bytes = ae.entries().stream().mapToLong(multidriver.core.log.Entry::size).sum();
                maxBatchBytes = Math.max(maxBatchBytes, bytes);
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(maxBatchBytes > 0, "entries were sent");
        org.junit.jupiter.api.Assertions.assertTrue(maxBatchBytes <= LeaderBehaviour.MAX_BYTES_PER_APPEND + (2 << 20),
                "largest batch " + maxBatchBytes + " bytes");
        c.rounds(20);
        org.junit.jupiter.api.Assertions.assertEquals(c.member(leader).node.lastLogIndex(),
                c.member((leader + 1) % 3).node.lastLogIndex(), "a follower caught up on 64 MiB of entries");
    }
}
