package multidriver.check.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import multidriver.check.history.History;
import multidriver.check.history.Keyword;
import multidriver.check.history.Values;
import multidriver.check.model.Models;
import org.junit.jupiter.api.Test;

/** Scenarios of Jepsen semantics, each a small history whose verdict a person can verify by hand. */
class LinearizabilityTest {
    private static final CheckOptions OPTS = CheckOptions.defaults();

    private static Verdict casRegister(History h) {
        return Linearizability.check(h, Models.casRegister(0), OPTS);
    }

    @Test
    void sequentialWriteThenReadIsValidAndTheLinearizationIsReported() {
        History h = History.builder()
                .invoke(0, "write", 1, 0).ok(0, "write", 1, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 1, 3)
                .build();
        Verdict v = casRegister(h);
        assertEquals(Outcome.VALID, v.outcome());
        List<Operation> lin = v.partitions().get(0).linearization();
        assertEquals(List.of("write", "read"), lin.stream().map(Operation::f).toList());
    }

    @Test
    void staleReadAfterACompletedWriteIsInvalidAndExplained() {
        History h = History.builder()
                .invoke(0, "write", 1, 0).ok(0, "write", 1, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 0, 3)
                .build();
        Verdict v = casRegister(h);
        assertEquals(Outcome.INVALID, v.outcome());
        Explanation e = v.explanation().orElseThrow();
        assertEquals(2, e.failingOp().callIndex(), "the read cannot be linearized");
        assertEquals(1, e.longestPrefix().size());
        assertEquals("write", e.longestPrefix().get(0).f());
        assertEquals(List.of("1"), e.reachableStates());
        assertTrue(v.reason().contains("cannot be linearized"), v.reason());
    }

    @Test
    void concurrentReadMaySeeEitherValue() {
        for (long seen : new long[] {0, 1}) {
            History h = History.builder()
                    .invoke(0, "write", 1, 0)
                    .invoke(1, "read", null, 1).ok(1, "read", seen, 2)
                    .ok(0, "write", 1, 3)
                    .build();
            assertEquals(Outcome.VALID, casRegister(h).outcome(), "read of " + seen);
        }
    }

    @Test
    void infoWriteMayTakeEffectLongAfterItsInvocation() {
        History h = History.builder()
                .invoke(0, "write", 5, 0).info(0, "write", 5, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 0, 3)
                .invoke(1, "read", null, 4).ok(1, "read", 5, 5)
                .build();
        assertEquals(Outcome.VALID, casRegister(h).outcome());
    }

    @Test
    void infoWriteMayNeverTakeEffectButCannotTakeEffectTwice() {
        History never = History.builder()
                .invoke(0, "write", 5, 0).info(0, "write", 5, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 0, 3)
                .build();
        assertEquals(Outcome.VALID, casRegister(never).outcome());
        History twice = History.builder()
                .invoke(0, "write", 5, 0).info(0, "write", 5, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 5, 3)
                .invoke(1, "write", 6, 4).ok(1, "write", 6, 5)
                .invoke(1, "read", null, 6).ok(1, "read", 5, 7)
                .build();
        assertEquals(Outcome.INVALID, casRegister(twice).outcome());
    }

    @Test
    void aChainOfCrashedCasesIsFoundWhateverTheOrderTheyAreTriedIn() {
        // Only cas [1 3] then cas [3 4] explain the read of 4, and cas [1 2], tried first in state 1, leads nowhere
        // (cas [2 5] makes its result observable): the search must come back and try the next crashed op that can
        // take effect in state 1.
        History h = History.builder()
                .invoke(0, "cas", Values.tuple(1L, 2L), 0).info(0, "cas", Values.tuple(1L, 2L), 1)
                .invoke(4, "cas", Values.tuple(2L, 5L), 0).info(4, "cas", Values.tuple(2L, 5L), 1)
                .invoke(1, "cas", Values.tuple(1L, 3L), 2).info(1, "cas", Values.tuple(1L, 3L), 3)
                .invoke(2, "cas", Values.tuple(3L, 4L), 4).info(2, "cas", Values.tuple(3L, 4L), 5)
                .invoke(3, "write", 1L, 6).ok(3, "write", 1L, 7)
                .invoke(3, "read", null, 8).ok(3, "read", 4L, 9)
                .build();
        assertEquals(Outcome.VALID, casRegister(h).outcome());
    }

    @Test
    void failedWriteDidNotHappen() {
        History h = History.builder()
                .invoke(0, "write", 5, 0).fail(0, "write", 5, 1)
                .invoke(1, "read", null, 2).ok(1, "read", 5, 3)
                .build();
        assertEquals(Outcome.INVALID, casRegister(h).outcome());
    }

    @Test
    void failedCasDidNotHappenAndOkCasNeedsTheOldValue() {
        History ok = History.builder()
                .invoke(0, "cas", List.of(0, 3), 0).ok(0, "cas", List.of(0, 3), 1)
                .invoke(1, "cas", List.of(0, 4), 2).fail(1, "cas", List.of(0, 4), 3)
                .invoke(1, "read", null, 4).ok(1, "read", 3, 5)
                .build();
        assertEquals(Outcome.VALID, casRegister(ok).outcome());
        History bad = History.builder()
                .invoke(0, "cas", List.of(2, 3), 0).ok(0, "cas", List.of(2, 3), 1)
                .build();
        assertEquals(Outcome.INVALID, casRegister(bad).outcome());
    }

    @Test
    void aProcessThatInvokesAgainLeftItsPendingOpIndeterminate() {
        // Process 0's write never completed; reusing the id means it crashed: the write may still land.
        History h = History.builder()
                .invoke(0, "write", 7, 0)
                .invoke(0, "read", null, 1).ok(0, "read", 0, 2)
                .invoke(1, "read", null, 3).ok(1, "read", 7, 4)
                .build();
        assertEquals(Outcome.VALID, casRegister(h).outcome());
    }

