package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Thesis §9.6: a server that was partitioned away cannot disrupt the cluster when it comes back. */
class PreVoteTest {

    @Test
    void aPartitionedServerDoesNotBumpItsTermAndDoesNotDisruptWhenItReturns() {
        TestCluster c = TestCluster.of(5, 31);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        int lonely = (leader + 1) % 5;
        c.isolate(lonely);
        c.rounds(200); // ten or more election timeouts: it keeps running PreVote rounds, all unanswered
        assertEquals(term, c.node(lonely).term(), "PreVote never increments the term without a quorum");
        assertEquals(Role.PRE_CANDIDATE, c.node(lonely).role());
        c.heal();
        c.rounds(50);
        assertEquals(leader, c.stableLeader(), "the leader kept its job");
        assertEquals(term, c.node(leader).term(), "nobody's term moved");
        assertEquals(Role.FOLLOWER, c.node(lonely).role());
    }

    @Test
    void withoutPreVoteTheReturningServerForcesAnElection() {
        TestCluster c = new TestCluster(5, RaftConfig.defaults().withPreVote(false).withCheckQuorum(false), 31);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        int lonely = (leader + 1) % 5;
        c.isolate(lonely);
        c.rounds(200);
        assertTrue(c.node(lonely).term() > term + 3, "it campaigned in term after term: " + c.describe());
        c.heal();
        c.rounds(3);
        c.awaitLeader(200);
        assertNotEquals(term, c.node(c.stableLeader()).term(), "its high term deposed the leader (the disruption)");
    }

    @Test
    void aPreVoteDoesNotChangeTheVotersTermOrVote() {
        TestCluster c = TestCluster.of(3, 33);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        int follower = (leader + 1) % 3;
        int other = (leader + 2) % 3;
        c.isolate(leader); // followers stop hearing from the leader; one of them starts a PreVote round
        c.tickUntil(other, Role.PRE_CANDIDATE, 100);
        assertEquals(term, c.node(follower).term());
        assertEquals(c.node(leader).id(), c.node(follower).votedFor().orElse(c.node(leader).id()));
    }
}
