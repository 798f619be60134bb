package multidriver.sim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.raft.RaftKvSystem;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleGenerator;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.Simulation;
import multidriver.sim.world.TraceHash;

/**
 * Runs many independent schedules. Each schedule is single-threaded and deterministic; the campaign may run several
 * at once on worker threads (the only threads in the simulator) and merges the outcomes in seed order, so the
 * campaign's combined trace hash, counts and first failure do not depend on the thread count or timing.
 */
public final class Campaign {
    private final CampaignOptions options;
    private final ScheduleGenerator generator;
    private final long[] seeds;
    private final Function<Schedule, SimulatedSystem> systems;

    /** A campaign of the project's own Raft KV. */
    public Campaign(CampaignOptions options) {
        this(options, RaftKvSystem::forSchedule);
    }

    /** A campaign of the system {@code systems} builds for each schedule (called once per run, from any worker). */
    public Campaign(CampaignOptions options, Function<Schedule, SimulatedSystem> systems) {
        this.options = options;
        this.systems = systems;
        this.generator = new ScheduleGenerator(options.nodes(), options.simMs(), options.faults(), options.bugs());
        this.seeds = new long[options.schedules()];
        SplittableRandom root = new SplittableRandom(options.rootSeed());
        for (int i = 0; i < seeds.length; i++) seeds[i] = root.split().nextLong();
    }

    public Schedule schedule(int index) {
        return generator.generate(seeds[index]);
    }

    /** Told how many schedules finished so far and how many of those failed (from any worker thread). */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int violations);
    }

    /** Runs every schedule, telling {@code progress} after each one. */
    public List<ScheduleOutcome> run(Progress progress) throws InterruptedException {
        return run(progress, 0, seeds.length);
    }

    /** Runs schedules {@code [from, to)} (a shard of the campaign), in seed order, telling {@code progress}. */
    public List<ScheduleOutcome> run(Progress progress, int from, int to) throws InterruptedException {
        if (from < 0 || to > seeds.length || from > to) {
            throw new IllegalArgumentException("schedules [" + from + ", " + to + ") of " + seeds.length);
        }
        ScheduleOutcome[] outcomes = new ScheduleOutcome[to - from];
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "sim-campaign");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.threads(); w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        outcomes[i - from] = runOne(i);
                        int violations = outcomes[i - from].failure() != null ? failed.incrementAndGet() : failed.get();
                        progress.update(done.incrementAndGet(), violations);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) throw re;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(outcomes);
    }

    private ScheduleOutcome runOne(int index) {
        Schedule schedule = schedule(index);
        RunOptions runOptions = new RunOptions(false, options.checkDeterminism(), true, options.maxSearchSteps());
        ScheduleResult result;
        try {
            result = Simulation.run(systems.apply(schedule), schedule, runOptions);
        } catch (RuntimeException e) {
            throw new IllegalStateException("schedule " + index + " (" + schedule.describe() + ") crashed the simulator",
                    e);
        }
        String determinism = null;
        if (options.checkDeterminism()) {
            ScheduleResult again = Simulation.run(systems.apply(schedule), schedule, runOptions);
            long divergence = TraceHash.firstDivergence(result.trace(), again.trace());
            if (divergence >= 0) {
                determinism = "schedule " + index + " seed " + schedule.seed() + " diverged at event " + divergence
                        + ": first run " + result.trace().describe(divergence) + " / second run "
                        + again.trace().describe(divergence);
            }
        }
        return new ScheduleOutcome(index, schedule.seed(), result.failure(), result.linearizable(), result.traceHash(),
                result.events(), result.simulatedMs(), result.searchSteps(), result.stats(), determinism,
                result.diskFaults());
    }

    /** The campaign's trace hash: every schedule's hash combined in seed order. */
    public static long combinedTraceHash(List<ScheduleOutcome> outcomes) {
        long hash = 0;
        for (ScheduleOutcome o : outcomes) hash = TraceHash.combine(hash, o.traceHash());
        return hash;
    }
}
