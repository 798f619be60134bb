package multidriver.sim.shrink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import multidriver.sim.fault.Fault;
import multidriver.sim.world.Failure;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;

/**
 * Delta-debugs a failing schedule (Zeller's ddmin) into a smaller one that still fails the same way: cut the run
 * short after a safety violation, drop faults, drop client operations, shorten the faults that remain, and try a
 * smaller cluster. Every candidate is re-run in full; the number of runs is bounded, and what is kept at any point
 * is a schedule that was seen to fail, so stopping early is always safe.
 */
public final class Shrinker {
    private final Function<Schedule, ScheduleResult> runner;
    private final int maxRuns;
    private int runs;

    public Shrinker(Function<Schedule, ScheduleResult> runner, int maxRuns) {
        this.runner = runner;
        this.maxRuns = maxRuns;
    }

    /** The result of shrinking: the smallest failing schedule found and its run. */
    public record Shrunk(Schedule schedule, ScheduleResult result, int runs) {
    }

    public Shrunk shrink(ScheduleResult failing) {
        if (!failing.failed()) throw new IllegalArgumentException("can only shrink a failing schedule");
        Failure.Kind kind = failing.failure().kind();
        Predicate<ScheduleResult> sameFailure = r -> r.failed() && r.failure().kind() == kind;
        Schedule best = failing.schedule();
        ScheduleResult bestResult = failing;

        // 1. A safety violation needs nothing after it: end the run there (and with it the liveness phase).
        if (kind == Failure.Kind.SAFETY && failing.failure().atMs() >= 0) {
            long endMs = failing.failure().atMs() + 1;
            Schedule cut = best.withTiming(endMs, endMs)
                    .withFaults(best.faults().stream().filter(f -> f.atMs() < endMs).toList())
                    .withOps(best.ops().stream().filter(o -> o.atMs() < endMs).toList());
            ScheduleResult r = attempt(cut, sameFailure);
            if (r != null) {
                best = cut;
                bestResult = r;
            }
        }
        for (int round = 0; round < 2 && runs < maxRuns; round++) {
            // 2. Fewer faults.
            Schedule base = best;
            List<Fault> faults = ddmin(best.faults(), list -> base.withFaults(list), sameFailure);
            if (faults.size() < best.faults().size()) best = best.withFaults(faults);
            // 3. Fewer operations.
            Schedule base2 = best;
            var ops = ddmin(best.ops(), list -> base2.withOps(list), sameFailure);
            if (ops.size() < best.ops().size()) best = best.withOps(ops);
            // 4. Shorter faults: halve each one while it still fails.
            for (int i = 0; i < best.faults().size() && runs < maxRuns; i++) {
                while (runs < maxRuns) {
                    Fault f = best.faults().get(i);
                    long duration = f.untilMs() - f.atMs();
                    if (duration <= 10) break;
                    List<Fault> shorter = new ArrayList<>(best.faults());
                    shorter.set(i, f.withDuration(duration / 2));
                    Schedule candidate = best.withFaults(shorter);
                    if (attempt(candidate, sameFailure) == null) break;
                    best = candidate;
                }
            }
            // 5. A smaller cluster (nodes are dropped from the top; faults on them go too).
            while (best.nodes() > 3 && runs < maxRuns) {
                Schedule smaller = ScheduleEdits.withNodes(best, best.nodes() - 2);
                if (attempt(smaller, sameFailure) == null) break;
                best = smaller;
            }
        }
        ScheduleResult last = runner.apply(best);
        runs++;
        if (!sameFailure.test(last)) {
            // Cannot happen for a deterministic simulator; keep the original rather than report a non-reproducer.
            throw new IllegalStateException("shrunk schedule no longer fails on re-run: nondeterminism?");
        }
        return new Shrunk(best, last, runs);
    }

    private <T> List<T> ddmin(List<T> items, Function<List<T>, Schedule> build, Predicate<ScheduleResult> fails) {
        List<T> current = items;
        int chunks = 2;
        while (current.size() >= 1 && runs < maxRuns) {
            if (current.size() == 1) {
                if (attempt(build.apply(List.of()), fails) != null) current = List.of();
                break;
            }
            chunks = Math.min(chunks, current.size());
            boolean reduced = false;
            int size = current.size();
            for (int c = 0; c < chunks && runs < maxRuns; c++) {
                int from = c * size / chunks;
                int to = (c + 1) * size / chunks;
                List<T> complement = new ArrayList<>(current.subList(0, from));
                complement.addAll(current.subList(to, size));
                if (attempt(build.apply(complement), fails) != null) {
                    current = complement;
                    chunks = Math.max(chunks - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunks >= current.size()) break;
                chunks = Math.min(current.size(), chunks * 2);
            }
        }
        return current;
    }

    private ScheduleResult attempt(Schedule candidate, Predicate<ScheduleResult> fails) {
        if (runs >= maxRuns) return null;
        runs++;
        ScheduleResult r = runner.apply(candidate);
        return fails.test(r) ? r : null;
    }
}
