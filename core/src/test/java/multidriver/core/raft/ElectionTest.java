package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** §5.2 leader election. */
class ElectionTest {

    @ParameterizedTest(name = "{0} servers elect exactly one leader")
    @ValueSource(ints = {3, 5})
    void aClusterElectsOneLeaderAndEveryoneFollowsIt(int size) {
        TestCluster c = TestCluster.of(size, 42);
        int leader = c.awaitLeader(100);
        c.rounds(5);
        assertEquals(1, c.leaderCount());
        long term = c.node(leader).term();
        for (int i = 0; i < size; i++) {
            assertEquals(term, c.node(i).term(), "every server adopts the leader's term");
            assertEquals(c.node(leader).id(), c.node(i).leader().orElseThrow());
            // the leader's no-op (§8) commits everywhere
            assertEquals(c.node(leader).lastLogIndex(), c.node(i).commitIndex());
        }
    }

    @Test
    void aSingleServerElectsItselfAndCommitsAlone() {
        TestCluster c = TestCluster.of(1, 1);
        c.awaitLeader(30);
        assertEquals(Role.LEADER, c.node(0).role());
        assertEquals(1, c.node(0).commitIndex());
    }

    @Test
    void splitVotesResolveThroughRandomizedTimeouts() {
        // Without PreVote every server campaigns for real; drop every vote response at first so that each term
        // ends in a split vote, then let the network work: randomized timeouts (§5.2) separate the candidates.
        TestCluster c = new TestCluster(5, RaftConfig.defaults().withPreVote(false), 7);
        long splitTerms = 0;
        for (int r = 0; r < 60; r++) {
            c.tickAll();
            c.deliverWhere(m -> !(m instanceof RequestVoteResponse));
            c.dropWhere(m -> m instanceof RequestVoteResponse);
            splitTerms = c.node(0).term();
        }
        assertEquals(0, c.leaderCount(), "no one can win without vote responses");
        assertTrue(splitTerms >= 2, "several terms passed without a winner, term=" + splitTerms);
        c.awaitLeader(100);
        assertEquals(1, c.leaderCount());
    }

    @Test
    void simultaneousCandidatesSplitTheVoteThenOneWins() {
        TestCluster c = new TestCluster(4, RaftConfig.defaults().withPreVote(false).withCheckQuorum(false), 3);
        // Force two candidates in the same term: both time out before hearing each other.
        for (int t = 0; t < 100 && c.node(0).role() != Role.CANDIDATE; t++) c.tick(0);
        for (int t = 0; t < 100 && c.node(1).term() < c.node(0).term(); t++) c.tick(1);
        assertEquals(Role.CANDIDATE, c.node(1).role());
        long term = c.node(0).term();
        // Each candidate gets one vote besides its own: 2 of 4 is no majority.
        c.deliverWhere(m -> m instanceof RequestVote rv && rv.from().value() == 0 && rv.to().value() == 2);
        c.deliverWhere(m -> m instanceof RequestVote rv && rv.from().value() == 1 && rv.to().value() == 3);
        c.deliverAll();
        assertEquals(0, c.leaderCount(), "split vote in term " + term);
        c.awaitLeader(100);
        assertTrue(c.node(c.stableLeader()).term() > term);
    }

    @Test
    void aStaleLeaderStepsDownWhenItSeesAHigherTerm() {
        TestCluster c = new TestCluster(3, RaftConfig.defaults().withCheckQuorum(false), 11);
        int old = c.awaitLeader(100);
        long oldTerm = c.node(old).term();
        c.isolate(old);
        int fresh = -1;
        for (int r = 0; r < 200 && fresh < 0; r++) {
            c.round();
            int l = c.stableLeader();
            if (l >= 0 && l != old) fresh = l;
        }
        assertTrue(fresh >= 0, "the majority elects a new leader: " + c.describe());
        assertEquals(Role.LEADER, c.node(old).role(), "without CheckQuorum the old leader does not know yet");
        c.heal();
        c.rounds(3);
        assertEquals(Role.FOLLOWER, c.node(old).role());
        assertTrue(c.node(old).term() > oldTerm);
        assertEquals(c.node(fresh).id(), c.node(old).leader().orElseThrow());
    }

    @Test
    void votesAreGrantedOncePerTermAndOnlyToUpToDateLogs() {
        RaftNode voter = new RaftNode(NodeId.of(0), List.of(NodeId.of(1), NodeId.of(2)),
                RaftConfig.defaults().withPreVote(false), new SplittableRandom(1),
                new RecoveredState(new HardState(2, null, 0), List.of(new multidriver.core.log.Entry(1, 2, new byte[]{1}))));
        // §5.4.1: a candidate whose last term is older is refused
        voter.step(new RequestVote(NodeId.of(1), NodeId.of(0), 3, 5, 1, false));
        assertFalse(((RequestVoteResponse) voter.ready().messages().get(0)).granted());
        voter.advance(voter.ready());
        // an up-to-date candidate gets the vote, persisted before the answer (mustSync)
        voter.step(new RequestVote(NodeId.of(2), NodeId.of(0), 3, 1, 2, false));
        Ready rd = voter.ready();
        assertTrue(((RequestVoteResponse) rd.messages().get(0)).granted());
        assertEquals(new HardState(3, NodeId.of(2), 0), rd.hardState());
        assertTrue(rd.mustSync());
        voter.advance(rd);
        // §5.2: a second candidate in the same term is refused
        voter.step(new RequestVote(NodeId.of(1), NodeId.of(0), 3, 1, 2, false));
        assertFalse(((RequestVoteResponse) voter.ready().messages().get(0)).granted());
    }
}
