package multidriver.sim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import multidriver.sim.experiment.ElectionExperiment;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.shrink.BuildInfo;
import multidriver.sim.shrink.Reproducer;
import multidriver.sim.shrink.Shrinker;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.SimBug;
import multidriver.sim.world.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/simulate.sh}: runs a campaign of randomized fault schedules, replays a reproducer, or runs an
 * experiment. Exit 0: all passed; 1: a violation was found (or a replay reproduced its failure); 2: error, unknown
 * linearizability verdicts, or nondeterminism. With {@code --json} the last stdout line is one JSON object.
 */
@Command(name = "simulate.sh", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = multidriver.check.cli.CliSupport.class,
        description = "Deterministic simulation of a Raft KV cluster under randomized faults.")
public final class SimMain implements Callable<Integer> {
    @Option(names = "--schedules", defaultValue = "1000", description = "schedules to run (default ${DEFAULT-VALUE})")
    int schedules;

    @Option(names = "--seed", description = "root seed (default: random, printed)")
    Long seed;

    @Option(names = "--nodes", defaultValue = "5", description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--sim-seconds", defaultValue = "10", description = "simulated seconds per schedule (default ${DEFAULT-VALUE})")
    double simSeconds;

    @Option(names = "--faults", defaultValue = "all", description = "comma list of: ${COMPLETION-CANDIDATES}; or all/none",
            completionCandidates = FaultNames.class)
    String faults;

    @Option(names = "--bug", description = "deliberate bug(s), comma list: commit-old-term, vote-twice, no-truncate, "
            + "stale-read, no-converge (Raft core); ack-before-fsync, skip-fsync, accept-corrupt-record, match-by-index, "
            + "ack-on-commit, leader-counts-unsynced (server core)")
    String bug;

    @Option(names = "--replay", description = "replay a reproducer.json")
    Path replay;

    @Option(names = "--check-determinism", description = "run every schedule twice and compare event by event")
    boolean checkDeterminism;

    @Option(names = "--out", description = "report directory (default store/sim/<timestamp>/)")
    Path out;

    @Option(names = "--json", description = "print one JSON summary object as the last stdout line")
    boolean json;

    @Option(names = "--threads", description = "worker threads for independent schedules (default: cores)")
    Integer threads;

    @Option(names = "--max-search-steps", defaultValue = "2000000",
            description = "linearizability search budget per key, in steps (deterministic; default ${DEFAULT-VALUE})")
    long maxSearchSteps;

    @Option(names = "--shrink-runs", defaultValue = "6000", description = "bound on re-runs while shrinking (default ${DEFAULT-VALUE})")
    int shrinkRuns;

    @Option(names = "--shrink-sim-seconds", defaultValue = "40000",
            description = "bound on the simulated time of all shrinking re-runs together (default ${DEFAULT-VALUE})")
    long shrinkSimSeconds;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only slice I (0-based) of N disjoint, seed-ordered "
            + "slices of the campaign; --merge joins the shards' report directories into the unsharded summary")
    String shard;

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR", description = "merge the report directories of "
            + "--shard runs into one summary, equal to the unsharded run's (counts, first failure, traceHash)")
    List<Path> merge;

    @Option(names = "--experiment", description = "run an experiment instead of a campaign: election (Raft Figure 16)")
    String experiment;

    @Option(names = "--trials", defaultValue = "1000", description = "trials per range for --experiment")
    int trials;

    @Option(names = "--verbose", description = "print every schedule's parameters")
    boolean verbose;

    private final PrintStream stdout;
    private final PrintStream stderr;
    /** The arguments this run was started with, for the run folder's record. */
    private String[] arguments = new String[0];

    public SimMain() {
        this(System.out, System.err);
    }

    SimMain(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        SimMain main = new SimMain(stdout, stderr);
        main.arguments = args.clone();
        CommandLine cli = new CommandLine(main);
        cli.setOut(new java.io.PrintWriter(stdout, true));
        cli.setErr(new java.io.PrintWriter(stderr, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                // bad input (a value, a file): the message says what, where and what is allowed
                stderr.println("error: " + e.getMessage());
                return 2;
            }
            stderr.println("error: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) stderr.println("  caused by: " + c);
            return 2;
        });
        cli.setParameterExceptionHandler(multidriver.check.cli.CliSupport.oneLineErrors(stderr, "simulate"));
        return cli.execute(args);
    }

    private String commandLine() {
        return "simulate.sh " + String.join(" ", arguments);
    }

    @Override
    public Integer call() throws Exception {
        if (experiment != null) {
            if (!experiment.equals("election")) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown experiment '" + experiment + "', expected: election");
            }
            return new ElectionExperiment(trials, seed == null ? 1 : seed).run(ReportDir.create(out).path(), stdout);
        }
        if (replay != null) return replay();
        if (merge != null) return merge();
        return campaign();
    }

    private int campaign() throws Exception {
        // The root seed is the one input chosen by the wall clock's entropy when none is given; it is printed, and
        // everything after derives from it.
        long rootSeed = seed != null ? seed : new java.security.SecureRandom().nextLong();
        Set<FaultKind> faultKinds = FaultKind.parseList(faults);
        Set<SimBug> bugs = parseBugs(bug);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Shard slice;
        try {
            slice = shard == null ? Shard.WHOLE : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        CampaignOptions options = new CampaignOptions(rootSeed, schedules, nodes, Math.round(simSeconds * 1000),
                faultKinds, bugs, checkDeterminism, workers, maxSearchSteps);
        ReportDir report = ReportDir.create(out);
        stdout.printf("simulate: seed=%d schedules=%d nodes=%d sim-seconds=%s faults=%s bugs=%s threads=%d%s%n",
                rootSeed, schedules, nodes, simSeconds, faults, bugNames(bugs), workers,
                slice.count() == 1 ? "" : " shard=" + slice + " (schedules " + slice.from(schedules) + ".."
                        + (slice.to(schedules) - 1) + ")");
        Campaign campaign = new Campaign(options);
        if (verbose) {
            for (int i = 0; i < schedules; i++) stdout.println("schedule " + i + ": " + campaign.schedule(i).describe());
        }
        ProgressBar progress = new ProgressBar(stderr, slice.to(schedules) - slice.from(schedules),
                ProgressBar.onTerminal());
        long startNs = System.nanoTime();
        List<ScheduleOutcome> outcomes = campaign.run(progress::update, slice.from(schedules), slice.to(schedules));
        OutcomeFile.write(outcomes, report.path().resolve(OutcomeFile.NAME));
        long wallMs = (System.nanoTime() - startNs) / 1_000_000;
        CampaignSummary summary = CampaignSummary.of(rootSeed, outcomes, wallMs);
        summary.reportDir = report.path().toString();

        int printed = 0;
        int determinismProblems = 0;
        for (ScheduleOutcome o : outcomes) {
            if (o.determinismProblem() != null) {
                determinismProblems++;
                stdout.println("NONDETERMINISM: " + o.determinismProblem());
            }
            if (o.failure() != null && printed++ < 5) {
                stdout.println("VIOLATION in schedule " + o.index() + " (seed " + o.seed() + "): " + o.failure());
            }
        }
        if (printed > 5) stdout.println("... " + (printed - 5) + " more violation(s) in " + report.path() + "/summary.json");
        if (checkDeterminism) {
            stdout.println(determinismProblems == 0
                    ? "determinism: every schedule ran twice with identical event traces"
                    : "determinism: " + determinismProblems + " schedule(s) diverged between their two runs");
        }
        if (summary.firstFailureIndex >= 0) {
            List<Long> failing = outcomes.stream().filter(o -> o.failure() != null).map(ScheduleOutcome::index)
                    .limit(SCHEDULES_SHRUNK).toList();
            summary.reproducer = shrinkAndSave(campaign, failing, rootSeed, report);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("nodes", nodes);
        extra.put("simSecondsPerSchedule", simSeconds);
        extra.put("faults", faults);
        extra.put("bugs", bugNames(bugs));
        extra.put("shard", slice.toString());
        extra.put("campaignSchedules", schedules);
        extra.put("maxSearchSteps", maxSearchSteps);
        extra.put("checkDeterminism", checkDeterminism);
        extra.put("threads", workers);
        extra.put("gitCommit", BuildInfo.gitCommit());
        return finish(summary, extra, report);
    }

    /** Prints the totals, writes {@code summary.json} (with {@code extra}) and the JSON line; the exit code. */
    private int finish(CampaignSummary summary, Map<String, Object> extra, ReportDir report) throws IOException {
        stdout.printf("%d schedules, %d violations, linearizable valid=%d invalid=%d unknown=%d; %d events, "
                        + "%.1f simulated s in %.1f s wall (%.1f schedules/s, %.0fx real time); traceHash=%016x%n",
                summary.schedules, summary.violations, summary.valid, summary.invalid, summary.unknown, summary.events,
                summary.simulatedMs / 1000.0, summary.wallMs / 1000.0, summary.schedulesPerSecond(),
                summary.simTimeRatio(), summary.traceHash);
        extra.put("run", multidriver.check.cli.CliSupport.runRecord(commandLine()));
        Map<String, Object> map = summary.toMap(extra);
        report.writeSummary(map);
        stdout.println("report: " + report.path());
        if (json) stdout.println(ReportDir.JSON.writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
        return summary.exitCode;
    }

    /** The fields every shard of one campaign must agree on. */
    private static final List<String> CAMPAIGN_FIELDS = List.of("seed", "campaignSchedules", "nodes",
            "simSecondsPerSchedule", "bugs", "maxSearchSteps", "checkDeterminism", "gitCommit");

    /**
     * {@code --merge DIR...}: the shards' outcomes, concatenated in shard order, are the campaign's, so the merged
     * summary is the unsharded one: the same counts, first failure and combined traceHash. Refuses shards of different
     * campaigns, a missing or repeated shard, and outcome files that do not line up.
     */
    private int merge() throws IOException {
        java.util.TreeMap<Integer, com.fasterxml.jackson.databind.JsonNode> summaries = new java.util.TreeMap<>();
        java.util.TreeMap<Integer, List<ScheduleOutcome>> parts = new java.util.TreeMap<>();
        int count = -1;
        com.fasterxml.jackson.databind.JsonNode first = null;
        for (Path dir : merge) {
            Path summaryFile = dir.resolve("summary.json");
            if (!java.nio.file.Files.isRegularFile(summaryFile)) {
                throw new IllegalArgumentException(dir + " is not a campaign's report directory (no summary.json)");
            }
            com.fasterxml.jackson.databind.JsonNode s = ReportDir.JSON.readTree(summaryFile.toFile());
            Shard slice = Shard.parse(s.path("shard").asText("0/1"));
            if (count >= 0 && slice.count() != count) {
                throw new IllegalArgumentException(dir + " is shard " + slice + ", the others are of " + count);
            }
            count = slice.count();
            if (first == null) first = s;
            for (String field : CAMPAIGN_FIELDS) {
                if (!first.path(field).equals(s.path(field))) {
                    throw new IllegalArgumentException(dir + " is of another campaign" + (field.equals("gitCommit")
                            ? " build" : "") + ": " + field + " " + s.path(field) + " vs " + first.path(field));
                }
            }
            // The same faults in another spelling or order are the same campaign.
            if (!FaultKind.parseList(first.path("faults").asText()).equals(FaultKind.parseList(s.path("faults").asText()))) {
                throw new IllegalArgumentException(dir + " is of another campaign: faults " + s.path("faults") + " vs "
                        + first.path("faults"));
            }
            if (summaries.put(slice.index(), s) != null) {
                throw new IllegalArgumentException("shard " + slice + " is given twice (" + dir + ")");
            }
            parts.put(slice.index(), OutcomeFile.read(dir.resolve(OutcomeFile.NAME)));
        }
        if (summaries.size() != count) {
            List<Integer> missing = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) if (!summaries.containsKey(i)) missing.add(i);
            throw new IllegalArgumentException("shards missing: " + missing + " of " + count);
        }
        List<ScheduleOutcome> all = new java.util.ArrayList<>();
        long wallMs = 0;
        for (Map.Entry<Integer, List<ScheduleOutcome>> e : parts.entrySet()) {
            all.addAll(e.getValue());
            wallMs += summaries.get(e.getKey()).path("wallMs").asLong();
        }
        int schedules = first.path("campaignSchedules").asInt();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).index() != i) {
                throw new IllegalArgumentException("the shards' outcomes do not line up: position " + i + " holds"
                        + " schedule " + all.get(i).index());
            }
        }
        if (all.size() != schedules) {
            throw new IllegalArgumentException("the shards hold " + all.size() + " of " + schedules + " schedules");
        }
        CampaignSummary summary = CampaignSummary.of(first.path("seed").asLong(), all, wallMs);
        ReportDir report = ReportDir.create(out);
        summary.reportDir = report.path().toString();
        OutcomeFile.write(all, report.path().resolve(OutcomeFile.NAME));
        stdout.println("merged " + count + " shard(s) of campaign seed=" + summary.rootSeed + " (" + schedules
                + " schedules)");
        if (summary.firstFailureIndex >= 0) {
            stdout.println("first failing schedule " + summary.firstFailureIndex + ": " + summary.firstFailure);
            for (com.fasterxml.jackson.databind.JsonNode s : summaries.values()) {
                if (s.path("firstFailureIndex").asLong(-1) == summary.firstFailureIndex) {
                    summary.reproducer = s.path("reproducer").asText(null);
                }
            }
            if (summary.reproducer != null) stdout.println("reproducer: " + summary.reproducer);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String field : List.of("nodes", "simSecondsPerSchedule", "faults", "bugs", "maxSearchSteps",
                "checkDeterminism")) {
            extra.put(field, ReportDir.JSON.convertValue(first.get(field), Object.class));
        }
        extra.put("shard", "0/1");
        extra.put("campaignSchedules", schedules);
        extra.put("mergedFrom", merge.stream().map(Path::toString).toList());
        extra.put("gitCommit", BuildInfo.gitCommit());
        return finish(summary, extra, report);
    }

    /** Failing schedules shrunk, in campaign order, until one shrinks to a small story. */
    static final int SCHEDULES_SHRUNK = 3;

    /**
     * Shrinks the first failing schedule; when its story stays above {@link Shrinker#SMALL_STORY_EVENTS}, the next
     * failing ones too (up to {@link #SCHEDULES_SHRUNK}): how small a failure shrinks depends on where it started, and
     * the reader wants the smallest story of the bug. Saves the smallest (the first among equals).
     */
    private String shrinkAndSave(Campaign campaign, List<Long> failingIndices, long rootSeed, ReportDir report)
            throws IOException {
        RunOptions plain = RunOptions.campaign().withMaxSearchSteps(maxSearchSteps);
        long bestIndex = -1;
        ScheduleResult bestOriginal = null;
        Shrinker.Shrunk best = null;
        for (long index : failingIndices) {
            Schedule failing = campaign.schedule((int) index);
            stdout.println((best == null ? "first failing schedule " : "next failing schedule ") + index + ": "
                    + failing.describe());
            ScheduleResult original = Simulation.run(failing, plain.withTimeline());
            if (!original.failed()) {
                throw new IllegalStateException("schedule " + index + " failed in the campaign but not when re-run: "
                        + "nondeterminism");
            }
            long startNs = System.nanoTime();
            Shrinker.Shrunk shrunk = new Shrinker(s -> Simulation.run(s, plain), shrinkRuns, shrinkSimSeconds * 1000)
                    .shrink(original);
            stdout.printf("shrunk in %d runs (%.1f s): %d -> %d events (%d -> %d faults, %d -> %d ops), %d -> %d nodes,"
                            + " %d -> %d ms%n", shrunk.runs(), (System.nanoTime() - startNs) / 1e9, failing.eventCount(),
                    shrunk.schedule().eventCount(), failing.faults().size(),
                    shrunk.schedule().faults().size(), failing.ops().size(), shrunk.schedule().ops().size(),
                    failing.nodes(), shrunk.schedule().nodes(), failing.simMs(), shrunk.schedule().simMs());
            if (best == null || shrunk.schedule().eventCount() < best.schedule().eventCount()) {
                best = shrunk;
                bestIndex = index;
                bestOriginal = original;
            }
            if (best.schedule().eventCount() <= Shrinker.SMALL_STORY_EVENTS) break;
        }
        Schedule failing = bestOriginal.schedule();
        new Reproducer(Reproducer.VERSION, rootSeed, bestIndex, kindName(bestOriginal),
                bestOriginal.failure().message(), Reproducer.hex(bestOriginal.traceHash()), BuildInfo.gitCommit(),
                failing).write(report.resolve("reproducer-unshrunk.json"));
        report.writeFailingRun(bestOriginal, "unshrunk-", "Schedule " + bestIndex + " (as generated)");
        ScheduleResult replayed = Simulation.run(best.schedule(), plain.withTimeline());
        Path file = report.resolve("reproducer.json");
        new Reproducer(Reproducer.VERSION, rootSeed, bestIndex, kindName(replayed), replayed.failure().message(),
                Reproducer.hex(replayed.traceHash()), BuildInfo.gitCommit(), best.schedule()).write(file);
        report.writeFailingRun(replayed, "", "Schedule " + bestIndex + " (shrunk)");
        stdout.println("reproducer from schedule " + bestIndex + ": " + best.schedule().eventCount() + " events");
        stdout.println("shrunk failure: " + replayed.failure());
        for (var f : best.schedule().faults()) stdout.println("  fault " + f);
        stdout.println("reproducer: " + file + "  (replay: scripts/simulate.sh --replay " + file + ")");
        return file.toString();
    }

    private int replay() throws IOException {
        Reproducer reproducer = Reproducer.read(replay);
        if (!Reproducer.SIMULATE.equals(reproducer.source())) {
            // Its schedule is meaningful only on the system that failed it, which this command does not have.
            throw new IOException(replay + ": recorded by the test " + reproducer.source() + " on its own system; "
                    + "replay it there: mvn test -Dtest='" + reproducer.source() + "' -Dmultidriver.replay=" + replay);
        }
        Schedule schedule = reproducer.schedule();
        stdout.println("replay: " + schedule.describe());
        String commit = BuildInfo.gitCommit();
        boolean sameCode = commit.equals(reproducer.gitCommit()) && !commit.endsWith("-dirty");
        if (!sameCode) {
            stdout.println("warning: recorded with commit " + reproducer.gitCommit() + ", replaying with " + commit
                    + ": a run is a function of seed, options and code, so it may fail differently or not at all");
        }
        long startNs = System.nanoTime();
        ScheduleResult result = Simulation.run(schedule, RunOptions.campaign().withMaxSearchSteps(maxSearchSteps)
                .withTimeline());
        long wallMs = (System.nanoTime() - startNs) / 1_000_000;
        ReportDir report = ReportDir.create(out);
        report.writeFailingRun(result, "", "Replay of " + replay);
        String hash = Reproducer.hex(result.traceHash());
        boolean sameTrace = hash.equals(reproducer.traceHash());
        stdout.println(result.failed() ? "REPRODUCED: " + result.failure() : "did not fail (expected: "
                + reproducer.failureKind() + ": " + reproducer.failure() + ")");
        stdout.println("traceHash " + hash + (sameTrace ? " (same as recorded)" : " (recorded: "
                + reproducer.traceHash() + ")"));
        CampaignSummary summary = CampaignSummary.of(schedule.seed(), List.of(new ScheduleOutcome(0, schedule.seed(),
                result.failure(), result.linearizable(), result.traceHash(), result.events(), result.simulatedMs(),
                result.searchSteps(), result.stats(), null, result.diskFaults())), wallMs);
        summary.reproducer = replay.toString();
        summary.reportDir = report.path().toString();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("replay", replay.toString());
        extra.put("sameTraceHash", sameTrace);
        extra.put("recordedGitCommit", reproducer.gitCommit());
        extra.put("gitCommit", commit);
        extra.put("failure", result.failed() ? result.failure().toString() : null);
        extra.put("run", multidriver.check.cli.CliSupport.runRecord(commandLine()));
        Map<String, Object> map = summary.toMap(extra);
        report.writeSummary(map);
        stdout.println("report: " + report.path());
        if (json) stdout.println(ReportDir.JSON.writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
        return result.failed() ? 1 : summary.exitCode;
    }

    private static String kindName(ScheduleResult r) {
        return r.failure().kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    static Set<SimBug> parseBugs(String list) {
        EnumSet<SimBug> bugs = EnumSet.noneOf(SimBug.class);
        if (list == null) return bugs;
        for (String name : list.split(",")) {
            if (!name.isBlank()) bugs.add(SimBug.parse(name.trim()));
        }
        return bugs;
    }

    private static List<String> bugNames(Set<SimBug> bugs) {
        return bugs.stream().map(SimBug::cliName).sorted().toList();
    }

    /** Completion candidates for {@code --faults}. */
    static final class FaultNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(FaultKind.values()).map(FaultKind::cliName).iterator();
        }
    }
}
