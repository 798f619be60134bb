package multidriver.check.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import multidriver.check.history.History;
import org.junit.jupiter.api.Test;

/**
 * The Knossos cross-check's time limit and cancellation, with a fake slow checker in place of Knossos
 * ({@link FakeKnossosWorker}): the limit counts from after the load, the load happens once per command line, and a
 * search past its limit is really stopped (its process is gone) while the next file gets a fresh worker.
 */
class KnossosSessionTest {
    private static final History H = History.builder().invoke(0, "write", 1L, 0).ok(0, "write", 1L, 1).build();

    private static KnossosSession fake(String load, long loadTimeoutMs) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new KnossosSession(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeKnossosWorker.class.getName(), load), "fake-knossos.jar", loadTimeoutMs);
    }

    @Test
    void theTimeLimitCountsFromAfterTheLoadWhichHappensOnceAndIsReportedApart() {
        try (KnossosSession s = fake("1500", 60_000)) {
            KnossosCrossCheck.Result first = s.check(H, "fast", "0", false, 1_000);
            assertEquals("valid", first.verdict(), first.summary()); // a 1.5 s load did not eat the 1 s limit
            assertEquals(1_500, first.loadMillis());
            assertTrue(first.message().contains("limit 1000"), "Knossos gets its own :time-limit: " + first);
            assertTrue(first.summary().contains("Knossos loaded once in 1500 ms"), first.summary());
            KnossosCrossCheck.Result second = s.check(H, "invalid", "0", false, 1_000);
            assertEquals("invalid", second.verdict());
            assertEquals(0, second.loadMillis(), "no second load");
            assertEquals(1, s.workerStarts());
        }
    }

    @Test
    void aSearchPastItsLimitIsStoppedAndTheNextFileGetsAFreshWorker() throws Exception {
        try (KnossosSession s = fake("10", 60_000)) {
            assertEquals("valid", s.check(H, "fast", "0", false, 5_000).verdict());
            Process slowWorker = s.worker();
            long t0 = System.nanoTime();
            KnossosCrossCheck.Result slow = s.check(H, "slow", "0", false, 500);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("unknown", slow.verdict(), slow.summary());
            assertTrue(slow.message().contains("did not finish within 500 ms; its search was stopped"), slow.message());
            assertTrue(waitedMs < 20_000, "it returns at its limit, not when the search ends: " + waitedMs + " ms");
            assertFalse(slowWorker.isAlive(), "the search was really stopped: its process is gone");
            KnossosCrossCheck.Result after = s.check(H, "fast", "0", false, 5_000);
            assertEquals("valid", after.verdict(), "the next file is not slowed by the stopped one: " + after);
            assertEquals(2, s.workerStarts());
            assertEquals(10, after.loadMillis(), "the fresh worker's load is reported");
        }
    }

    @Test
    void aClasspathWithoutKnossosIsOneClearErrorNotARetryPerFile() {
        try (KnossosSession s = fake("fail", 60_000)) {
            KnossosCrossCheck.Result r = s.check(H, "fast", "0", false, 1_000);
            assertEquals("error", r.verdict());
            assertTrue(r.message().startsWith("cannot load knossos.competition from fake-knossos.jar")
                    && r.message().contains("competition__init"), r.message());
            assertEquals("error", s.check(H, "fast", "0", false, 1_000).verdict());
            assertEquals(1, s.workerStarts());
        }
    }

    @Test
    void aLoadThatNeverEndsIsGivenUp() {
        try (KnossosSession s = fake("600000", 1_000)) {
            KnossosCrossCheck.Result r = s.check(H, "fast", "0", false, 1_000);
            assertEquals("error", r.verdict());
            assertTrue(r.message().contains("did not load within 1000 ms"), r.message());
            assertTrue(s.worker() == null, "the stuck worker was stopped");
        }
    }

    @Test
    void aGarbledAnswerOrADeadWorkerIsAnErrorAndTheNextFileGetsItsOwnAnswer() {
        try (KnossosSession s = fake("10", 60_000)) {
            KnossosCrossCheck.Result garbled = s.check(H, "garbled", "0", false, 5_000);
            assertEquals("error", garbled.verdict(), garbled.summary());
            assertEquals("invalid", s.check(H, "invalid", "0", false, 5_000).verdict(),
                    "out of step with the worker: a fresh one answers the next file");
            KnossosCrossCheck.Result died = s.check(H, "die", "0", false, 5_000);
            assertEquals("error", died.verdict());
            assertTrue(died.message().contains("worker exited") && died.message().contains("StackOverflowError"),
                    "its stderr says why: " + died.message());
            assertEquals("valid", s.check(H, "fast", "0", false, 5_000).verdict());
            assertEquals(3, s.workerStarts());
        }
    }
}
