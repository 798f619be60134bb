package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import org.junit.jupiter.api.Test;

/** Thesis §6.3: a client's retried command is applied once and answered with its first result. */
class DuplicateCommandTest {
    /** Registers a client session through the log (thesis §6.3): its id is the index of the register entry. */
    private static ClientId register(TestCluster c, int leader) {
        return new ClientId(c.propose(leader, new KvCommand.Register()).orElseThrow());
    }

    @Test
    void aCommandRetriedAtTheSameLeaderIsAppliedOnce() {
        TestCluster c = TestCluster.of(3, 61);
        int leader = c.awaitLeader(100);
        ClientId client = register(c, leader);
        KvCommand cas = new KvCommand.Cas(client, 1, "lock", null, "mine");
        long first = c.propose(leader, cas).orElseThrow();
        long retry = c.propose(leader, cas).orElseThrow(); // the client timed out and sent it again
        c.deliverAll();
        c.rounds(2);
        for (int i = 0; i < 3; i++) {
            List<KvResult> results = resultsAt(c, i, first, retry);
            assertEquals(List.of(KvResult.ok("mine"), KvResult.ok("mine")), results,
                    "the retry is answered with the first result, not CAS_MISMATCH");
        }
    }

    @Test
    void aCommandRetriedAtANewLeaderAfterACrashIsAppliedOnce() {
        TestCluster c = TestCluster.of(5, 63);
        int leader = c.awaitLeader(100);
        ClientId client = register(c, leader);
        c.propose(leader, new KvCommand.Put(client, 1, "n", "1"));
        KvCommand cas = new KvCommand.Cas(client, 2, "n", "1", "2");
        c.propose(leader, cas);
        c.deliverAll();
        c.crash(leader); // committed, but the client never heard back
        int next = -1;
        for (int r = 0; r < 300 && (next < 0 || next == leader); r++) {
            c.round();
            next = c.stableLeader();
        }
        long retry = c.propose(next, cas).orElseThrow();
        c.deliverAll();
        c.rounds(2);
        assertEquals(KvResult.ok("2"), resultsAt(c, next, retry).get(0));
        assertEquals(KvResult.ok("2"), c.member(next).kv.read("n"));
    }

    /** Results of the command entries at the given log indexes on server i (results list skips no-ops). */
    private static List<KvResult> resultsAt(TestCluster c, int i, long... indexes) {
        List<KvResult> out = new ArrayList<>();
        for (long index : indexes) out.add(c.member(i).results.get((int) index - 1));
        return out;
    }
}
