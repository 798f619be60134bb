package multidriver.check.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import multidriver.check.history.History;
import multidriver.check.history.Values;
import multidriver.check.model.Model;

/**
 * Entry point: is this history linearizable with respect to this model?
 *
 * <pre>{@code
 * Verdict v = Linearizability.check(history, Models.casRegister(0L), CheckOptions.defaults());
 * }</pre>
 * Never answers VALID for a non-linearizable history; budgets (steps, memo bytes, deadline) give UNKNOWN.
 * A malformed history (completion without invocation, an op the model does not know, a non-tuple value with
 * {@code independent}) throws {@link IllegalArgumentException} naming the op.
 */
public final class Linearizability {
    private Linearizability() {
    }

    public static Verdict check(History history, Model model, CheckOptions options) {
        List<Partition> partitions = Partitioner.partition(history, model, options.independent());
        List<PartitionResult> results = runAll(partitions, model, options);
        Outcome outcome = Outcome.VALID;
        for (PartitionResult r : results) {
            outcome = outcome.worst(r.outcome());
        }
        String reason = "";
        if (outcome != Outcome.VALID) {
            for (PartitionResult r : results) {
                if (r.outcome() == outcome) {
                    reason = (r.key() == null ? "" : "key " + Values.show(r.key()) + ": ") + r.reason();
                    break;
                }
            }
        }
        return new Verdict(outcome, reason, model.name(), results);
    }

    /** The pre-check first (it decides impossible observations without search), then the search. */
    private static PartitionResult checkPartition(Partition p, Model model, CheckOptions options) {
        PartitionResult decided = ReachabilityPrecheck.check(p, model);
        return decided != null ? decided : WglSearch.run(p, model, options);
    }

    /**
     * Partitions of at least this many ops are worth a thread of their own. Measured on this 2-core machine
     * (cas-register, valid, warm, median of 5): two keys of 50,000 ops took 0.33 s on one thread and 0.23 s on two;
     * ten keys of 4,000 ops 0.116 s and 0.106 s; forty keys of 500 ops 0.064 s and 0.062 s. Small partitions finish
     * faster than a pool starts, so only several large ones run in parallel.
     */
    static final int PARALLEL_MIN_OPS = 10_000;

    private static List<PartitionResult> runAll(List<Partition> partitions, Model model, CheckOptions options) {
        int large = 0;
        for (Partition p : partitions) if (p.operations().size() >= PARALLEL_MIN_OPS) large++;
        int threads = large >= 2 ? Math.min(options.parallelism(), large) : 1;
        List<PartitionResult> out = new ArrayList<>(partitions.size());
        if (threads <= 1) {
            for (Partition p : partitions) {
                out.add(checkPartition(p, model, options));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "linearizability-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PartitionResult>> futures = new ArrayList<>();
            for (Partition p : partitions) {
                futures.add(pool.submit(() -> checkPartition(p, model, options)));
            }
            for (Future<PartitionResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking partitions", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("partition check failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
