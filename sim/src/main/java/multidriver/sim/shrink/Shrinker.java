package multidriver.sim.shrink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import multidriver.sim.fault.Fault;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.workload.ClientOp;
import multidriver.sim.world.Failure;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;

/**
 * Shrinks a failing schedule into a small story that still fails the same way (same kind and category, see
 * {@link Failure#category()}). In order, each step keeping only what was seen to fail:
 * <ol>
 *   <li>cut the schedule short: at a safety violation, or, for a history that is not linearizable, at the earliest
 *       end time (bisected) whose prefix is already not linearizable;</li>
 *   <li>turn swarm knobs off one at a time (drops, duplicates, reordering, clock drift, delay jitter);</li>
 *   <li>delta-debug (Zeller's ddmin) the faults;</li>
 *   <li>drop every operation of one client, then of one key, then ddmin the operations that remain;</li>
 *   <li>halve the faults that remain while the failure stays;</li>
 *   <li>try a smaller cluster (5 -> 3 nodes).</li>
 * </ol>
 * Every candidate is re-run in full; the number of runs is bounded, and what is kept at any point is a schedule that
 * was seen to fail, so stopping early is always safe.
 */
public final class Shrinker {
    private static final List<FaultKind> KNOBS = List.of(FaultKind.DROP, FaultKind.DUPLICATE, FaultKind.REORDER,
            FaultKind.DRIFT);

    private final Function<Schedule, ScheduleResult> runner;
    private final int maxRuns;
    private final long maxSimulatedMs;
    private int runs;
    private long simulatedMs;

    /**
     * @param maxRuns        bound on candidate runs
     * @param maxSimulatedMs bound on the simulated time all candidate runs add up to: short candidates are cheap, so
     *                       a schedule cut short gets many more tries than one that must run its liveness phase
     */
    public Shrinker(Function<Schedule, ScheduleResult> runner, int maxRuns, long maxSimulatedMs) {
        this.runner = runner;
        this.maxRuns = maxRuns;
        this.maxSimulatedMs = maxSimulatedMs;
    }

    public Shrinker(Function<Schedule, ScheduleResult> runner, int maxRuns) {
        this(runner, maxRuns, Long.MAX_VALUE);
    }

    private boolean budgetLeft() {
        return runs < maxRuns && simulatedMs < maxSimulatedMs;
    }

    /** The result of shrinking: the smallest failing schedule found and its run. */
    public record Shrunk(Schedule schedule, ScheduleResult result, int runs) {
    }

    public Shrunk shrink(ScheduleResult failing) {
        if (!failing.failed()) throw new IllegalArgumentException("can only shrink a failing schedule");
        String category = failing.failure().category();
        Predicate<ScheduleResult> same = r -> r.failed() && r.failure().category().equals(category);
        Schedule best = cutShort(failing, same);
        for (int round = 0; round < 2 && budgetLeft(); round++) {
            best = knobsOff(best, same);
            Schedule base = best;
            List<Fault> faults = ddmin(best.faults(), base::withFaults, same);
            if (faults.size() < best.faults().size()) best = best.withFaults(faults);
            best = dropGroups(best, same);
            Schedule base2 = best;
            List<ClientOp> ops = ddmin(best.ops(), base2::withOps, same);
            if (ops.size() < best.ops().size()) best = best.withOps(ops);
            best = shortenFaults(best, same);
            if (best.eventCount() <= ONE_BY_ONE_BELOW) best = oneByOne(best, same);
            while (best.nodes() > 3 && budgetLeft()) {
                Schedule smaller = ScheduleEdits.withNodes(best, best.nodes() - 2);
                if (attempt(smaller, same) == null) break;
                best = smaller;
            }
        }
        ScheduleResult last = runner.apply(best);
        runs++;
        if (!same.test(last)) {
            // Cannot happen for a deterministic simulator; keep the original rather than report a non-reproducer.
            throw new IllegalStateException("shrunk schedule no longer fails on re-run: nondeterminism?");
        }
        return new Shrunk(best, last, runs);
    }

