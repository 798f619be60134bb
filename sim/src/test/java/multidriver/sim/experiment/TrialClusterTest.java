package multidriver.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.Role;
import org.junit.jupiter.api.Test;

/** The experiment's own driver, read as the protocol: boot, lagging followers, crash and re-election. */
class TrialClusterTest {
    private static final long TICK_US = 100;
    /** 150-155 ms and a 75 ms heartbeat in ticks of 100 us. */
    private static final RaftConfig PLAIN_RAFT = new RaftConfig(1500, 1550, 750, false, false, 64, 8, Set.of());
    private static final long LATE_US = 400_000;

    private static TrialCluster bootWithFirst(int first, long seed) {
        long[] boot = {LATE_US, LATE_US, LATE_US, LATE_US, LATE_US};
        boot[first] = 0;
        return new TrialCluster(PLAIN_RAFT, OneWayDelay.DEFAULT, TICK_US, 0, new SplittableRandom(seed), boot);
    }

    private static boolean leaderCommittedAll(TrialCluster c) {
        int l = c.leader();
        return l >= 0 && c.node(l).commitIndex() == c.node(l).lastLogIndex();
    }

    @Test
    void theServerWhoseClockStartsFirstWinsTheFirstTermUncontested() {
        TrialCluster cluster = bootWithFirst(3, 1);
        assertTrue(cluster.runUntil(LATE_US, c -> c.leader() >= 0));
        assertEquals(3, cluster.leader());
        assertEquals(1, cluster.node(3).term());
        // §5.2: a timeout of 1500-1550 ticks of 100 us (its first tick within the first 100 us), then a vote round
        // trip of 12-18 ms.
        assertTrue(cluster.nowUs() >= 161_900 && cluster.nowUs() <= 173_000, "elected at " + cluster.nowUs());
        // The followers learn of it from its first AppendEntries, one more delay of 6-9 ms.
        long electedUs = cluster.nowUs();
        assertTrue(cluster.runUntil(LATE_US, c -> c.majorityFollows(3)));
        assertTrue(cluster.nowUs() - electedUs >= 6_000 && cluster.nowUs() - electedUs <= 9_000,
                "followed at " + cluster.nowUs());
    }

    @Test
    void aLaggingFollowerKeepsFollowingWithAShortLogAndCatchesUpWhenItsLinkRecovers() {
        TrialCluster cluster = bootWithFirst(0, 2);
        assertTrue(cluster.runUntil(10_000_000, TrialClusterTest::leaderCommittedAll));
        cluster.setLagging(4, true);
        for (int i = 0; i < 3; i++) assertTrue(cluster.propose(0, new byte[] {1}));
        assertTrue(cluster.runUntil(cluster.nowUs() + 1_000_000, TrialClusterTest::leaderCommittedAll));
        cluster.runTo(cluster.nowUs() + 1_000_000); // many election timeouts: heartbeats keep it a follower
        assertEquals(Role.FOLLOWER, cluster.node(4).role());
        assertEquals(1, cluster.node(4).term());
        assertEquals(4, cluster.node(0).lastLogIndex());
        assertEquals(1, cluster.node(4).lastLogIndex());

        cluster.setLagging(4, false);
        assertTrue(cluster.runUntil(cluster.nowUs() + 1_000_000, c -> c.node(4).lastLogIndex() == 4));
    }

    @Test
    void aVoteLeavesOnlyAfterBothTheCandidatesAndTheVotersDiskWritesAreDurable() {
        // §5.1/Figure 2: a candidate persists its new term and self-vote before its RequestVotes leave, and a voter
        // persists its vote before it replies. With a 12 ms fsync and a one-way delay of exactly 1 ms the first
        // election is decided 12 + 1 + 12 + 1 ms after the timeout: two disk writes and two network hops.
        long[] boot = {0, LATE_US, LATE_US, LATE_US, LATE_US};
        TrialCluster cluster = new TrialCluster(PLAIN_RAFT, new OneWayDelay(1_000, 1_000), TICK_US, 12_000,
                new SplittableRandom(5), boot);
        assertTrue(cluster.runUntil(LATE_US, c -> c.node(0).role() == Role.CANDIDATE));
        long timedOutUs = cluster.nowUs();
        assertTrue(cluster.runUntil(LATE_US, c -> c.leader() >= 0));
        assertEquals(0, cluster.leader());
        assertEquals(26_000, cluster.nowUs() - timedOutUs);
        // Instant storage, same network: the same election takes the two hops only.
        TrialCluster instant = new TrialCluster(PLAIN_RAFT, new OneWayDelay(1_000, 1_000), TICK_US, 0,
                new SplittableRandom(5), boot);
        assertTrue(instant.runUntil(LATE_US, c -> c.node(0).role() == Role.CANDIDATE));
        long instantTimedOutUs = instant.nowUs();
        assertEquals(timedOutUs, instantTimedOutUs);
        assertTrue(instant.runUntil(LATE_US, c -> c.leader() >= 0));
        assertEquals(2_000, instant.nowUs() - instantTimedOutUs);
    }

    @Test
    void afterTheLeaderCrashesASurvivorWinsAHigherTerm() {
        TrialCluster cluster = bootWithFirst(2, 3);
        assertTrue(cluster.runUntil(10_000_000, TrialClusterTest::leaderCommittedAll));
        cluster.crash(2);
        cluster.watchForLeaderAbove(1);
        assertTrue(cluster.runUntil(cluster.nowUs() + 10_000_000, c -> c.leader() >= 0));
        assertTrue(cluster.leader() != 2 && cluster.node(cluster.leader()).term() > 1);
        assertEquals(cluster.nowUs(), cluster.firstLeaderAboveUs());
    }
}
