package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import org.junit.jupiter.api.Test;

/** Thesis §4: single-server membership changes, learners, removal, and the replace drill of the operations guide. */
class MembershipTest {
    private static KvCommand put(int k) {
        return new KvCommand.Put(new ClientId(0), 0, "k" + k, "v" + k);
    }

    private static Member learner(int id) {
        return new Member(NodeId.of(id), true, "");
    }

    private static Member voter(int id) {
        return Member.voter(NodeId.of(id));
    }

    @Test
    void aLearnerReceivesTheLogButNeverCampaignsOrCounts() {
        TestCluster c = new TestCluster(3, 1, RaftConfig.defaults(), 41);
        int leader = c.awaitLeader(100);
        assertTrue(c.changeMembership(leader, c.node(leader).membership().with(learner(3))).isPresent());
        c.propose(leader, put(1));
        c.deliverAll();
        c.rounds(3);
        assertEquals(KvResult.ok("v1"), c.member(3).kv.read("k1"), c.describe());
        assertFalse(c.node(3).isVoter());
        // Without a leader the learner never starts an election, however long it waits.
        long term = c.node(3).term();
        c.isolate(3);
        for (int t = 0; t < 200; t++) c.tick(3);
        assertEquals(term, c.node(3).term());
        assertEquals(Role.FOLLOWER, c.node(3).role());
        // Two of three voters down: a learner is no substitute for a voter, nothing commits.
        c.heal();
        int other = (leader + 1) % 3;
        c.crash(other);
        c.crash((leader + 2) % 3);
        long commit = c.node(leader).commitIndex();
        c.propose(leader, put(2));
        c.rounds(5);
        assertEquals(commit, c.node(leader).commitIndex(), c.describe());
    }

    /**
     * A learner that hears from no leader for a whole election timeout forgets the leader it had, so it is no longer
     * inside the CheckQuorum lease (§4.2.3) and answers vote requests: a candidate whose configuration already counts
     * it as a voter (a promotion it has not received) needs that vote. Found by a 3-node simulator schedule (seed 35),
     * where the learner restarted its own timer forever and ignored every PreVote.
     */
    @Test
    void aLearnerThatHearsNoLeaderForAnElectionTimeoutForgetsItAndAnswersVotes() {
        RaftConfig config = RaftConfig.defaults().withPreVote(true).withCheckQuorum(true);
        TestCluster c = new TestCluster(3, 1, config, 57);
        int leader = c.awaitLeader(100);
        assertTrue(c.changeMembership(leader, c.node(leader).membership().with(learner(3))).isPresent());
        c.deliverAll();
        c.rounds(3);
        assertEquals(NodeId.of(leader), c.node(3).leader().orElseThrow(), "the learner follows the leader");
        c.crash(leader);
        for (int t = 0; t < config.electionTimeoutMaxTicks() + 1; t++) c.tick(3);
        assertTrue(c.node(3).leader().isEmpty(), "no leader heard for an election timeout: none believed in");
        int candidate = (leader + 1) % 3;
        // The PreVote of a candidate whose configuration already promoted server 3 (it never got that entry).
        RaftNode cand = c.node(candidate);
        c.network.add(new multidriver.core.raft.message.RequestVote(NodeId.of(candidate), NodeId.of(3),
                cand.term() + 1, cand.lastLogIndex(), cand.termAt(cand.lastLogIndex()), true, false));
        int answered = c.deliverWhere(m -> m instanceof multidriver.core.raft.message.RequestVote rv
                && rv.to().equals(NodeId.of(3)));
        assertEquals(1, answered);
        assertTrue(c.network.stream().anyMatch(m -> m instanceof multidriver.core.raft.message.RequestVoteResponse r
                && r.from().equals(NodeId.of(3)) && r.to().equals(NodeId.of(candidate))), "the learner answers");
    }