    @Test
    void independentKeysAreCheckedSeparatelyAndTheBadKeyIsNamed() {
        History h = History.builder()
                .invoke(0, "write", List.of(new Keyword("a"), 1), 0).ok(0, "write", List.of(new Keyword("a"), 1), 1)
                .invoke(1, "write", List.of("b", 2), 2).ok(1, "write", List.of("b", 2), 3)
                .invoke(2, "read", Values.tuple(new Keyword("a"), null), 4).ok(2, "read", List.of(new Keyword("a"), 1), 5)
                .invoke(2, "read", Values.tuple("b", null), 6).ok(2, "read", List.of("b", 0), 7)
                .build();
        Verdict v = Linearizability.check(h, Models.casRegister(0), OPTS.withIndependent(true));
        assertEquals(Outcome.INVALID, v.outcome());
        assertEquals(2, v.partitions().size());
        assertEquals(Outcome.VALID, v.partitions().get(0).outcome());
        assertEquals("b", v.firstInvalid().orElseThrow().key());
        assertTrue(v.reason().startsWith("key \"b\""), v.reason());
        Verdict parallel = Linearizability.check(h, Models.casRegister(0), OPTS.withIndependent(true).withParallelism(2));
        assertEquals(v, parallel, "parallel checking gives the same verdict");
    }

    @Test
    void independentNeedsKeyValueTuples() {
        History h = History.builder().invoke(0, "write", 1, 0).ok(0, "write", 1, 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linearizability.check(h, Models.casRegister(0), OPTS.withIndependent(true)));
        assertTrue(e.getMessage().contains("[k v]"), e.getMessage());
    }

    @Test
    void completionWithoutInvocationIsAnError() {
        History h = History.builder().ok(0, "write", 1, 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> casRegister(h));
        assertTrue(e.getMessage().contains("without a pending invocation"), e.getMessage());
    }

    @Test
    void budgetsGiveUnknownNeverValid() {
        // A register's history with crashes and a provably stale read at its end: invalid, but only after the search
        // rules out every alternative (each value alone is reachable, so the pre-check cannot decide it).
        SimulatedRegister sim = new SimulatedRegister(7, 5, 1, true, 1);
        sim.run(2_000);
        History h = sim.appendStaleRead();
        Verdict full = casRegister(h);
        assertEquals(Outcome.INVALID, full.outcome());
        assertTrue(full.searchSteps() > 1_000, "a search of " + full.searchSteps() + " steps tests no budget");
        Verdict steps = Linearizability.check(h, Models.casRegister(0), OPTS.withMaxSearchSteps(50));
        assertEquals(Outcome.UNKNOWN, steps.outcome());
        assertTrue(steps.reason().contains("search-step budget"), steps.reason());
        Verdict memo = Linearizability.check(h, Models.casRegister(0), OPTS.withMaxMemoBytes(100));
        assertEquals(Outcome.UNKNOWN, memo.outcome());
        assertTrue(memo.reason().contains("memo budget"), memo.reason());
        Verdict late = Linearizability.check(h, Models.casRegister(0), OPTS.withDeadlineNs(System.nanoTime() - 1));
        assertEquals(Outcome.UNKNOWN, late.outcome());
        assertTrue(late.reason().contains("time limit"), late.reason());
    }

    /** The pre-check decides a read of a value nobody wrote at once, and says so (issue: no search needed). */
    @Test
    void aReadOfAValueNoWriteProducedIsDecidedWithoutSearch() {
        History.Builder b = History.builder();
        for (int p = 0; p < 24; p++) {
            b.invoke(p, "write", p, p);
        }
        b.invoke(99, "read", null, 200).ok(99, "read", 77, 201);
        Verdict v = Linearizability.check(b.build(), Models.casRegister(0), OPTS.withMaxSearchSteps(1_000));
        assertEquals(Outcome.INVALID, v.outcome());
        assertTrue(v.reason().contains("decided without search"), v.reason());
        // By that point: the only write of 5 is invoked after the read returned.
        History late = History.builder().invoke(1, "read", null, 0).ok(1, "read", 5, 1)
                .invoke(2, "write", 5, 2).ok(2, "write", 5, 3).build();
        Verdict lateV = Linearizability.check(late, Models.casRegister(0), OPTS);
        assertEquals(Outcome.INVALID, lateV.outcome());
        assertTrue(lateV.reason().contains("decided without search"), lateV.reason());
    }

    @Test
    void mutexHistoryWithTwoHoldersIsInvalid() {
        History h = History.builder()
                .invoke(0, "acquire", null, 0).ok(0, "acquire", null, 1)
                .invoke(1, "acquire", null, 2).ok(1, "acquire", null, 3)
                .build();
        assertEquals(Outcome.INVALID, Linearizability.check(h, Models.mutex(), OPTS).outcome());
    }

    @Test
    void nilReadAfterAWriteIsValidForKnossosButInvalidWithStrictNilReads() {
        History h = History.builder()
                .invoke(0, "write", 1, 0).ok(0, "write", 1, 1)
                .invoke(1, "read", null, 2).ok(1, "read", null, 3)
                .build();
        assertEquals(Outcome.VALID, Linearizability.check(h, Models.casRegister(null), OPTS).outcome());
        assertEquals(Outcome.INVALID, Linearizability.check(h, Models.casRegister(null, false), OPTS).outcome());
    }

    @Test
    void emptyHistoryIsValid() {
        assertEquals(Outcome.VALID, casRegister(History.builder().build()).outcome());
    }
}
