package multidriver.sim.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import multidriver.sim.cli.Campaign;
import multidriver.sim.cli.CampaignOptions;
import multidriver.sim.cli.ReportDir;
import multidriver.sim.cli.ScheduleOutcome;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.shrink.BuildInfo;
import multidriver.sim.shrink.Reproducer;
import multidriver.sim.shrink.Shrinker;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.Simulation;

/**
 * A campaign of your system from your own code: {@code SystemCampaign.of(MySystem::new).schedules(200).run()} runs
 * 200 randomized fault schedules, and on a failure shrinks the first failing one and writes its
 * {@code reproducer.json}, history and timeline to the report directory. This is what {@code @SimulationTest}
 * (module {@code multidriver-junit}) runs; use it directly from another test framework or a {@code main}.
 *
 * <p>A campaign is a function of its seed, its options and the code: the same call fails the same way every time,
 * whatever the thread count.
 */
public final class SystemCampaign {
    /** Shrinking re-runs at most this many candidates by default. */
    public static final int DEFAULT_SHRINK_RUNS = 1_000;
    /** ... and at most this much simulated time over all of them (ms), so a slow system still shrinks quickly. */
    public static final long DEFAULT_SHRINK_SIM_MS = 1_200_000;

    private final Function<Schedule, SimulatedSystem> systems;
    private long seed = 1;
    private int schedules = 200;
    private int nodes = 5;
    private long simMs = 10_000;
    private Set<FaultKind> faults = FaultKind.parseList("all");
    private int threads = 1;
    private int shrinkRuns = DEFAULT_SHRINK_RUNS;
    private long shrinkSimMs = DEFAULT_SHRINK_SIM_MS;
    private boolean checkDeterminism;
    private long maxSearchSteps = RunOptions.DEFAULT_MAX_SEARCH_STEPS;
    private Path reportDir;
    private String source = "campaign";

    private SystemCampaign(Function<Schedule, SimulatedSystem> systems) {
        this.systems = Objects.requireNonNull(systems, "systems");
    }

    /** A campaign of the system {@code systems} builds for each schedule (a fresh one per run). */
    public static SystemCampaign of(Function<Schedule, SimulatedSystem> systems) {
        return new SystemCampaign(systems);
    }

    /** A campaign of one system object, shared by every run: it must then hold no state across runs. */
    public static SystemCampaign of(SimulatedSystem system) {
        Objects.requireNonNull(system, "system");
        return new SystemCampaign(schedule -> system);
    }

    /** The root seed every schedule's seed derives from (default 1). */
    public SystemCampaign seed(long rootSeed) {
        this.seed = rootSeed;
        return this;
    }

    /** How many schedules (default 200). */
    public SystemCampaign schedules(int count) {
        this.schedules = count;
        return this;
    }

    /** Nodes per cluster, 1 to 9 (default 5). */
    public SystemCampaign nodes(int count) {
        this.nodes = count;
        return this;
    }

    /** Simulated time per schedule in ms (default 10,000): faults, then a heal, then a liveness phase. */
    public SystemCampaign simMs(long ms) {
        this.simMs = ms;
        return this;
    }

    /** Fault kinds a schedule may draw from, as {@code scripts/simulate.sh --faults} spells them ({@code all}). */
    public SystemCampaign faults(String list) {
        this.faults = FaultKind.parseList(list);
        return this;
    }

    public SystemCampaign faults(Set<FaultKind> kinds) {
        this.faults = Set.copyOf(kinds);
        return this;
    }

    /** Worker threads for independent schedules (default 1: a shared system object is then safe). */
    public SystemCampaign threads(int count) {
        this.threads = count;
        return this;
    }

    /** Bounds on shrinking: candidate runs and their total simulated ms (0 runs: save the failure unshrunk). */
    public SystemCampaign shrink(int maxRuns, long maxSimulatedMs) {
        if (maxRuns < 0 || maxSimulatedMs < 0) throw new IllegalArgumentException("shrink bounds must be >= 0");
        this.shrinkRuns = maxRuns;
        this.shrinkSimMs = maxSimulatedMs;
        return this;
    }

    /** Runs every schedule twice and fails on the first event where the two runs differ (a nondeterministic node). */
    public SystemCampaign checkDeterminism(boolean on) {
        this.checkDeterminism = on;
        return this;
    }

    /** The linearizability checker's search budget per schedule; beyond it the verdict is unknown, never valid. */
    public SystemCampaign maxSearchSteps(long steps) {
        this.maxSearchSteps = steps;
        return this;
    }