    /** A server that joined empty refuses to vote until a leader gave it a configuration (it remembers no votes). */
    @Test
    void aServerThatKnowsNoConfigurationDoesNotVote() {
        TestCluster c = new TestCluster(3, 2, RaftConfig.defaults(), 49);
        int leader = c.awaitLeader(100);
        c.changeMembership(leader, c.node(leader).membership().with(learner(3)));
        c.rounds(3);
        for (int voter : new int[] {4}) { // started empty, knows no configuration
            long term = c.node(voter).term() + 1;
            c.node(voter).step(new multidriver.core.raft.message.RequestVote(NodeId.of(leader), NodeId.of(voter), term,
                    1_000, term, false, true)); // announced as a transfer: past the learner's leader lease
            c.drain(c.member(voter));
            assertTrue(c.network.stream().anyMatch(m -> m instanceof multidriver.core.raft.message.RequestVoteResponse r
                    && r.from().value() == voter && !r.granted()), "n" + voter + " refused: " + c.network);
            assertTrue(c.node(voter).votedFor().isEmpty());
            c.dropAll();
        }
    }

    @Test
    void aLearnerIsPromotedOnlyOnceCaughtUpAndThenCounts() {
        TestCluster c = new TestCluster(3, 1, RaftConfig.defaults(), 42);
        int leader = c.awaitLeader(100);
        c.isolate(3);
        c.changeMembership(leader, c.node(leader).membership().with(learner(3)));
        for (int k = 0; k < 5; k++) c.propose(leader, put(k));
        c.deliverAll();
        Membership promoted = c.node(leader).membership().with(voter(3));
        assertTrue(c.node(leader).membershipChangeBlocker(promoted).orElseThrow().contains("has not caught up"));
        assertFalse(c.changeMembership(leader, promoted).isPresent());
        c.heal();
        c.rounds(5);
        assertTrue(c.changeMembership(leader, promoted).isPresent(), c.describe());
        c.deliverAll();
        assertEquals(4, c.node(leader).membership().voterCount());
        // Four voters: a quorum is three. With one old voter down, the promoted server's acknowledgement is needed.
        int down = (leader + 1) % 3;
        c.crash(down);
        c.propose(leader, put(9));
        c.deliverWhere(m -> m.to().value() != 3 && m.from().value() != 3);
        long committedWithoutIt = c.node(leader).commitIndex();
        assertNotEquals(c.node(leader).lastLogIndex(), committedWithoutIt, "two of four is not a quorum");
        c.rounds(3);
        assertEquals(c.node(leader).lastLogIndex(), c.node(leader).commitIndex(), c.describe());
    }

    @Test
    void changesAreSingleServerAndOneAtATime() {
        TestCluster c = new TestCluster(3, 2, RaftConfig.defaults(), 43);
        int leader = c.awaitLeader(100);
        Membership now = c.node(leader).membership();
        assertThrows(IllegalArgumentException.class,
                () -> c.node(leader).proposeMembership(now.with(voter(3)).with(voter(4))));
        assertThrows(IllegalArgumentException.class, () -> c.node(leader).proposeMembership(now));
        c.partition(leader); // the change cannot commit
        assertTrue(c.changeMembership(leader, now.with(learner(3))).isPresent());
        Membership second = c.node(leader).membership().with(learner(4));
        assertTrue(c.node(leader).membershipChangeBlocker(second).orElseThrow().contains("not committed yet"));
        assertFalse(c.changeMembership(leader, second).isPresent());
        int follower = (leader + 1) % 3;
        assertEquals("not the leader", c.node(follower).membershipChangeBlocker(second).orElseThrow());
    }

