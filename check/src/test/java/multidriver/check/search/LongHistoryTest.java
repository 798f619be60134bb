package multidriver.check.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import multidriver.check.history.History;
import multidriver.check.model.Models;
import org.junit.jupiter.api.Test;

/**
 * Long simulated histories (what a long simulator or chaos run records) still get a verdict within the
 * default budgets. Prints the time; timings are never asserted.
 */
class LongHistoryTest {
    private static void check(String name, History h, CheckOptions o, Outcome expected) {
        long t0 = System.nanoTime();
        Verdict v = Linearizability.check(h, Models.casRegister(0), o);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "[long] %s: %d events, %s in %d ms, %d steps%n", name, h.size(), v.outcome(), ms,
                v.searchSteps());
        assertEquals(expected, v.outcome(), v.reason());
    }

    @Test
    void longSingleKeyHistoryWithCrashesIsValid() {
        History h = new SimulatedRegister(42, 5, 1, false).run(60_000);
        check("single key", h, CheckOptions.defaults(), Outcome.VALID);
    }

    @Test
    void longSingleKeyHistoryWithAStaleReadAtTheEndIsInvalid() {
        // Invalid at the very end: the search must rule out every alternative, which costs about
        // (ops x crashed ops still pending) configurations; 1% crashes keeps that realistic.
        SimulatedRegister sim = new SimulatedRegister(7, 5, 1, true, 1);
        sim.run(20_000);
        check("single key, stale read at the end", sim.appendStaleRead(), CheckOptions.defaults(), Outcome.INVALID);
    }

    @Test
    void crashedWritesThatNobodyCanObserveAnyMoreCostNothing() {
        // Thousands of crashed ops stay pending to the end. Once every read of a crashed write's value is linearized,
        // nothing can observe that write: it leaves the candidates (CrashedClasses.retire) instead of costing a step
        // at every configuration after that. Steps are deterministic, so the budget is a bound, not a timing.
        History h = new SimulatedRegister(18, 3, 1, true, 30).run(20_000);
        check("3 clients, 30% crashes", h, CheckOptions.defaults().withMaxSearchSteps(BUDGET), Outcome.VALID);
    }

    private static final long BUDGET = 1_000_000L;

    @Test
    void fortyConcurrentClientsWritingUniqueValuesAreDecided() {
        // Most of the values written among forty clients are overwritten before anyone reads them: the states they
        // leave are one state to the memo, and in such a state another such write goes at once (WglSearch.DEAD):
        // 2.5 M steps, 19.4 M without.
        History h = new SimulatedRegister(41, 40, 1, true, 5).run(3_000);
        check("40 clients, unique values", h, CheckOptions.defaults().withMaxSearchSteps(5 * BUDGET), Outcome.VALID);
    }

    @Test
    void fortyConcurrentClientsAreDecided() {
        // Forty clients at once: a read may be linearized after any subset of the dozens of ops around it, and
        // trying them all is what makes Porcupine and Knossos give up. A read that is legal now goes now, with nothing
        // tried in its place (WglSearch.EXHAUSTED), which collapses those subsets.
        History h = new SimulatedRegister(40, 40, 1, false, 5).run(3_000);
        check("40 clients", h, CheckOptions.defaults().withMaxSearchSteps(BUDGET), Outcome.VALID);
    }

    @Test
    void longIndependentHistoryIsValid() {
        History h = new SimulatedRegister(43, 8, 20, false).run(100_000);
        check("20 keys", h, CheckOptions.defaults().withIndependent(true), Outcome.VALID);
    }
}
