package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;
import org.junit.jupiter.api.Test;

/**
 * Figure 2 (§5.2): the election timer restarts only on an AppendEntries/heartbeat from the current leader, on granting
 * a vote and on starting an election. Seeing a higher term alone makes a server follow in that term (§5.1) but does
 * not restart its timer.
 */
class ElectionTimerTest {
    /** PreVote off, so a stale candidate really raises everyone's term; a narrow timeout range for sharp bounds. */
    private static final RaftConfig NO_PRE_VOTE =
            RaftConfig.defaults().withPreVote(false).withElectionTimeoutTicks(10, 12);

    @Test
    void aStaleCandidateRaisingTheTermAgainAndAgainCannotKeepTheUpToDateServerFromWinning() {
        TestCluster c = new TestCluster(3, RaftConfig.defaults().withPreVote(false), 51);
        int upToDate = 0;
        int stale = 1;
        c.crash(2); // the up-to-date server now needs the stale one's vote, and only it can win (§5.4.1)
        c.install(upToDate, 2, null, 1, TestCluster.entry(1, 1), TestCluster.entry(2, 2));
        c.install(stale, 1, null, 1, TestCluster.entry(1, 1));
        int ownTicks = 0;
        long staleCampaigns = 0;
        while (c.node(upToDate).role() != Role.LEADER && ownTicks < 200) {
            // The stale server's clock runs four times as fast: it campaigns (and raises the term) every 3-5 of the
            // up-to-date server's ticks, well within any election timeout.
            for (int t = 0; t < 4; t++) {
                long before = c.node(stale).term();
                c.tick(stale);
                c.deliverAll();
                if (c.node(stale).term() > before && c.node(stale).role() == Role.CANDIDATE) staleCampaigns++;
            }
            c.tick(upToDate);
            ownTicks++;
            c.deliverAll();
        }
        assertEquals(Role.LEADER, c.node(upToDate).role(), "the up-to-date server never campaigned: " + c.describe());
        assertTrue(staleCampaigns >= 2, "the stale candidate raised the term " + staleCampaigns + " times");
        assertTrue(ownTicks <= c.config.electionTimeoutMaxTicks(),
                "its timer was not restarted by the higher terms: it won after " + ownTicks + " ticks");
        assertEquals(c.node(upToDate).id(), c.node(stale).leader().orElseThrow());
    }

    @Test
    void refusingAStaleCandidateAdoptsItsTermButKeepsTheTimerRunning() {
        TestCluster c = new TestCluster(3, NO_PRE_VOTE, 52);
        c.crash(2); // it would elect server 1
        c.install(0, 1, null, 1, TestCluster.entry(1, 1));
        c.install(1, 1, null, 0); // an empty log: not electable by server 0 (§5.4.1)
        tickAlone(c, 0, NO_PRE_VOTE.electionTimeoutMinTicks() - 1);
        c.tickUntil(1, Role.CANDIDATE, 100); // its vote request at term 2 reaches server 0, which refuses
        assertEquals(2, c.node(0).term());
        assertEquals(Role.FOLLOWER, c.node(0).role());
        int ticks = ticksUntil(c, 0, Role.CANDIDATE);
        assertTrue(ticks <= NO_PRE_VOTE.electionTimeoutMaxTicks() - NO_PRE_VOTE.electionTimeoutMinTicks() + 1,
                "the refused candidate's term did not restart the timer, yet it campaigned only after " + ticks);
    }

    @Test
    void grantingAVoteRestartsTheTimer() {
        TestCluster c = new TestCluster(3, NO_PRE_VOTE, 53);
        tickAlone(c, 0, NO_PRE_VOTE.electionTimeoutMinTicks() - 1);
        for (int t = 0; t < 100 && c.node(1).role() != Role.CANDIDATE; t++) c.tick(1);
        assertEquals(Role.CANDIDATE, c.node(1).role());
        c.deliverWhere(m -> m instanceof RequestVote && m.to().value() == 0);
        c.dropAll(); // the candidate never hears back, so server 0 follows nobody
        assertEquals(c.node(1).id(), c.node(0).votedFor().orElseThrow(), "an up-to-date candidate gets the vote");
        int ticks = ticksUntil(c, 0, Role.CANDIDATE);
        assertTrue(ticks >= NO_PRE_VOTE.electionTimeoutMinTicks(),
                "granting the vote restarted the timer, yet it campaigned after only " + ticks);
    }

    @Test
    void aLeaderDeposedByAHigherTermWaitsAFullTimeoutBeforeCampaigning() {
        TestCluster c = new TestCluster(3, NO_PRE_VOTE.withCheckQuorum(false), 54);
        int leader = c.awaitLeader(100);
        int other = (leader + 1) % 3;
        // Let the leader's clock run (heartbeats lost) until its election clock is one tick short of the minimum
        // timeout: a follower timer that merely kept running from there would fire within a few ticks.
        int almostTimedOut = NO_PRE_VOTE.electionTimeoutMinTicks() - 1;
        for (int t = 0; t < 100 && c.node(leader).electionElapsedTicks != almostTimedOut; t++) tickAlone(c, leader, 1);
        assertEquals(almostTimedOut, c.node(leader).electionElapsedTicks);
        // A stale candidate (empty log) at a higher term deposes the leader but gets no vote.
        c.network.add(new RequestVote(c.node(other).id(), c.node(leader).id(), c.node(leader).term() + 1, 0, 0, false));
        c.deliverWhere(m -> m instanceof RequestVote);
        assertEquals(Role.FOLLOWER, c.node(leader).role());
        assertTrue(c.network.stream().anyMatch(m -> m instanceof RequestVoteResponse r && !r.granted()));
        c.dropAll();
        int ticks = ticksUntil(c, leader, Role.CANDIDATE);
        assertTrue(ticks >= NO_PRE_VOTE.electionTimeoutMinTicks(),
                "a deposed leader starts a fresh randomized timeout, yet it campaigned after " + ticks);
    }

    /** Ticks server i n times, delivering nothing (its messages are dropped). */
    private static void tickAlone(TestCluster c, int i, int n) {
        for (int t = 0; t < n; t++) {
            c.tick(i);
            c.dropAll();
        }
    }

    /** Ticks server i alone, dropping its messages, until it has {@code role}; returns the number of ticks. */
    private static int ticksUntil(TestCluster c, int i, Role role) {
        int ticks = 0;
        while (c.node(i).role() != role) {
            if (++ticks > 100) throw new AssertionError(c.node(i) + " never became " + role);
            c.tick(i);
            c.dropAll();
        }
        return ticks;
    }
}