    @Test
    void anUncommittedChangeThatIsTruncatedIsForgotten() {
        TestCluster c = new TestCluster(3, 1, RaftConfig.defaults(), 44);
        int old = c.awaitLeader(100);
        c.partition(old);
        c.changeMembership(old, c.node(old).membership().with(learner(3)));
        assertTrue(c.node(old).membership().contains(NodeId.of(3)), "in effect as soon as it is in the log");
        int fresh = -1;
        for (int r = 0; r < 200 && fresh < 0; r++) {
            c.round();
            for (int i = 0; i < 3; i++) {
                if (i != old && c.node(i).role() == Role.LEADER && c.node(i).termAt(c.node(i).commitIndex())
                        == c.node(i).term()) {
                    fresh = i;
                }
            }
        }
        assertTrue(fresh >= 0, c.describe());
        c.propose(fresh, put(1));
        c.deliverAll();
        c.heal();
        c.rounds(10);
        assertFalse(c.node(old).membership().contains(NodeId.of(3)), c.describe());
        assertEquals(3, c.node(old).membership().voterCount());
    }

    @Test
    void aRemovedFollowerDoesNotDisruptTheCluster() {
        TestCluster c = TestCluster.of(5, 45);
        int leader = c.awaitLeader(100);
        int removed = (leader + 1) % 5;
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(removed)));
        c.deliverAll();
        c.rounds(2);
        long term = c.node(leader).term();
        for (int r = 0; r < 100; r++) {
            c.round();
            c.propose(leader, put(r));
        }
        assertEquals(Role.LEADER, c.node(leader).role(), c.describe());
        assertEquals(term, c.node(leader).term(), "the removed server's elections changed nothing");
        assertEquals(4, c.node(leader).membership().voterCount());
    }

    @Test
    void aLeaderThatRemovesItselfHandsOverAndStepsDown() {
        TestCluster c = TestCluster.of(3, 46);
        int leader = c.awaitLeader(100);
        long term = c.node(leader).term();
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(leader)));
        c.deliverAll(); // commit (without counting itself), step down, TimeoutNow to the most up-to-date voter
        assertEquals(Role.FOLLOWER, c.node(leader).role());
        int next = c.stableLeader();
        assertTrue(next >= 0 && next != leader, c.describe());
        assertEquals(term + 1, c.node(next).term(), "handed over without waiting for an election timeout");
        for (int r = 0; r < 100; r++) c.round();
        assertNotEquals(Role.LEADER, c.node(leader).role());
        assertEquals(term + 1, c.node(next).term(), c.describe());
    }

    /**
     * Found by the simulator: a leader appends its own removal, loses its quorum before the change commits, and holds
     * the longest log. The others, still counting with the old configuration, need its vote and cannot get it; it must
     * campaign itself (counting the new configuration's voters only), commit its removal, and step down.
     */
    @Test
    void aLeaderWhoseRemovalIsUncommittedMayStillCampaignAndFinishIt() {
        TestCluster c = TestCluster.of(5, 50);
        int leader = c.awaitLeader(100);
        int gone = (leader + 1) % 5;
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(gone)));
        c.rounds(3); // four voters now; the leader is one of them
        int dead = (leader + 2) % 5;
        c.crash(dead);
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(leader)));
        c.dropAll(); // its removal reaches nobody: only the leader's log holds it
        c.isolate(leader);
        for (int t = 0; t < 100 && c.node(leader).role() == Role.LEADER; t++) c.tick(leader);
        assertNotEquals(Role.LEADER, c.node(leader).role(), "CheckQuorum deposed it");
        c.heal();
        c.rounds(200);
        int next = c.stableLeader();
        assertTrue(next >= 0, "a leader is elected: " + c.describe());
        assertFalse(c.node(next).membership().contains(NodeId.of(leader)), "the removal was finished: " + c.describe());
        assertEquals(c.node(next).lastLogIndex(), c.node(next).commitIndex());
    }

    /**
     * Thesis §10.2.1 with a single voter: its own copy must be durable before it counts. Its AppendEntries, sent in
     * parallel with its fsync, must not tell a learner that the new entry is committed (found by ScheduleProperties:
     * the fsync failed, the restarted leader had lost an entry a learner held as committed).
     */
    @Test
    void aSingleVoterCommitsOnlyWhatItHasPersisted() {
        TestCluster c = new TestCluster(2, 1, RaftConfig.defaults(), 51);
        int leader = c.awaitLeader(100);
        int other = 1 - leader;
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(other)));
        c.rounds(3);
        c.changeMembership(leader, c.node(leader).membership().with(learner(2)));
        c.rounds(5);
        RaftNode n = c.node(leader);
        long index = n.propose(multidriver.core.kv.KvCodec.encode(put(7))).orElseThrow();
        Ready rd = n.ready();
        assertTrue(rd.committedEntries().stream().noneMatch(e -> e.index() == index), "not committed before its fsync");
        for (multidriver.core.raft.message.Message m : rd.messages()) {
            if (m instanceof multidriver.core.raft.message.AppendEntries ae) {
                assertTrue(ae.leaderCommit() < index, "the learner is not told: " + ae);
            }
        }
        c.drain(c.member(leader)); // persist, then advance: now it counts
        assertEquals(index, n.commitIndex());
        c.rounds(3);
        assertEquals(KvResult.ok("v7"), c.member(2).kv.read("k7"));
    }

    /** A server whose removal is pending does not elect itself when the new configuration has a single voter. */
    @Test
    void aServerWhoseRemovalIsPendingNeedsTheNewVotersVoteEvenIfThereIsOnlyOne() {
        TestCluster c = TestCluster.of(2, 52);
        int leader = c.awaitLeader(100);
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(leader)));
        c.dropAll(); // the removal reaches nobody; the only voter of the new configuration is the other server
        c.isolate(leader);
        long term = c.node(leader).term();
        for (int t = 0; t < 300; t++) {
            c.tick(leader);
            assertFalse(c.node(leader).role() == Role.LEADER && c.node(leader).term() > term,
                    "elected itself without the new configuration's voter: " + c.describe());
        }
    }

    @Test
    void theReplaceDrillWipeRemoveRejoinAsLearnerCatchUpThroughASnapshotPromote() {
        TestCluster c = TestCluster.of(3, 47);
        int leader = c.awaitLeader(100);
        for (int k = 0; k < 20; k++) {
            c.propose(leader, put(k));
            c.deliverAll();
        }
        c.rounds(2);
        c.compact(leader);
        int replaced = (leader + 1) % 3;
        c.crash(replaced);
        c.changeMembership(leader, c.node(leader).membership().without(NodeId.of(replaced)));
        c.rounds(3);
        c.wipe(replaced);
        assertFalse(c.node(replaced).isVoter(), "an empty server knows no configuration and waits");
        c.changeMembership(leader, c.node(leader).membership().with(learner(replaced)));
        c.rounds(5);
        assertTrue(c.node(replaced).snapshotIndex() > 0, "caught up through InstallSnapshot: " + c.describe());
        assertEquals(KvResult.ok("v19"), c.member(replaced).kv.read("k19"));
        assertTrue(c.node(replaced).membership().contains(NodeId.of(replaced)), "learned its own configuration");
        assertTrue(c.changeMembership(leader, c.node(leader).membership().with(voter(replaced))).isPresent());
        c.rounds(3);
        assertTrue(c.node(replaced).isVoter());
        // The rejoined server now carries the cluster: with the third server down it and the leader commit.
        c.crash(3 - leader - replaced);
        c.propose(leader, put(99));
        c.rounds(3);
        assertEquals(c.node(leader).lastLogIndex(), c.node(leader).commitIndex(), c.describe());
    }

    @Test
    void aSnapshotCarriesTheConfigurationThroughARestart() {
        TestCluster c = new TestCluster(3, 1, RaftConfig.defaults(), 48);
        int leader = c.awaitLeader(100);
        c.changeMembership(leader, c.node(leader).membership().with(learner(3)));
        c.propose(leader, put(1));
        c.deliverAll();
        c.rounds(2);
        Membership expected = c.node(leader).membership();
        int follower = (leader + 1) % 3;
        c.compact(follower);
        assertEquals(expected, c.member(follower).snapshot.membership());
        c.crash(follower);
        c.restart(follower);
        assertEquals(expected, c.node(follower).membership());
        assertEquals(0, c.node(follower).membershipIndex(), "from the snapshot, not the log");
    }
}
