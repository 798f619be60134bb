package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;
import org.junit.jupiter.api.Test;

/** A server restarts from the state it persisted through Ready (Figure 2: term, vote and log are durable). */
class RestartTest {
    private static final ClientId CLIENT = new ClientId(3);

    @Test
    void theWholeClusterRestartsFromStableStorageAndKeepsEveryCommittedWrite() {
        TestCluster c = TestCluster.of(3, 71);
        int leader = c.awaitLeader(100);
        for (int seq = 1; seq <= 20; seq++) c.propose(leader, new KvCommand.Put(CLIENT, seq, "k" + seq % 4, "" + seq));
        c.deliverAll();
        c.rounds(2);
        var before = c.member(leader).kv.contents().toString();
        long committed = c.node(leader).commitIndex();
        for (int i = 0; i < 3; i++) c.crash(i);
        for (int i = 0; i < 3; i++) c.restart(i);
        int next = c.awaitLeader(200);
        c.rounds(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(c.node(i).commitIndex() > committed, "committed and one more (the new no-op)");
            assertEquals(before, c.member(i).kv.contents().toString(), "state machine rebuilt from the log");
        }
        assertTrue(c.node(next).term() > 1);
    }

    @Test
    void aRestartedServerHandsOutItsCommittedEntriesAgainFromIndexOne() {
        List<Entry> log = List.of(TestCluster.entry(1, 1), TestCluster.entry(2, 1), TestCluster.entry(3, 2));
        RaftNode node = new RaftNode(NodeId.of(0), List.of(NodeId.of(1), NodeId.of(2)), RaftConfig.defaults(),
                new SplittableRandom(1), new RecoveredState(new HardState(2, null, 2), log));
        assertEquals(0, node.appliedIndex());
        assertEquals(2, node.commitIndex());
        Ready rd = node.ready();
        assertEquals(log.subList(0, 2), rd.committedEntries());
        assertTrue(rd.entries().isEmpty(), "the recovered log is already stable");
        node.advance(rd);
        assertEquals(2, node.appliedIndex());
        assertFalse(node.hasReady());
    }

    @Test
    void aRestartedServerDoesNotVoteTwiceInTheSameTerm() {
        List<NodeId> peers = List.of(NodeId.of(1), NodeId.of(2));
        RaftConfig config = RaftConfig.defaults().withPreVote(false);
        RaftNode voter = new RaftNode(NodeId.of(0), peers, config, new SplittableRandom(1), RecoveredState.EMPTY);
        voter.step(new RequestVote(NodeId.of(1), NodeId.of(0), 3, 0, 0, false));
        Ready rd = voter.ready();
        HardState persisted = rd.hardState(); // what the driver wrote (and synced) before sending the grant
        assertTrue(rd.mustSync());
        voter.advance(rd);
        RaftNode restarted = new RaftNode(NodeId.of(0), peers, config, new SplittableRandom(2),
                new RecoveredState(persisted, List.of()));
        restarted.step(new RequestVote(NodeId.of(2), NodeId.of(0), 3, 0, 0, false));
        RequestVoteResponse answer = (RequestVoteResponse) restarted.ready().messages().get(0);
        assertFalse(answer.granted());
        assertEquals(NodeId.of(1), restarted.votedFor().orElseThrow());
    }

    @Test
    void inconsistentRecoveredStateIsRejected() {
        List<NodeId> peers = List.of(NodeId.of(1));
        assertThrows(IllegalArgumentException.class, () -> new RaftNode(NodeId.of(0), peers, RaftConfig.defaults(),
                new SplittableRandom(1), new RecoveredState(new HardState(1, null, 5), List.of(TestCluster.entry(1, 1)))));
        assertThrows(IllegalArgumentException.class, () -> new RaftNode(NodeId.of(0), peers, RaftConfig.defaults(),
                new SplittableRandom(1), new RecoveredState(new HardState(1, null, 0), List.of(TestCluster.entry(1, 4)))));
    }
}
