package multidriver.check.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;
import multidriver.check.model.Model;
import multidriver.check.report.HtmlReport;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;

/**
 * Records a history from your own threaded code and checks it with one call: wrap each operation on the system under
 * test in {@link #invoke} and one of {@link Call#ok}, {@link Call#fail} or {@link Call#info}, from as many threads
 * as you like, then {@link #assertLinearizable}.
 *
 * <pre>{@code
 * HistoryRecorder h = new HistoryRecorder();
 * // in each of several threads:
 * HistoryRecorder.Call c = h.invoke("write", 3);
 * try { register.write(3); c.ok(3); } catch (TimeoutException e) { c.info(); }
 * // then, in the test:
 * h.assertLinearizable(Models.casRegister(null));
 * }</pre>
 *
 * <p>Jepsen's semantics: {@code ok} happened, {@code fail} certainly did not, {@code info} may or may not have (a
 * timeout, a crash); a thread whose operation ended {@code info} goes on as a new process, since the old operation
 * may still take effect at any later time. A Jepsen process has one operation open at a time: a thread runs its
 * operations as one process, and starts a new one when its process still has an operation open (asynchronous or
 * pipelined calls) or its last operation ended {@code info}; completing from another thread (a callback) is fine.
 * Events are ordered by the lock that appends them, so index order and real-time order agree. Bounded:
 * {@link #MAX_EVENTS} events.
 */
public final class HistoryRecorder {
    public static final int MAX_EVENTS = 10_000_000;

    private final List<Op> ops = new ArrayList<>();
    private final long originNs = System.nanoTime();
    private long nextProcess;
    private final ThreadLocal<long[]> process = ThreadLocal.withInitial(() -> new long[] {newProcess()});
    /** Processes with an operation open, and those retired by an {@code info}: neither may start another one. */
    private final java.util.Set<Long> busy = new java.util.HashSet<>();
    private final java.util.Set<Long> retired = new java.util.HashSet<>();

    private synchronized long newProcess() {
        return nextProcess++;
    }

    /** One operation in flight: complete it exactly once. */
    public final class Call {
        private final long process;
        private final String f;
        private final Object invokedValue;
        private boolean done;

        private Call(long process, String f, Object invokedValue) {
            this.process = process;
            this.f = f;
            this.invokedValue = invokedValue;
        }

        /** It happened, with {@code value} (a read's result; for a write, what was written). */
        public void ok(Object value) {
            complete(OpType.OK, value);
        }

        /** It happened (its value is the one it was invoked with). */
        public void ok() {
            complete(OpType.OK, invokedValue);
        }

        /** It certainly did not happen (refused, a failed precondition). */
        public void fail() {
            complete(OpType.FAIL, invokedValue);
        }

        /** It may or may not have happened (a timeout, a crash): its process is retired, its thread goes on anew. */
        public void info() {
            complete(OpType.INFO, invokedValue);
        }

        private void complete(OpType type, Object value) {
            synchronized (HistoryRecorder.this) {
                if (done) throw new IllegalStateException("operation " + f + " of process " + process + " was "
                        + "already completed");
                done = true;
                add(process, type, f, value);
                busy.remove(process);
                if (type == OpType.INFO) retired.add(process);
            }
        }
    }

    /**
     * The calling thread starts operation {@code f} with {@code value} (for a register: {@code null} for a read, the
     * value for a write, {@code List.of(expected, new)} for a cas; {@code List.of(key, v)} with independent keys).
     */
    public Call invoke(String f, Object value) {
        long[] mine = process.get();
        synchronized (this) {
            if (busy.contains(mine[0]) || retired.contains(mine[0])) mine[0] = nextProcess++;
            long p = mine[0];
            add(p, OpType.INVOKE, f, value);
            busy.add(p);
            return new Call(p, f, value);
        }
    }

    private void add(long p, OpType type, String f, Object value) {
        if (ops.size() >= MAX_EVENTS) throw new IllegalStateException("history exceeds " + MAX_EVENTS + " events");
        ops.add(new Op(ops.size(), p, type, f, value, System.nanoTime() - originNs));
    }

    /** What was recorded so far, in order. */
    public synchronized History history() {
        History.Builder b = History.builder();
        for (Op op : ops) b.add(op);
        return b.build();
    }

    /** The linearizability verdict for {@code model} ({@code valid}, {@code invalid}, or {@code unknown}). */
    public Verdict check(Model model, CheckOptions options) {
        return Linearizability.check(history(), model, options);
    }

    public Verdict check(Model model) {
        return check(model, CheckOptions.defaults());
    }

    /**
     * Throws {@link AssertionError} unless the history is linearizable for {@code model}, with the checker's
     * explanation (and, when {@code reportFile} is not null, writes the HTML timeline there first). An unknown verdict
     * (a search budget ran out) fails too: never a false "valid".
     */
    public Verdict assertLinearizable(Model model, CheckOptions options, Path reportFile) {
        History h = history();
        Verdict v = Linearizability.check(h, model, options);
        if (reportFile != null) {
            try {
                HtmlReport.write(h, v, reportFile);
            } catch (IOException e) {
                throw new IllegalStateException("could not write " + reportFile + ": " + e.getMessage(), e);
            }
        }
        if (v.outcome() != Outcome.VALID) {
            throw new AssertionError("history of " + h.size() + " events is " + v.outcome() + " for "
                    + v.modelName() + ": " + v.reason() + (reportFile == null ? "" : " (timeline: " + reportFile + ")"));
        }
        return v;
    }

    public Verdict assertLinearizable(Model model) {
        return assertLinearizable(model, CheckOptions.defaults(), null);
    }
}
