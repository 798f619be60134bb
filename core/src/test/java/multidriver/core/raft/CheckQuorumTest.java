package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.RequestVote;
import org.junit.jupiter.api.Test;

/** CheckQuorum and the leader lease (thesis §6.2, §4.2.3). */
class CheckQuorumTest {

    @Test
    void anIsolatedLeaderStepsDownWithinAnElectionTimeoutOrTwo() {
        TestCluster c = TestCluster.of(5, 41);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        c.isolate(leader);
        int ticks = 0;
        while (c.node(leader).role() == Role.LEADER && ticks < 100) {
            c.round();
            ticks++;
        }
        assertEquals(Role.FOLLOWER, c.node(leader).role());
        assertEquals(term, c.node(leader).term(), "it stepped down by itself, not because of a higher term");
        assertTrue(ticks <= 2 * c.config.electionTimeoutMinTicks(), "stepped down after " + ticks + " ticks");
    }

    @Test
    void aLeaderThatHearsFromAQuorumStaysLeader() {
        TestCluster c = TestCluster.of(5, 43);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        c.partition(leader, (leader + 1) % 5, (leader + 2) % 5); // leader keeps a majority of three
        c.rounds(100);
        assertEquals(Role.LEADER, c.node(leader).role());
        assertEquals(term, c.node(leader).term());
    }

    @Test
    void aFollowerInsideTheLeaderLeaseIgnoresAVoteRequestWithAHigherTerm() {
        NodeId self = NodeId.of(0);
        NodeId leader = NodeId.of(1);
        NodeId intruder = NodeId.of(2);
        RaftNode follower = new RaftNode(self, List.of(leader, intruder), RaftConfig.defaults().withPreVote(false),
                new SplittableRandom(1), RecoveredState.EMPTY);
        follower.step(new Heartbeat(leader, self, 1, 0, 0));
        follower.advance(follower.ready());
        follower.step(new RequestVote(intruder, self, 5, 10, 4, false));
        assertEquals(1, follower.term(), "term not adopted inside the lease");
        assertTrue(follower.ready().messages().isEmpty(), "no answer at all");
        for (int t = 0; t < follower.config().electionTimeoutMinTicks(); t++) follower.tick();
        follower.advance(follower.ready());
        follower.step(new RequestVote(intruder, self, 5, 10, 4, false));
        assertEquals(5, follower.term(), "after the lease the vote request is considered");
        assertEquals(intruder, follower.votedFor().orElseThrow());
        assertTrue(List.<Entry>of().isEmpty());
    }
}
