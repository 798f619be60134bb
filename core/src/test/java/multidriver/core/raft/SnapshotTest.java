package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.message.InstallSnapshot;
import org.junit.jupiter.api.Test;

/** §7 log compaction: snapshots, InstallSnapshot in chunks under loss and duplication, restarts from a snapshot. */
class SnapshotTest {
    private static final ClientId NO_SESSION = new ClientId(0);

    private static void write(TestCluster c, int leader, int from, int to, String value) {
        for (int k = from; k < to; k++) {
            c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "k" + k, value + k));
            c.deliverAll();
        }
        c.rounds(3);
    }

    @Test
    void aFollowerBehindTheLeadersSnapshotCatchesUpThroughInstallSnapshot() {
        TestCluster c = TestCluster.of(3, 21);
        int leader = c.awaitLeader(100);
        int lagging = (leader + 1) % 3;
        c.isolate(lagging);
        write(c, leader, 0, 50, "v");
        c.compact(leader);
        long snapshotIndex = c.node(leader).snapshotIndex();
        assertTrue(snapshotIndex >= 50, c.describe());
        assertTrue(c.node(lagging).lastLogIndex() < snapshotIndex);
        c.heal();
        c.rounds(20);
        assertEquals(c.member(leader).kv.contents(), c.member(lagging).kv.contents(), "the snapshot's state arrived");
        assertEquals(snapshotIndex, c.node(lagging).snapshotIndex(), "the follower's log starts after the snapshot");
        write(c, leader, 50, 60, "w"); // and ordinary replication carries on after it
        assertEquals(c.member(leader).kv.contents(), c.member(lagging).kv.contents());
        assertEquals(c.node(leader).commitIndex(), c.node(lagging).commitIndex());
    }

    /** A snapshot of several chunks, with every other chunk lost and some duplicated: the transfer still completes. */
    @Test
    void chunksLostOrRepeatedAreResentOrIgnored() {
        TestCluster c = TestCluster.of(3, 22);
        int leader = c.awaitLeader(100);
        int lagging = (leader + 2) % 3;
        c.isolate(lagging);
        String big = "x".repeat(LeaderBehaviour.SNAPSHOT_CHUNK_BYTES / 2);
        for (int k = 0; k < 5; k++) { // 2.5 chunks of values
            c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "big" + k, big + k));
            c.deliverAll();
        }
        c.rounds(3);
        c.compact(leader);
        c.heal();
        int chunksSeen = 0;
        for (int step = 0; step < 20_000 && !c.member(lagging).kv.contents().equals(c.member(leader).kv.contents());
             step++) {
            if (c.network.isEmpty()) {
                c.tickAll();
                continue;
            }
            if (c.network.get(0) instanceof InstallSnapshot is && is.to().value() == lagging) {
                chunksSeen++;
                if (chunksSeen % 2 == 0) {
                    c.network.remove(0); // lost
                    continue;
                }
                if (chunksSeen % 3 == 0) c.network.add(is); // and delivered again later
            }
            c.deliverAt(0);
        }
        assertEquals(c.member(leader).kv.contents(), c.member(lagging).kv.contents(), c.describe());
        assertTrue(chunksSeen >= 4, "the snapshot took several chunks: " + chunksSeen);
    }

    @Test
    void aServerRestartsFromItsSnapshotAndTheLogAfterIt() {
        TestCluster c = TestCluster.of(3, 23);
        int leader = c.awaitLeader(100);
        write(c, leader, 0, 20, "a");
        for (int i = 0; i < 3; i++) c.compact(i);
        write(c, leader, 20, 30, "b");
        int follower = (leader + 1) % 3;
        long snapshot = c.member(follower).snapshot.index();
        c.crash(follower);
        c.restart(follower);
        assertEquals(snapshot, c.node(follower).appliedIndex() > 0 ? c.node(follower).snapshotIndex() : -1);
        c.rounds(10);
        assertEquals(c.member(leader).kv.contents(), c.member(follower).kv.contents(), c.describe());
        // The whole cluster restarts: every state comes back from snapshot + log.
        for (int i = 0; i < 3; i++) c.crash(i);
        for (int i = 0; i < 3; i++) c.restart(i);
        int newLeader = c.awaitLeader(200);
        write(c, newLeader, 30, 31, "c");
        for (int i = 0; i < 3; i++) assertEquals(KvResult.ok("a0"), c.member(i).kv.read("k0"));
        for (int i = 0; i < 3; i++) assertEquals(KvResult.ok("c30"), c.member(i).kv.read("k30"));
    }

    /** Thesis §6.3: the sessions travel in the snapshot, so a retry after a snapshot install is not applied twice. */
    @Test
    void sessionsTravelInTheSnapshot() {
        TestCluster c = TestCluster.of(3, 24);
        int leader = c.awaitLeader(100);
        int lagging = (leader + 1) % 3;
        c.isolate(lagging);
        long registered = c.propose(leader, new KvCommand.Register("alice")).orElseThrow();
        c.deliverAll();
        ClientId alice = new ClientId(registered);
        KvCommand first = new KvCommand.Put(alice, 1, "x", "first", "alice");
        c.propose(leader, first);
        c.deliverAll();
        write(c, leader, 0, 5, "later"); // someone else overwrites x afterwards... (other keys here)
        c.propose(leader, new KvCommand.Put(NO_SESSION, 0, "x", "overwritten"));
        c.deliverAll();
        c.rounds(3);
        c.compact(leader);
        c.heal();
        c.rounds(20);
        assertEquals(c.node(leader).snapshotIndex(), c.member(lagging).snapshot.index(), "installed by snapshot");
        multidriver.core.kv.KvStateMachine restored =
                multidriver.core.kv.KvStateMachine.restore(c.member(lagging).snapshot.data().readAll(1 << 30));
        assertEquals(KvResult.ok("first"), restored.apply(restored.appliedIndex() + 1,
                multidriver.core.kv.KvCodec.encode(first)), "alice's session came with the snapshot: the retry is"
                + " answered with its first result");
        assertEquals(KvResult.ok("overwritten"), restored.read("x"), "and not applied again");
        // The lagging server now leads and receives alice's retry of seq 1: answered, not applied again.
        c.isolate(leader);
        int newLeader = -1;
        for (int r = 0; r < 300 && newLeader < 0; r++) {
            c.round();
            int l = c.stableLeader();
            if (l >= 0 && l != leader) newLeader = l;
        }
        assertTrue(newLeader >= 0, c.describe());
        long retry = c.propose(newLeader, first).orElseThrow();
        c.deliverAll();
        c.rounds(3);
        assertEquals(KvResult.ok("overwritten"), c.member(newLeader).kv.read("x"), "the retry was not re-applied");
        assertTrue(c.node(newLeader).commitIndex() >= retry);
    }

    @Test
    void compactionIsBoundedByTheAppliedIndex() {
        TestCluster c = TestCluster.of(3, 25);
        int leader = c.awaitLeader(100);
        write(c, leader, 0, 3, "v");
        RaftNode node = c.node(leader);
        assertThrows(IllegalArgumentException.class, () -> node.compact(node.appliedIndex() + 1, new byte[0]));
        c.compact(leader);
        assertThrows(IllegalArgumentException.class, () -> node.compact(node.snapshotIndex(), new byte[0]),
                "not past the current snapshot");
    }
}
