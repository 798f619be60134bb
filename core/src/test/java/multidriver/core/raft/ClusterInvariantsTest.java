package multidriver.core.raft;

import static multidriver.core.raft.TestCluster.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import org.junit.jupiter.api.Test;

/** The cluster-wide checker catches each broken Figure 3 property, fed with servers that break it. */
class ClusterInvariantsTest {

    private static RaftNode server(int id, long term, long commit, Entry... log) {
        List<NodeId> peers = id == 0 ? List.of(NodeId.of(1), NodeId.of(2)) : List.of(NodeId.of(0), NodeId.of(2));
        return new RaftNode(NodeId.of(id), peers, RaftConfig.defaults(), new SplittableRandom(id),
                new RecoveredState(new HardState(term, null, commit), List.of(log)));
    }

    /** A one-server cluster elects itself: a quick way to get a real leader. */
    private static RaftNode soloLeader(int id, Entry... log) {
        RaftNode node = new RaftNode(NodeId.of(id), List.of(), RaftConfig.defaults(), new SplittableRandom(id),
                new RecoveredState(new HardState(log.length == 0 ? 0 : log[log.length - 1].term(), null, 0),
                        List.of(log)));
        for (int t = 0; t < 30 && node.role() != Role.LEADER; t++) node.tick();
        assertEquals(Role.LEADER, node.role());
        return node;
    }

    @Test
    void twoLeadersInOneTermBreakElectionSafety() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(soloLeader(0));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> safety.observe(soloLeader(1)));
        assertEquals("election safety", v.invariant());
    }

    @Test
    void sameIndexAndTermWithDifferentPrefixesBreakLogMatching() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(server(0, 3, 0, entry(1, 1), entry(2, 3)));
        InvariantViolation v = assertThrows(InvariantViolation.class,
                () -> safety.observe(server(1, 3, 0, entry(1, 2), entry(2, 3))));
        assertEquals("log matching", v.invariant());
    }

    @Test
    void sameIndexAndTermWithDifferentCommandsBreakLogMatching() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(server(0, 1, 0, new Entry(1, 1, new byte[]{1})));
        InvariantViolation v = assertThrows(InvariantViolation.class,
                () -> safety.observe(server(1, 1, 0, new Entry(1, 1, new byte[]{2}))));
        assertEquals("log matching", v.invariant());
    }

    @Test
    void differentCommittedEntriesAtOneIndexBreakStateMachineSafety() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(server(0, 2, 2, entry(1, 1), entry(2, 1)));
        InvariantViolation v = assertThrows(InvariantViolation.class,
                () -> safety.observe(server(1, 2, 2, entry(1, 1), entry(2, 2))));
        assertEquals("state machine safety", v.invariant());
    }

    @Test
    void aLeaderMissingAnEarlierCommittedEntryBreaksLeaderCompleteness() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(server(0, 1, 2, entry(1, 1), entry(2, 1)));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> safety.observe(soloLeader(1, entry(1, 1))));
        assertEquals("leader completeness", v.invariant());
    }

    @Test
    void agreeingServersAndRestartedInstancesPass() {
        ClusterInvariants safety = new ClusterInvariants();
        safety.observe(server(0, 2, 2, entry(1, 1), entry(2, 2)));
        safety.observe(server(1, 2, 1, entry(1, 1)));
        safety.observe(server(1, 2, 2, entry(1, 1), entry(2, 2), entry(3, 2))); // server 1 restarted, caught up
        safety.observe(server(0, 2, 1, entry(1, 1))); // restarted with a shorter log and an older commit hint
        assertEquals(2, safety.committedIndex());
        assertEquals(entry(2, 2), safety.committedEntry(2));
    }

    @Test
    void aFollowerRefusesToOverwriteACommittedEntry() {
        RaftNode follower = server(0, 2, 2, entry(1, 1), entry(2, 1));
        var bogus = new multidriver.core.raft.message.AppendEntries(NodeId.of(1), NodeId.of(0), 3, 1, 1,
                List.of(entry(2, 3)), 2);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> follower.step(bogus));
        assertEquals("committed entry overwritten", v.invariant());
    }
}
