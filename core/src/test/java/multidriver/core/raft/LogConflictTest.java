package multidriver.core.raft;

import static multidriver.core.raft.TestCluster.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import multidriver.core.raft.message.AppendEntriesResponse;
import org.junit.jupiter.api.Test;

/** §5.3: a follower's conflicting, uncommitted suffix is deleted and replaced by the leader's entries. */
class LogConflictTest {

    /** S0 and S1 hold 2@2, 3@2; S2 kept uncommitted 2@1..4@1 from a term-1 leader that failed. */
    private static TestCluster conflicting(RaftConfig config) {
        TestCluster c = new TestCluster(3, config, 21);
        c.install(0, 2, null, 1, entry(1, 1), entry(2, 2), entry(3, 2));
        c.install(1, 2, null, 1, entry(1, 1), entry(2, 2), entry(3, 2));
        c.install(2, 2, null, 1, entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1));
        return c;
    }

    @Test
    void conflictingFollowerEntriesAreTruncatedAndReplaced() {
        TestCluster c = conflicting(RaftConfig.defaults());
        c.tickUntil(0, Role.LEADER, 100);
        c.rounds(4);
        RaftNode leader = c.node(0);
        RaftNode follower = c.node(2);
        assertEquals(leader.lastLogIndex(), follower.lastLogIndex(), c.describe());
        assertEquals(leader.entries(1, leader.lastLogIndex()), follower.entries(1, follower.lastLogIndex()));
        // what the driver persisted was rewritten too: the stored suffix was replaced, not appended to
        assertEquals(leader.entries(1, leader.lastLogIndex()), c.member(2).stableLog);
        assertEquals(leader.lastLogIndex(), follower.commitIndex());
    }

    @Test
    void theRejectHintSkipsTheWholeConflictingTermInOneStep() {
        TestCluster c = conflicting(RaftConfig.defaults());
        int[] rejections = new int[1];
        c.partition(0, 1); // elect S0 first without S2
        c.tickUntil(0, Role.LEADER, 100);
        c.heal();
        for (int r = 0; r < 6; r++) {
            c.tickAll();
            while (!c.network.isEmpty()) {
                if (c.network.get(0) instanceof AppendEntriesResponse resp && !resp.success()) rejections[0]++;
                c.deliverAt(0);
            }
        }
        assertEquals(c.node(0).lastLogIndex(), c.node(2).lastLogIndex(), c.describe());
        assertEquals(1, rejections[0], "one rejection: the hint skips all of S2's term-1 entries at once");
    }

    @Test
    void withTheNoTruncateBugTheClusterCheckerCatchesDivergentLogs() {
        TestCluster c = conflicting(RaftConfig.defaults().withBugs(Set.of(DeliberateBug.NO_TRUNCATE)));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> {
            c.tickUntil(0, Role.LEADER, 100);
            c.rounds(4);
        });
        assertTrue(Set.of("log matching", "state machine safety", "log terms decrease").contains(v.invariant()),
                v.getMessage());
    }
}
