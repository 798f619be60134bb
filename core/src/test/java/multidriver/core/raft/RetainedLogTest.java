package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import org.junit.jupiter.api.Test;

/**
 * §7 with a margin: a leader that compacts keeps the entries its slowest follower still needs, within a byte bound,
 * so a follower a little behind catches up with AppendEntries, and one too far behind gets the snapshot.
 */
class RetainedLogTest {
    private static final ClientId NO_SESSION = new ClientId(0);

    /**
     * The lagging follower misses {@code writes} entries of about 40 bytes each while the leader compacts; returns
     * whether it caught up through a snapshot (it had none before, and only an InstallSnapshot gives it one).
     */
    private static boolean laggingFollowerNeededTheSnapshot(long retainedLogBytes, int writes) {
        TestCluster c = new TestCluster(3, RaftConfig.defaults().withRetainedLogBytes(retainedLogBytes), 41);
        int leader = c.awaitLeader(100);
        int lagging = (leader + 1) % 3;
        c.isolate(lagging);
        for (int k = 0; k < writes; k++) {
            c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "k" + k, "v" + k));
            c.deliverAll();
        }
        c.rounds(3);
        c.compact(leader);
        long snapshotIndex = c.node(leader).snapshotIndex();
        assertTrue(c.node(lagging).lastLogIndex() < snapshotIndex, c.describe());
        assertEquals(0, c.node(lagging).snapshotIndex());
        c.heal();
        c.rounds(30);
        assertEquals(c.member(leader).kv.contents(), c.member(lagging).kv.contents(), c.describe());
        return c.node(lagging).snapshotIndex() > 0;
    }

    @Test
    void aFollowerALittleBehindCatchesUpWithEntriesNotTheSnapshot() {
        assertFalse(laggingFollowerNeededTheSnapshot(1 << 20, 50));
    }

    @Test
    void oneFurtherBehindThanTheBoundGetsTheSnapshot() {
        assertTrue(laggingFollowerNeededTheSnapshot(200, 50), "50 entries are more than 200 bytes");
        assertTrue(laggingFollowerNeededTheSnapshot(0, 50), "no margin: the snapshot, as before");
    }

    @Test
    void theMarginKeepsOnlyWhatTheSlowestFollowerNeedsAndTheSnapshotIndexIsTheSnapshots() {
        TestCluster c = new TestCluster(3, RaftConfig.defaults().withRetainedLogBytes(1 << 20), 42);
        int leader = c.awaitLeader(100);
        for (int k = 0; k < 20; k++) {
            c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "k" + k, "v" + k));
            c.deliverAll();
        }
        c.rounds(3);
        c.compact(leader);
        RaftNode l = c.node(leader);
        assertEquals(l.appliedIndex(), l.snapshotIndex());
        assertEquals(l.snapshotIndex() + 1, l.firstLogIndex(), "every follower holds everything: nothing kept");
        int lagging = (leader + 2) % 3;
        c.isolate(lagging);
        for (int k = 20; k < 30; k++) {
            c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "k" + k, "v" + k));
            c.deliverAll();
        }
        c.rounds(3);
        long laggingMatch = c.node(lagging).lastLogIndex();
        c.compact(leader);
        assertEquals(l.appliedIndex(), l.snapshotIndex(), "the snapshot is at the applied index");
        assertEquals(laggingMatch + 1, l.firstLogIndex(), "the log keeps what the lagging follower lacks");
        c.heal();
        c.rounds(10);
        assertEquals(0, c.node(lagging).snapshotIndex(), "it caught up with the kept entries, no snapshot");
        assertEquals(l.lastLogIndex(), c.node(lagging).lastLogIndex());
    }
}
