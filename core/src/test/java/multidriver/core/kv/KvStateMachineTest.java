package multidriver.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The key-value state machine and its client sessions, registered through the log (thesis §6.3). */
class KvStateMachineTest {
    private long index;

    private KvResult apply(KvStateMachine kv, KvCommand command) {
        return kv.apply(++index, KvCodec.encode(command));
    }

    /** Registers a client through the log; its id is the index of the register entry. */
    private ClientId register(KvStateMachine kv) {
        KvResult r = apply(kv, new KvCommand.Register());
        assertEquals(KvResult.Status.REGISTERED, r.status());
        assertEquals(Long.toString(index), r.value(), "the client id is the log index of its registration");
        return new ClientId(Long.parseLong(r.value()));
    }

    @Test
    void readWriteCasAndDeleteBehaveLikeAMap() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        ClientId a = register(kv);
        assertEquals(KvResult.notFound(), apply(kv, new KvCommand.Get(a, 1, "x")));
        assertEquals(KvResult.ok("1"), apply(kv, new KvCommand.Put(a, 2, "x", "1")));
        assertEquals(KvResult.casMismatch("1"), apply(kv, new KvCommand.Cas(a, 3, "x", "0", "2")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Cas(a, 4, "x", "1", "2")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Get(a, 5, "x")));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Delete(a, 6, "x")));
        assertEquals(KvResult.notFound(), apply(kv, new KvCommand.Delete(a, 7, "x")));
        assertEquals(KvResult.ok("new"), apply(kv, new KvCommand.Cas(a, 8, "y", null, "new")), "cas from absent");
        assertEquals(KvResult.ok("new"), kv.read("y"));
    }

    @Test
    void aRetriedCommandIsAppliedOnceAndAnsweredWithItsFirstResult() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        ClientId a = register(kv);
        ClientId b = register(kv);
        apply(kv, new KvCommand.Put(a, 1, "x", "1"));
        KvCommand cas = new KvCommand.Cas(a, 2, "x", "1", "2");
        assertEquals(KvResult.ok("2"), apply(kv, cas));
        apply(kv, new KvCommand.Put(b, 1, "x", "3")); // someone else writes in between
        assertEquals(KvResult.ok("2"), apply(kv, cas), "the duplicate is not re-executed");
        assertEquals(KvResult.ok("3"), kv.read("x"));
    }

    @Test
    void aReusedSequenceNumberWithAnotherCommandIsRefusedNotAnsweredWithTheFirstResult() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        ClientId a = register(kv);
        assertEquals(KvResult.ok("1"), apply(kv, new KvCommand.Put(a, 1, "x", "1")));
        assertEquals(KvResult.requestMismatch(), apply(kv, new KvCommand.Put(a, 1, "never-written", "9")));
        assertEquals(KvResult.requestMismatch(), apply(kv, new KvCommand.Delete(a, 1, "x")));
        assertEquals(KvResult.ok("1"), kv.read("x"), "the delete that reused seq 1 did nothing");
        assertEquals(KvResult.notFound(), kv.read("never-written"));
    }

    /** A stranger with another credential can neither use, read nor poison the owner's session. */
    @Test
    void aSessionBelongsToTheOwnerThatRegisteredIt() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        KvResult r = apply(kv, new KvCommand.Register("alice"));
        ClientId a = new ClientId(Long.parseLong(r.value()));
        assertEquals(KvResult.ok("1"), apply(kv, new KvCommand.Put(a, 1, "x", "1", "alice")));
        assertEquals(KvResult.forbidden(), apply(kv, new KvCommand.Put(a, 1, "x", "1", "mallory")),
                "the owner's cached answer is not given to a stranger");
        assertEquals(KvResult.forbidden(), apply(kv, new KvCommand.Put(a, 1000, "x", "evil", "mallory")));
        assertEquals(KvResult.forbidden(), apply(kv, new KvCommand.Delete(a, 1001, "x", "")),
                "anonymous is not the owner either");
        assertEquals(KvResult.ok("1"), kv.read("x"));
        assertEquals(KvResult.ok("2"), apply(kv, new KvCommand.Put(a, 2, "x", "2", "alice")),
                "the stranger's seq 1000 did not move the owner's session");
    }

    /** One credential registering sessions in a loop pushes out only its own once it holds the most. */
    @Test
    void aFullTableEvictsFromTheOwnerWithTheMostSessions() {
        KvStateMachine kv = new KvStateMachine(4, 1_000_000);
        ClientId alice = new ClientId(Long.parseLong(apply(kv, new KvCommand.Register("alice")).value()));
        ClientId bob = new ClientId(Long.parseLong(apply(kv, new KvCommand.Register("bob")).value()));
        for (int i = 0; i < 50; i++) {
            apply(kv, new KvCommand.Register("mallory"));
        }
        assertEquals(4, kv.sessionCount());
        assertEquals(KvResult.ok("a"), apply(kv, new KvCommand.Put(alice, 1, "x", "a", "alice")), "alice kept hers");
        assertEquals(KvResult.ok("b"), apply(kv, new KvCommand.Put(bob, 1, "x", "b", "bob")), "bob kept his");
    }

    /** A session from before owners (owner "") is not an authenticated caller's: re-register, as after expiry. */
    @Test
    void anOwnerlessSessionAnswersExpiredToAnOwner() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        ClientId old = register(kv);
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(old, 1, "x", "1", "alice")));
        assertEquals(KvResult.notFound(), kv.read("x"));
    }

    @Test
    void anOlderRetryAfterANewerCommandCannotBeAnswered() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        ClientId a = register(kv);
        apply(kv, new KvCommand.Put(a, 1, "x", "1"));
        apply(kv, new KvCommand.Put(a, 2, "x", "2"));
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(a, 1, "x", "1")));
        assertEquals(KvResult.ok("2"), kv.read("x"));
    }

    /** The thesis's rule: a session exists only once registered through the log; seq 1 opens nothing. */
    @Test
    void aCommandOfAnUnregisteredClientIsNeverExecuted() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(new ClientId(77), 1, "x", "1")));
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(new ClientId(77), 5, "x", "1")));
        assertEquals(KvResult.notFound(), kv.read("x"));
        assertEquals(0, kv.sessionCount());
    }

    @Test
    void sequenceZeroMeansNoSessionAndIsAppliedEveryTime() {
        KvStateMachine kv = KvStateMachine.withDefaults();
        KvCommand cas = new KvCommand.Cas(new ClientId(0), 0, "x", null, "1");
        assertEquals(KvResult.ok("1"), apply(kv, cas));
        assertEquals(KvResult.casMismatch("1"), apply(kv, cas));
        assertEquals(0, kv.sessionCount());
    }

    @Test
    void idleSessionsExpireByLogIndexNotByTime() {
        KvStateMachine kv = new KvStateMachine(100, 10);
        ClientId a = register(kv);
        apply(kv, new KvCommand.Put(a, 1, "x", "1"));
        for (int i = 0; i < 300; i++) assertNull(kv.apply(++index, new byte[0])); // no-ops move the log on
        assertEquals(0, kv.sessionCount());
        assertEquals(KvResult.sessionExpired(), apply(kv, new KvCommand.Put(a, 2, "x", "2")));
    }

    /** Exactly-once across eviction: a retry of seq 1 after its session was evicted is refused, not re-executed. */
    @Test
    void theSessionTableIsBoundedAndAnEvictedSessionsRetryIsNeverReExecuted() {
        KvStateMachine kv = new KvStateMachine(2, 1_000_000);
        ClientId a = register(kv);
        ClientId b = register(kv);
        apply(kv, new KvCommand.Put(a, 1, "a", "1"));
        KvCommand bFirst = new KvCommand.Cas(b, 1, "b", null, "1");
        assertEquals(KvResult.ok("1"), apply(kv, bFirst));
        apply(kv, new KvCommand.Put(a, 2, "a", "2")); // a used again: b is now the least recently used
        ClientId c = register(kv);
        assertEquals(2, kv.sessionCount());
        apply(kv, new KvCommand.Delete(c, 1, "b"));
        assertEquals(KvResult.sessionExpired(), apply(kv, bFirst), "b's retry of seq 1 after eviction");
        assertEquals(KvResult.notFound(), kv.read("b"), "b's cas was applied once, deleted, and not applied again");
        assertEquals(KvResult.ok("3"), apply(kv, new KvCommand.Put(a, 3, "a", "3")));
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
            KvCommand command = random.nextInt(10) == 0 ? new KvCommand.Register()
                    : new KvCommand.Cas(new ClientId(random.nextInt(i)), random.nextInt(1, 5), "k" + random.nextInt(3),
                    random.nextBoolean() ? null : "v" + random.nextInt(3), "v" + random.nextInt(3));
            byte[] bytes = KvCodec.encode(command);
            assertEquals(one.apply(i, bytes), two.apply(i, bytes));
        }
        assertEquals(one.contents(), two.contents());
        assertEquals(one.sessionCount(), two.sessionCount());
    }
}
