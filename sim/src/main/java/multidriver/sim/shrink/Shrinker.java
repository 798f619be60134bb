package multidriver.sim.shrink;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 *   <li>resample: try small stories drawn from this one (a few of its operations, a few of its faults, other seeds,
 *       fewer nodes), since a failure that many schedules reach is seldom tied to exactly this one's timing;</li>
 *   <li>delta-debug (Zeller's ddmin) the faults, and resample again;</li>
 *   <li>drop every operation of one client, then of one key, then ddmin the operations that remain;</li>
 *   <li>halve the faults that remain while the failure stays;</li>
 *   <li>try a smaller cluster (5 -> 3 nodes), then resample once more.</li>
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
            // Before the faults are cut down to the few that fit this run's timing: the whole fault set under other
            // draws is what reaches the failure again with few operations.
            best = resample(best, same);
            Schedule base = best;
            List<Fault> faults = ddmin(best.faults(), base::withFaults, same);
            if (faults.size() < best.faults().size()) best = best.withFaults(faults);
            best = resample(best, same);
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
            // Still above a small story: draw small ones from what is left, which is cheap now that it is small.
            best = resample(best, same);
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

    /** A story this small is what a reproducer aims at (faults plus operations); resampling stops there. */
    public static final int SMALL_STORY_EVENTS = 20;
    /** Candidates tried at each resampled size before giving up on smaller ones. */
    private static final int RESAMPLE_TRIES_PER_SIZE = 24;
    /**
     * Operation counts tried in turn, each from the smallest failing story found so far. The large ones come first for
     * failures that need a log of some length (a snapshot, a compaction): 256 of 2,000 operations under another seed
     * often still fails where 16 never do, and ddmin works from there.
     */
    private static final int[] RESAMPLED_SIZES = {256, 64, 16, 8, 4, 1, 0};

    /**
     * Step 3b: deleting operations one chunk at a time keeps a schedule's timing, and for a failure that needs a
     * particular interleaving (a commit across terms, a stale read) nearly every deletion moves it, so ddmin stalls
     * at hundreds of operations. The same bug is usually reached by many schedules, though, so try small stories
     * drawn from this one: m of its operations (a window of consecutive ones, or a random sample), sometimes under
     * another seed (the network's, the clock's and the servers' draws), sometimes with a random half of its faults,
     * on three nodes or with snapshots taken sooner, for m = 256, 64, 16, 8, 4, 1, 0. What is kept is, as at every step, a schedule seen to fail the same way;
     * its seed is the reproducer's. The draws are seeded by the schedule: shrinking stays deterministic.
     */
    private Schedule resample(Schedule best, Predicate<ScheduleResult> same) {
        SplittableRandom random = new SplittableRandom(best.seed() ^ 0x5EED5A3D1E5L);
        int missesInARow = 0;
        for (int m : RESAMPLED_SIZES) {
            if (best.eventCount() <= SMALL_STORY_EVENTS || m >= best.ops().size()) continue;
            Schedule found = null;
            for (int t = 0; t < RESAMPLE_TRIES_PER_SIZE && found == null && budgetLeft(); t++) {
                Schedule candidate = best.withOps(sampleOps(best.ops(), m, t % 2 == 0, random));
                if (t % 3 != 0) candidate = candidate.withSeed(random.nextLong());
                if (t % 4 == 3 && candidate.faults().size() > 1) {
                    candidate = candidate.withFaults(sampleHalf(candidate.faults(), random));
                }
                if (t % 5 == 4 && candidate.nodes() > 3) candidate = ScheduleEdits.withNodes(candidate, 3);
                if (t % 3 == 2 && candidate.profile().snapshotInterval() > 2) {
                    // Snapshots sooner: a failure that needs one (a compaction, an installed snapshot) then needs
                    // fewer operations to fill the log.
                    candidate = candidate.withProfile(candidate.profile().withSnapshotEvery(
                            (int) Math.max(2, candidate.profile().snapshotInterval() / 4)));
                }
                if (attempt(candidate, same) != null) found = candidate;
            }
            if (found != null) {
                best = found;
                missesInARow = 0;
            } else if (++missesInARow == 2) {
                break; // a rare failure: leave the budget to ddmin (a smaller story may fail after one miss, often none)
            }
        }
        return best;
    }

    /** {@code m} of {@code ops} in their order: consecutive ones ending at a random point, or a random sample. */
    private static List<ClientOp> sampleOps(List<ClientOp> ops, int m, boolean window, SplittableRandom random) {
        if (window) {
            int end = m + random.nextInt(ops.size() - m + 1);
            return List.copyOf(ops.subList(end - m, end));
        }
        return sample(ops, m, random);
    }

    private static <T> List<T> sampleHalf(List<T> items, SplittableRandom random) {
        return sample(items, items.size() / 2, random);
    }

    /** {@code m} distinct items of {@code items}, in their order (selection sampling, Knuth's Algorithm S). */
    private static <T> List<T> sample(List<T> items, int m, SplittableRandom random) {
        List<T> chosen = new ArrayList<>(m);
        int needed = m;
        for (int i = 0; i < items.size() && needed > 0; i++) {
            if (random.nextInt(items.size() - i) < needed) {
                chosen.add(items.get(i));
                needed--;
            }
        }
        return chosen;
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
