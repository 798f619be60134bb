package multidriver.check.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import multidriver.check.model.Models;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own threaded code, checked with one call: a register guarded by a lock is linearizable; one whose
 * writers publish through a per-thread cache that readers on other threads do not see (a classic lost update) is
 * not, and the assertion says why.
 */
class HistoryRecorderTest {
    /** The user's system: a register, correct or deliberately broken. */
    interface Register {
        Long read();

        void write(long v);

        boolean cas(long expected, long v);
    }

    static final class LockedRegister implements Register {
        private Long value;

        public synchronized Long read() {
            return value;
        }

        public synchronized void write(long v) {
            value = v;
        }

        public synchronized boolean cas(long expected, long v) {
            if (value == null || value != expected) return false;
            value = v;
            return true;
        }
    }

    /** Reads come from a stale snapshot refreshed only now and then: reads miss acknowledged writes. */
    static final class StaleReadRegister implements Register {
        private final LockedRegister real = new LockedRegister();
        private volatile Long snapshot;
        private int reads;

        public Long read() {
            synchronized (this) {
                if (++reads % 10 == 0) snapshot = real.read();
            }
            return snapshot;
        }

        public void write(long v) {
            real.write(v);
        }

        public boolean cas(long expected, long v) {
            return real.cas(expected, v);
        }
    }

    private static HistoryRecorder hammer(Register register, int threads, int opsPerThread) throws Exception {
        HistoryRecorder h = new HistoryRecorder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < opsPerThread; i++) {
                    long v = random.nextInt(5);
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            HistoryRecorder.Call c = h.invoke("read", null);
                            c.ok(register.read());
                        }
                        case 1 -> {
                            HistoryRecorder.Call c = h.invoke("write", v);
                            register.write(v);
                            c.ok();
                        }
                        default -> {
                            long expected = random.nextInt(5);
                            HistoryRecorder.Call c = h.invoke("cas", List.of(expected, v));
                            if (register.cas(expected, v)) c.ok(); else c.fail();
                        }
                    }
                }
            });
            thread.start();
            all.add(thread);
        }
        start.countDown();
        for (Thread t : all) t.join();
        return h;
    }

    @Test
    void aLockedRegisterIsLinearizable() throws Exception {
        HistoryRecorder h = hammer(new LockedRegister(), 4, 200);
        assertEquals(2 * 4 * 200, h.history().size());
        assertEquals(Outcome.VALID, h.assertLinearizable(Models.casRegister(null)).outcome());
    }

    @Test
    void aRegisterWithStaleReadsFailsTheAssertionWithTheCheckersExplanation(@TempDir Path dir) throws Exception {
        HistoryRecorder h = hammer(new StaleReadRegister(), 4, 300);
        Path timeline = dir.resolve("timeline.html");
        AssertionError e = assertThrows(AssertionError.class,
                () -> h.assertLinearizable(Models.casRegister(null), CheckOptions.defaults(), timeline));
        assertTrue(e.getMessage().contains("INVALID") && e.getMessage().contains("cannot be linearized"),
                e.getMessage());
        assertTrue(Files.size(timeline) > 1000, "the timeline explains it");
    }

    @Test
    void anOperationEndsOnceAndAnIndeterminateOneMovesItsThreadToANewProcess() {
        HistoryRecorder h = new HistoryRecorder();
        HistoryRecorder.Call write = h.invoke("write", 1L);
        write.info();
        assertThrows(IllegalStateException.class, write::ok);
        HistoryRecorder.Call read = h.invoke("read", null);
        read.ok(1L);
        var ops = h.history().ops();
        assertEquals(ops.get(0).process(), ops.get(1).process());
        assertTrue(ops.get(2).process() != ops.get(0).process(), "after :info the thread is a new process");
        assertEquals(Outcome.VALID, h.check(Models.casRegister(null)).outcome(), "an :info write may have happened");
    }

    /** Asynchronous code: two calls open on one thread are two processes, whichever thread completes them. */
    @Test
    void callsOpenAtOnceOnOneThreadAreSeparateProcesses() throws Exception {
        HistoryRecorder h = new HistoryRecorder();
        HistoryRecorder.Call first = h.invoke("write", 1L);
        HistoryRecorder.Call second = h.invoke("write", 2L);
        Thread callback = new Thread(() -> {
            second.ok();
            first.ok();
        });
        callback.start();
        callback.join();
        var ops = h.history().ops();
        assertTrue(ops.get(0).process() != ops.get(1).process(), "one open operation per process");
        assertEquals(Outcome.VALID, h.check(Models.casRegister(null)).outcome());
        HistoryRecorder.Call next = h.invoke("read", null);
        next.ok(1L);
        assertEquals(ops.get(1).process(), h.history().ops().get(4).process(), "a free process is reused");
    }
}