    /** Where the reproducer and the failing run's files go (default: a new {@code store/sim/<timestamp>/}). */
    public SystemCampaign reportDir(Path dir) {
        this.reportDir = dir;
        return this;
    }

    /** What the reproducer names as its source, so a replay knows where it belongs (a test's {@code Class#method}). */
    public SystemCampaign source(String name) {
        this.source = Objects.requireNonNull(name, "source");
        return this;
    }

    /** Runs the campaign; on a failure, shrinks the first failing schedule and saves it. */
    public CampaignResult run() throws IOException, InterruptedException {
        CampaignOptions options = new CampaignOptions(seed, schedules, nodes, simMs, faults, Set.of(),
                checkDeterminism, threads, maxSearchSteps);
        Campaign campaign = new Campaign(options, systems);
        long startNs = System.nanoTime();
        List<ScheduleOutcome> outcomes = campaign.run((done, violations) -> { });
        long wallMs = (System.nanoTime() - startNs) / 1_000_000;
        int violations = 0;
        ScheduleOutcome first = null;
        String nondeterminism = null;
        for (ScheduleOutcome o : outcomes) {
            if (o.determinismProblem() != null && nondeterminism == null) nondeterminism = o.determinismProblem();
            if (o.failure() == null) continue;
            violations++;
            if (first == null) first = o;
        }
        long traceHash = Campaign.combinedTraceHash(outcomes);
        if (first == null) {
            return new CampaignResult(source, seed, schedules, 0, -1, null, null, -1, -1, null, null, nondeterminism,
                    traceHash, wallMs);
        }
        RunOptions plain = RunOptions.campaign().withMaxSearchSteps(maxSearchSteps);
        Schedule failing = campaign.schedule((int) first.index());
        ScheduleResult original = Simulation.run(systems.apply(failing), failing, plain.withTimeline());
        if (!original.failed()) {
            return new CampaignResult(source, seed, schedules, violations, first.index(), first.failure(), null, -1,
                    -1, null, null, "schedule " + first.index() + " failed in the campaign but passed when re-run: "
                    + "the system is not deterministic (wall clock, unseeded random, threads or hash order?)",
                    traceHash, wallMs);
        }
        Schedule shrunk = failing;
        if (shrinkRuns > 0) {
            shrunk = new Shrinker(s -> Simulation.run(systems.apply(s), s, plain), shrinkRuns, shrinkSimMs)
                    .shrink(original).schedule();
        }
        ReportDir report = ReportDir.create(reportDir);
        writeReproducer(original, first.index(), report.resolve("reproducer-unshrunk.json"));
        report.writeFailingRun(original, "unshrunk-", source + ": schedule " + first.index() + " (as generated)");
        ScheduleResult replayed = Simulation.run(systems.apply(shrunk), shrunk, plain.withTimeline());
        Path reproducer = report.resolve("reproducer.json");
        writeReproducer(replayed, first.index(), reproducer);
        report.writeFailingRun(replayed, "", source + ": schedule " + first.index() + " (shrunk)");
        return new CampaignResult(source, seed, schedules, violations, first.index(), replayed.failure(), shrunk,
                failing.eventCount(), shrunk.eventCount(), reproducer.toAbsolutePath(),
                report.path().toAbsolutePath(), nondeterminism, traceHash, wallMs);
    }

    private void writeReproducer(ScheduleResult result, long index, Path file) throws IOException {
        new Reproducer(Reproducer.VERSION, seed, index, result.failure().kind().name().toLowerCase(java.util.Locale.ROOT),
                result.failure().message(), Reproducer.hex(result.traceHash()), BuildInfo.gitCommit(),
                result.schedule(), source).write(file);
    }

    /**
     * Runs the schedule of {@code reproducerFile} once on this campaign's system and writes its history and timeline
     * to the report directory. The result's failure is null when the schedule no longer fails (the bug is fixed, or
     * the code changed the run).
     */
    public ScheduleResult replay(Path reproducerFile) throws IOException {
        Reproducer reproducer = Reproducer.read(reproducerFile);
        Schedule schedule = reproducer.schedule();
        ScheduleResult result = Simulation.run(systems.apply(schedule), schedule,
                RunOptions.campaign().withMaxSearchSteps(maxSearchSteps).withTimeline());
        ReportDir report = ReportDir.create(reportDir);
        report.writeFailingRun(result, "replay-", "Replay of " + reproducerFile);
        return result;
    }
}
