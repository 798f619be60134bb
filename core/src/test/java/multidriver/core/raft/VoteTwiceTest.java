package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import multidriver.core.raft.message.RequestVote;
import org.junit.jupiter.api.Test;

/** §5.2: one vote per term is what makes two leaders in one term impossible. */
class VoteTwiceTest {

    /** Servers 0 and 1 campaign in the same term; server 2's vote decides. */
    private static void twoCandidatesAskTheSameVoter(TestCluster c) {
        for (int t = 0; t < 100 && c.node(0).role() != Role.CANDIDATE; t++) c.tick(0);
        for (int t = 0; t < 100 && c.node(1).role() != Role.CANDIDATE; t++) c.tick(1);
        assertEquals(c.node(0).term(), c.node(1).term());
        c.dropWhere(m -> m instanceof RequestVote rv && rv.to().value() != 2); // they do not hear each other
        c.deliverAll();
    }

    @Test
    void aVoterGrantsOneCandidatePerTerm() {
        TestCluster c = new TestCluster(3, RaftConfig.defaults().withPreVote(false), 81);
        twoCandidatesAskTheSameVoter(c);
        assertEquals(1, c.leaderCount(), c.describe());
    }

    @Test
    void withTheVoteTwiceBugTheCheckerSeesTwoLeadersInOneTerm() {
        RaftConfig buggy = RaftConfig.defaults().withPreVote(false).withBugs(Set.of(DeliberateBug.VOTE_TWICE));
        TestCluster c = new TestCluster(3, buggy, 81);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> twoCandidatesAskTheSameVoter(c));
        assertEquals("election safety", v.invariant());
    }
}