    /** Step 1: nothing after the failure matters; a prefix of the run is the run up to that point. */
    private Schedule cutShort(ScheduleResult failing, Predicate<ScheduleResult> same) {
        Schedule best = failing.schedule();
        Failure.Kind kind = failing.failure().kind();
        if (kind == Failure.Kind.SAFETY && failing.failure().atMs() >= 0) {
            Schedule cut = best.cutAt(failing.failure().atMs() + 1);
            if (attempt(cut, same) != null) return cut;
        } else if (kind == Failure.Kind.LINEARIZABILITY) {
            long passes = 0;
            long fails = best.simMs();
            while (fails - passes > 10 && budgetLeft()) {
                long mid = (passes + fails) / 2;
                Schedule cut = best.cutAt(mid);
                if (attempt(cut, same) != null) {
                    fails = mid;
                    best = cut;
                } else {
                    passes = mid;
                }
            }
        }
        return best;
    }

    /** Step 2: each swarm knob off on its own, kept off when the failure stays. */
    private Schedule knobsOff(Schedule best, Predicate<ScheduleResult> same) {
        for (FaultKind knob : KNOBS) {
            if (!best.profile().has(knob) || !budgetLeft()) continue;
            Schedule candidate = best.withProfile(best.profile().without(knob));
            if (attempt(candidate, same) != null) best = candidate;
        }
        if (best.profile().jitterMeanMs() > 0 && budgetLeft()) {
            Schedule candidate = best.withProfile(best.profile().withoutJitter());
            if (attempt(candidate, same) != null) best = candidate;
        }
        return best;
    }

    /** Step 4a: all operations of one client, then of one key, at a time. */
    private Schedule dropGroups(Schedule best, Predicate<ScheduleResult> same) {
        for (int client = 0; client < best.clients() && budgetLeft(); client++) {
            int c = client;
            List<ClientOp> without = best.ops().stream().filter(o -> o.client() != c).toList();
            if (without.size() < best.ops().size() && attempt(best.withOps(without), same) != null) {
                best = best.withOps(without);
            }
        }
        int keys = best.ops().stream().mapToInt(ClientOp::key).max().orElse(-1) + 1;
        for (int key = 0; key < keys && budgetLeft(); key++) {
            int k = key;
            List<ClientOp> without = best.ops().stream().filter(o -> o.key() != k).toList();
            if (without.size() < best.ops().size() && attempt(best.withOps(without), same) != null) {
                best = best.withOps(without);
            }
        }
        return best;
    }

    /** Below this many faults plus operations, each is also tried away on its own (ddmin can miss single ones). */
    private static final int ONE_BY_ONE_BELOW = 80;

    /** Each fault, then each operation, from the last to the first, removed alone while the failure stays. */
    private Schedule oneByOne(Schedule best, Predicate<ScheduleResult> same) {
        for (int i = best.faults().size() - 1; i >= 0 && budgetLeft(); i--) {
            List<Fault> fewer = new ArrayList<>(best.faults());
            fewer.remove(i);
            if (attempt(best.withFaults(fewer), same) != null) best = best.withFaults(fewer);
        }
        for (int i = best.ops().size() - 1; i >= 0 && budgetLeft(); i--) {
            List<ClientOp> fewer = new ArrayList<>(best.ops());
            fewer.remove(i);
            if (attempt(best.withOps(fewer), same) != null) best = best.withOps(fewer);
        }
        return best;
    }

    /** Step 5: halve each fault while it still fails. */
    private Schedule shortenFaults(Schedule best, Predicate<ScheduleResult> same) {
        for (int i = 0; i < best.faults().size() && budgetLeft(); i++) {
            while (budgetLeft()) {
                Fault f = best.faults().get(i);
                long duration = Math.min(f.untilMs(), best.simMs() + 1) - f.atMs();
                if (duration <= 10) break;
                List<Fault> shorter = new ArrayList<>(best.faults());
                shorter.set(i, f.withDuration(duration / 2));
                Schedule candidate = best.withFaults(shorter);
                if (attempt(candidate, same) == null) break;
                best = candidate;
            }
        }
        return best;
    }

    private <T> List<T> ddmin(List<T> items, Function<List<T>, Schedule> build, Predicate<ScheduleResult> fails) {
        List<T> current = items;
        int chunks = 2;
        while (current.size() >= 1 && budgetLeft()) {
            if (current.size() == 1) {
                if (attempt(build.apply(List.of()), fails) != null) current = List.of();
                break;
            }
            chunks = Math.min(chunks, current.size());
            boolean reduced = false;
            int size = current.size();
            for (int c = 0; c < chunks && budgetLeft(); c++) {
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
        if (!budgetLeft()) return null;
        runs++;
        ScheduleResult r = runner.apply(candidate);
        simulatedMs += r.simulatedMs();
        return fails.test(r) ? r : null;
    }
}
