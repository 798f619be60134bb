package multidriver.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The key-value state machine and its client sessions (thesis §6.3). */
class KvStateMachineTest {
    private static final ClientId A = new ClientId(1);
    private static final ClientId B = new ClientId(2);
    private static final ClientId C = new ClientId(3);

    private long index;

    private KvResult apply(KvStateMachine kv, KvCommand command) {
        return kv.apply(++index, KvCodec.encode(command));
    }

    @Test
    void readWriteCasAndDeleteBehaveLikeAMap() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        assertEquals(KvResult.notFound(), apply(kv, new KvCommand.Get(A, 1, "x")));
        assertEquals(KvResult.ok("1"), apply(kv, new KvCommand.Put(A, 2, "x", "1")));
        assertEquals(KvResult.casMismatch("1"), apply(kv, new KvCommand.Cas(A, 3, "x", "0", "2")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Cas(A, 4, "x", "1", "2")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Get(A, 5, "x")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Delete(A, 6, "x")));
        assertEquals(KvResult.notFound(), apply(kv, new KvCommand.Delete(A, 7, "x")));
        assertEquals(KvResult.ok("new"), apply(kv, new KvCommand.Cas(A, 8, "y", null, "new")), "cas from absent");
        assertEquals(KvResult.ok("new"), kv.read("y"));
    }

    @Test
    void aRetriedCommandIsAppliedOnceAndAnsweredWithItsFirstResult() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        apply(kv, new KvCommand.Put(A, 1, "x", "1"));
        KvCommand cas = new KvCommand.Cas(A, 2, "x", "1", "2");
        assertEquals(KvResult.ok("2"), apply(kv, cas));
        apply(kv, new KvCommand.Put(B, 1, "x", "3")); // someone else writes in between
        assertEquals(KvResult.ok("2"), apply(kv, cas), "the duplicate is not re-executed");
        assertEquals(KvResult.ok("3"), kv.read("x"));
    }

    @Test
    void anOlderRetryAfterANewerCommandCannotBeAnswered() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        apply(kv, new KvCommand.Put(A, 1, "x", "1"));
        apply(kv, new KvCommand.Put(A, 2, "x", "2"));
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(A, 1, "x", "1")));
        assertEquals(KvResult.ok("2"), kv.read("x"));
    }

    @Test
    void aSessionMustOpenWithSequenceOne() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(A, 5, "x", "1")));
        assertEquals(KvResult.notFound(), kv.read("x"));
    }

    @Test
    void sequenceZeroMeansNoSessionAndIsAppliedEveryTime() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        KvCommand cas = new KvCommand.Cas(A, 0, "x", null, "1");
        assertEquals(KvResult.ok("1"), apply(kv, cas));
        assertEquals(KvResult.casMismatch("1"), apply(kv, cas));
        assertEquals(0, kv.sessionCount());
    }

    @Test
    void idleSessionsExpireByLogIndexNotByTime() {
        KvStateMachine kv = new KvStateMachine(100, 10);
        apply(kv, new KvCommand.Put(A, 1, "x", "1"));
        for (int i = 0; i < 300; i++) assertNull(kv.apply(++index, new byte[0])); // no-ops move the log on
        assertEquals(0, kv.sessionCount());
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(A, 2, "x", "2")));
    }

    @Test
    void theSessionTableIsBoundedByEvictingTheLeastRecentlyUsed() {
        KvStateMachine kv = new KvStateMachine(2, 1_000_000);
        apply(kv, new KvCommand.Put(A, 1, "a", "1"));
        apply(kv, new KvCommand.Put(B, 1, "b", "1"));
        apply(kv, new KvCommand.Put(A, 2, "a", "2")); // A used again: B is now the least recently used
        apply(kv, new KvCommand.Put(C, 1, "c", "1"));
        assertEquals(2, kv.sessionCount());
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(B, 2, "b", "2")));
        assertEquals(KvResult.ok("3"), apply(kv, new KvCommand.Put(A, 3, "a", "3")));
    }

    @Test
    void entriesMustBeAppliedInOrderWithoutGaps() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        kv.apply(1, new byte[0]);
        assertThrows(IllegalStateException.class, () -> kv.apply(3, new byte[0]));
        assertThrows(IllegalStateException.class, () -> kv.apply(1, new byte[0]));
    }

    @Test
    void identicalCommandSequencesGiveIdenticalReplicas() {
        KvStateMachine one = new KvStateMachine(3, 50);
        KvStateMachine two = new KvStateMachine(3, 50);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 1; i <= 2000; i++) {
            ClientId client = new ClientId(random.nextInt(6));
            KvCommand command = new KvCommand.Cas(client, random.nextInt(1, 5), "k" + random.nextInt(3),
                    random.nextBoolean() ? null : "v" + random.nextInt(3), "v" + random.nextInt(3));
            byte[] bytes = KvCodec.encode(command);
            assertEquals(one.apply(i, bytes), two.apply(i, bytes));
        }
        assertEquals(one.contents(), two.contents());
        assertEquals(one.sessionCount(), two.sessionCount());
    }
}
