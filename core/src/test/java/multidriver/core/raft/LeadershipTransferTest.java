package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import java.util.ArrayList;
import java.util.List;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.TimeoutNow;
import org.junit.jupiter.api.Test;

/** Thesis §3.10: the leader hands over to a chosen follower with TimeoutNow, and refuses proposals meanwhile. */
class LeadershipTransferTest {
    private static final KvCommand PUT = new KvCommand.Put(new ClientId(0), 0, "x", "1");

    @Test
    void theTargetCatchesUpAndTakesOverInTheNextTerm() {
        TestCluster c = TestCluster.of(5, 31);
        int leader = c.awaitLeader(100);
        int target = (leader + 2) % 5;
        c.isolate(target);
        for (int k = 0; k < 5; k++) {
            c.propose(leader, new KvCommand.Put(new ClientId(0), 0, "k" + k, "v" + k));
            c.deliverAll();
        }
        c.heal();
        long term = c.node(leader).term();
        assertTrue(c.node(leader).transferLeadership(NodeId.of(target)));
        c.drain(c.member(leader));
        assertFalse(c.propose(leader, PUT).isPresent(), "no proposals while the transfer runs");
        assertFalse(c.node(leader).transferLeadership(NodeId.of((target + 1) % 5)), "one transfer at a time");
        c.deliverAll(); // the target catches up, receives TimeoutNow, campaigns and wins: no election timeout needed
        assertEquals(Role.LEADER, c.node(target).role(), c.describe());
        assertEquals(term + 1, c.node(target).term());
        assertEquals(Role.FOLLOWER, c.node(leader).role());
        c.propose(target, PUT);
        c.deliverAll();
        c.rounds(3);
        for (int i = 0; i < 5; i++) assertEquals(KvResult.ok("v4"), c.member(i).kv.read("k4"));
    }

    /** With CheckQuorum's leader lease, the invited candidate's votes are not ignored (it says it was invited). */
    @Test
    void theLeaseDoesNotBlockAnInvitedCandidate() {
        TestCluster c = TestCluster.of(3, 32);
        assertTrue(c.config.checkQuorum());
        int leader = c.awaitLeader(100);
        int target = (leader + 1) % 3;
        c.rounds(2); // everyone heard from the leader just now: all are inside the lease
        assertTrue(c.node(leader).transferLeadership(NodeId.of(target)));
        c.drain(c.member(leader));
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(target).role(), c.describe());
    }

    /** A target that never answers: the transfer is abandoned after an election timeout and the leader goes on. */
    @Test
    void aTransferThatDoesNotCompleteIsAbandoned() {
        TestCluster c = TestCluster.of(3, 33);
        int leader = c.awaitLeader(100);
        int target = (leader + 1) % 3;
        c.crash(target);
        assertTrue(c.node(leader).transferLeadership(NodeId.of(target)));
        c.drain(c.member(leader));
        assertFalse(c.propose(leader, PUT).isPresent());
        for (int t = 0; t < c.config.electionTimeoutMinTicks(); t++) {
            c.tick(leader);
            c.deliverAll();
        }
        assertEquals(Role.LEADER, c.node(leader).role());
        assertTrue(c.node(leader).transferTarget().isEmpty());
        assertTrue(c.propose(leader, PUT).isPresent(), "proposals are accepted again");
    }

    /**
     * The invitation is held up in the network past the transfer's bound; the leader abandons the transfer, takes a
     * proposal and replicates it. The late TimeoutNow then reaches a target whose log has moved: it stays a follower
     * (etcd's raft campaigns here, deposing the leader it was replicating from).
     */
    @Test
    void aTimeoutNowThatArrivesAfterItsTransferWasAbandonedIsIgnored() {
        TestCluster c = TestCluster.of(3, 35);
        int leader = c.awaitLeader(100);
        int target = (leader + 1) % 3;
        c.rounds(2);
        long term = c.node(leader).term();
        assertTrue(c.node(leader).transferLeadership(NodeId.of(target)));
        c.drain(c.member(leader));
        List<Message> held = new ArrayList<>(c.network.stream().filter(m -> m instanceof TimeoutNow).toList());
        assertEquals(1, held.size(), "the target was up to date: the invitation goes out at once");
        c.network.removeAll(held);
        for (int t = 0; t < c.config.electionTimeoutMinTicks(); t++) {
            c.tick(leader);
            c.deliverAll();
        }
        assertTrue(c.node(leader).transferTarget().isEmpty(), "abandoned");
        assertTrue(c.propose(leader, PUT).isPresent());
        c.deliverAll();
        c.network.addAll(held);
        c.deliverAll();
        assertEquals(Role.LEADER, c.node(leader).role(), c.describe());
        assertEquals(term, c.node(leader).term());
        assertEquals(Role.FOLLOWER, c.node(target).role());
    }

    @Test
    void onlyTheLeaderTransfersAndOnlyTheLeadersTimeoutNowCounts() {
        TestCluster c = TestCluster.of(3, 34);
        int leader = c.awaitLeader(100);
        int follower = (leader + 1) % 3;
        int other = (leader + 2) % 3;
        assertFalse(c.node(follower).transferLeadership(NodeId.of(other)));
        assertFalse(c.node(leader).transferLeadership(NodeId.of(leader)), "not to itself");
        c.node(other).step(new TimeoutNow(NodeId.of(follower), NodeId.of(other), c.node(other).term(),
                c.node(other).log.lastIndex()));
        c.drain(c.member(other));
        assertEquals(Role.FOLLOWER, c.node(other).role(), "a TimeoutNow not from our leader is ignored");
    }
}
