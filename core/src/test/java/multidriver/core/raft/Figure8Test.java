package multidriver.core.raft;

import static multidriver.core.raft.TestCluster.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Message;
import org.junit.jupiter.api.Test;

/**
 * The Raft paper's Figure 8 (§5.4.2): an entry from an earlier term that is stored on a majority is NOT committed,
 * because a later leader may still overwrite it. S1..S5 of the paper are servers 0..4 here.
 */
class Figure8Test {
    /** Plain Raft of the paper (no PreVote, no CheckQuorum), one entry per append so each step is visible. */
    private static RaftConfig paperConfig() {
        return new RaftConfig(10, 20, 2, false, false, 1, 1, Set.of());
    }

    /**
     * (b) S5 led term 3 and wrote 2@3 only to itself; S1 had written 2@2 to S2 in term 2. (c) S1 is elected in
     * term 4 (by S2, S3, S4) and replicates 2@2 to S3 and S4: now on a majority, and S1 knows
     * of three copies (its own, S3's, S4's). It crashes before its own term's
     * entry reaches anyone.
     */
    private static TestCluster throughStepC(RaftConfig config) {
        TestCluster c = new TestCluster(5, config, 8);
        c.install(0, 3, null, 1, entry(1, 1), entry(2, 2));
        c.install(1, 3, null, 1, entry(1, 1), entry(2, 2));
        c.install(2, 3, null, 1, entry(1, 1));
        c.install(3, 3, null, 1, entry(1, 1));
        c.install(4, 3, NodeId.of(4), 1, entry(1, 1), entry(2, 3));
        c.partition(0, 1, 2, 3);
        for (int t = 0; t < 100 && c.node(0).role() != Role.CANDIDATE; t++) c.tick(0);
        // S1's first appends to S3 and S4 (probes carrying its term-4 no-op, which they reject: they lack index 2)
        // are delivered, so S1 learns where they match; after that the term-4 entry never leaves S1.
        boolean[] probed = new boolean[5];
        while (!c.network.isEmpty()) {
            Message m = c.network.get(0);
            boolean carriesTerm4 = m instanceof AppendEntries ae && ae.entries().stream().anyMatch(e -> e.term() == 4);
            int to = m.to().value();
            if (carriesTerm4 && (probed[to] || to == 1)) {
                c.network.remove(0);
                continue;
            }
            probed[to] |= carriesTerm4;
            c.deliverAt(0);
        }
        assertEquals(Role.LEADER, c.node(0).role());
        assertEquals(4, c.node(0).term());
        for (int i = 0; i < 4; i++) assertEquals(2, c.node(i).termAt(2), "2@2 is on S" + (i + 1));
        for (int i = 1; i < 4; i++) assertEquals(-1, c.node(i).termAt(3), "the term-4 entry is only on S1");
        return c;
    }

    /** (d) S1 crashes; S5, whose last term 3 beats 2, is elected by S2, S3, S4 and overwrites index 2 everywhere. */
    private static void stepD(TestCluster c) {
        c.crash(0);
        c.heal();
        c.tickUntil(4, Role.LEADER, 200);
        c.rounds(5);
    }

    @Test
    void anOldTermEntryOnAMajorityIsNotCommittedByCountingReplicas() {
        TestCluster c = throughStepC(paperConfig());
        assertEquals(1, c.node(0).commitIndex(), "§5.4.2: S1 must not commit 2@2 by counting replicas");
        stepD(c);
        for (int i = 1; i < 5; i++) {
            assertEquals(3, c.node(i).termAt(2), "S5 replaced the uncommitted 2@2: " + c.describe());
            assertTrue(c.node(i).commitIndex() >= 3, c.describe());
            assertEquals(KvResult.ok("t3"), c.member(i).kv.read("i2"));
        }
    }

    @Test
    void onceTheLeaderCommitsAnEntryOfItsTermTheOldEntryIsCommittedToo() {
        TestCluster c = throughStepC(paperConfig());
        // (e) S1 stays up and gets its term-4 entry onto the majority: 2@2 becomes committed indirectly.
        for (int r = 0; r < 5; r++) c.round();
        assertTrue(c.node(0).commitIndex() >= 3, c.describe());
        assertEquals(KvResult.ok("t2"), c.member(0).kv.read("i2"));
        // ...and now S5 can never win: its log is behind a majority's (§5.4.1).
        c.heal();
        c.crash(0);
        c.rounds(100);
        assertTrue(c.node(4).termAt(2) == 2, "S5 adopted the committed 2@2: " + c.describe());
    }

    @Test
    void withTheCommitOldTermBugTheClusterCheckerCatchesTheLostCommit() {
        RaftConfig buggy = paperConfig().withBugs(Set.of(DeliberateBug.COMMIT_OLD_TERM));
        TestCluster c = throughStepC(buggy);
        assertEquals(2, c.node(0).commitIndex(), "the bug commits 2@2 by counting S1, S3, S4");
        InvariantViolation violation = assertThrows(InvariantViolation.class, () -> stepD(c));
        assertTrue(Set.of("leader completeness", "state machine safety").contains(violation.invariant()),
                violation.getMessage());
    }
}
