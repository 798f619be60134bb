package multidriver.chaos.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import multidriver.chaos.client.Event;
import multidriver.chaos.client.FinalReads;
import multidriver.chaos.client.KeySpace;
import multidriver.chaos.client.ClientLoad;
import multidriver.chaos.client.Recorder;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.client.Workload;
import multidriver.chaos.client.WorkloadSpec;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ClusterNode;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.cluster.RepoRoot;
import multidriver.chaos.nemesis.Healer;
import multidriver.chaos.nemesis.Nemesis;
import multidriver.chaos.nemesis.NemesisCatalog;
import multidriver.chaos.nemesis.NemesisContext;
import multidriver.chaos.nemesis.NemesisRunner;
import multidriver.chaos.nemesis.NemesisSchedule;
import multidriver.chaos.report.NodeSample;
import multidriver.chaos.report.LogScan;
import multidriver.chaos.report.LostWriteCheck;
import multidriver.chaos.report.RunFindings;
import multidriver.chaos.report.RunReport;
import multidriver.chaos.report.TotalFinding;
import multidriver.chaos.target.RunningTarget;
import multidriver.chaos.target.TargetOptions;
import multidriver.chaos.target.TargetSystem;
import multidriver.chaos.target.Targets;
import multidriver.check.history.History;
import multidriver.check.history.OpType;
import multidriver.check.model.Model;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Verdict;

/**
 * One chaos run of any target system, start to verdict: cluster up, ready, clients and nemesis for the time limit,
 * heal, ready again, final reads, member logs, cluster down, then the checks and the report. The target
 * ({@link TargetSystem}) says only how its members start, which client speaks to them and which model checks them.
 */
public final class ChaosRun {
    private static final Duration FIRST_LEADER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration HEALED_LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(180);
    private static final long PROGRESS_EVERY_MS = 5_000;

    /** Where the report went and what it says. */
    public record Summary(Path reportDir, Object valid, String reason, int exitCode, Map<String, Object> results) {
    }

    private final RunOptions options;
    private final PrintStream out;
    private final TargetSystem system;
    private final TargetOptions settings;
    private final List<Nemesis> nemeses;
    /** The workload's own checker, or empty for the register workload (linearizability and lost writes). */
    private final Optional<TotalWorkload> total;
    private final long startNs = System.nanoTime();
    /** Each node's status over the workload, for the explorer (empty for targets without multi-driver's admin API). */
    private List<NodeSample> nodeSamples = List.of();

    /**
     * Checks the run's choices against its target: a bad target, setting, nemesis or workload fails here, before a
     * report directory, a container or a client exists.
     */
    public ChaosRun(RunOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.system = Targets.byName(options.target());
        this.settings = TargetOptions.of(system, options.targetOptions());
        this.nemeses = NemesisCatalog.parse(options.nemeses(), system.hasMultiDriverAdminApi());
        if (!system.workloads().contains(options.workload())) {
            throw new IllegalArgumentException("--target " + system.name() + " has no " + options.workload()
                    + " workload; it has " + system.workloads());
        }
        this.total = TotalWorkload.byName(options.workload());
        system.validate(options);
    }

    public Summary execute() throws IOException, InterruptedException {
        if (!DockerCli.engineReachable()) {
            throw new IllegalStateException("no Docker engine answers `docker info`");
        }
        Path repo = RepoRoot.find();
        Path base = options.outBase() != null ? options.outBase().toAbsolutePath() : repo.resolve("store/chaos");
        Path dir = RunReport.createRunDir(base);
        String runId = dir.getFileName().toString();
        progress("report directory " + dir);
        DockerCli docker = new DockerCli(60_000);
        Map<String, Long> timings = new LinkedHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Recorder recorder;
        Map<Long, Object> finalReads = new TreeMap<>();
        Map<String, String> logs = new TreeMap<>();
        long workloadEndNs;
        String clusterDescription;
        long phase = System.nanoTime();
        Model model;
        boolean healedReady = false;
        progress("starting " + options.nodes() + " " + system.name() + " members"
                + (options.nodeEnv().isEmpty() ? "" : " with " + options.nodeEnv())
                + (settings.asMap().isEmpty() ? "" : " " + settings.asMap()));
        try (RunningTarget target = system.start(options, settings, docker)) {
            Cluster cluster = target.cluster();
            model = target.model();
            clusterDescription = cluster.describe();
            timings.put("clusterStartMs", msSince(phase));
            progress("cluster: " + clusterDescription);
            ClusterControl control = new ClusterControl(cluster, docker);
            phase = System.nanoTime();
            problems.addAll(Healer.healAll(control)); // a borrowed cluster may carry faults of an aborted run
            Optional<String> ready = target.awaitReady(FIRST_LEADER_TIMEOUT);
            timings.put("firstLeaderMs", msSince(phase));
            if (ready.isEmpty()) {
                collectLogs(control, logs);
                problems.add("not ready within " + FIRST_LEADER_TIMEOUT.toSeconds() + " s of start: " + target.status());
                progress(problems.get(problems.size() - 1));
                return writeReport(dir, base, runId, clusterDescription, new Recorder(), 0, null, "cluster never had a leader",
                        finalReads, logs, problems, timings, null);
            }
            progress("ready (" + ready.get() + ") after " + timings.get("firstLeaderMs") + " ms");

            phase = System.nanoTime();
            recorder = new Recorder(); // history time 0 = the workload's start
            workloadEndNs = recorder.nowNs() + Duration.ofSeconds(options.timeLimitS()).toNanos();
            NodeSampler sampler = target.adminProbe() == null ? null : new NodeSampler(target.adminProbe(),
                    cluster.nodes().stream().map(ClusterNode::id).toList(), recorder, workloadEndNs);
            runWorkloadAndNemesis(target, control, recorder, workloadEndNs, runId, problems, sampler);
            if (sampler != null) nodeSamples = sampler.samples();
            timings.put("workloadMs", msSince(phase));

            phase = System.nanoTime();
            List<String> healProblems = Healer.healAll(control);
            recorder.nemesis("heal-all", healProblems.isEmpty() ? "ok" : String.join("; ", healProblems));
            problems.addAll(healProblems);
            Optional<String> healed = target.awaitReady(HEALED_LEADER_TIMEOUT);
            healedReady = healed.isPresent();
            timings.put("healMs", msSince(phase));
            progress("healed; " + healed.orElse("not ready within " + HEALED_LEADER_TIMEOUT.toSeconds() + " s"));
            if (healed.isEmpty()) {
                problems.add("not ready within " + HEALED_LEADER_TIMEOUT.toSeconds() + " s after the heal: "
                        + target.status());
            }

            phase = System.nanoTime();
            SortedSet<Long> keys = keysOf(recorder.events());
            boolean finalReadOk = false;
            if (total.isPresent()) {
                finalReadOk = total.get().finalRead(target, new KeySpace("chaos-" + runId), recorder);
                if (finalReadOk) finalReads.put(0L, "the whole " + options.workload());
            } else {
                List<RegisterClient> readers = new ArrayList<>();
                try {
                    for (int i = 0; i < cluster.size(); i++) readers.add(target.finalReader(i));
                    finalReads.putAll(FinalReads.run(keys, new KeySpace("chaos-" + runId), readers, recorder));
                } finally {
                    readers.forEach(RegisterClient::close);
                }
            }
            timings.put("finalReadsMs", msSince(phase));
            progress(total.isPresent() ? "final read of the " + options.workload() + ": " + (finalReadOk ? "ok" : "failed")
                    : "final reads: " + finalReads.size() + " of " + keys.size() + " keys");
            collectLogs(control, logs);
        }
        phase = System.nanoTime();
        progress("checking " + (total.isPresent() ? "the " + options.workload() : "linearizability") + " of " + recorder.clientHistory().size()
                + " events ...");
        Verdict verdict = null;
        String checkError = null;
        History history = recorder.clientHistory();
        TotalFinding found = null;
        try {
            if (total.isPresent() && !healedReady) {
                // Without an agreed primary after the heal the final read may have come from a replica still
                // resynchronising: elements missing from it would be reported lost when they were not.
                checkError = "the cluster was not ready after the heal, so the final read of the " + options.workload()
                        + " proves nothing";
            } else if (total.isPresent() && finalReads.isEmpty()) {
                checkError = "the final read of the " + options.workload() + " after the heal did not succeed: "
                        + lastFinalReadError(recorder.events());
            } else if (total.isPresent()) {
                found = total.get().check(history);
            } else {
                verdict = Linearizability.check(history, model, CheckOptions.defaults()
                        .withIndependent(true)
                        .withParallelism(2)
                        .withDeadlineNs(System.nanoTime() + CHECK_TIMEOUT.toNanos()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            checkError = e.toString();
        }
        timings.put("checkMs", msSince(phase));
        return writeReport(dir, base, runId, clusterDescription, recorder, workloadEndNs, verdict, checkError, finalReads,
                logs, problems, timings, found);
    }

    private void runWorkloadAndNemesis(RunningTarget target, ClusterControl control, Recorder recorder, long endNs,
                                       String runId, List<String> problems, NodeSampler sampler)
            throws InterruptedException {
        WorkloadSpec spec = new WorkloadSpec(options.concurrency(), options.ratePerSec(), options.clientsPerKey(),
                options.opsPerKey(), 1_000, 2_500, options.seed());
        NemesisRunner nemesis = new NemesisRunner(nemeses,
                new NemesisContext(control, target::primary, target.adminProbe(), options.seed() ^ 0x5DEECE66DL),
                recorder, new NemesisSchedule((long) (options.quietS() * 1000), (long) (options.faultS() * 1000)),
                endNs, this::progress);
        KeySpace keySpace = new KeySpace("chaos-" + runId);
        ClientLoad workload;
        try {
            workload = total.isPresent()
                    ? total.get().load(target, spec, keySpace, recorder, endNs)
                    : new Workload(spec, target::client, target.cluster().size(), keySpace, recorder, endNs, runId);
        } catch (RuntimeException e) {
            // No client could start (the bank's accounts could not be made, a client library refused): the run
            // reports it and goes on to the heal and the final reads, which then say what there is to say.
            problems.add("the clients could not start: " + e.getMessage());
            progress(problems.get(problems.size() - 1));
            return;
        }
        Thread nemesisThread = new Thread(nemesis, "nemesis");
        nemesisThread.setDaemon(true);
        progress("workload: " + spec.concurrency() + " clients, " + spec.ratePerSec() + " ops/s, nemesis "
                + options.nemeses() + " for " + options.timeLimitS() + " s");
        workload.start();
        nemesisThread.start();
        Thread samplerThread = null;
        if (sampler != null) {
            samplerThread = new Thread(sampler, "node-sampler");
            samplerThread.setDaemon(true);
            samplerThread.start();
        }
        while (recorder.nowNs() < endNs) {
            Thread.sleep(Math.max(1, Math.min(PROGRESS_EVERY_MS, (endNs - recorder.nowNs()) / 1_000_000)));
            Map<OpType, Long> c = recorder.completionCounts();
            progress(String.format(Locale.ROOT, "ops ok %d, fail %d, info %d | fault: %s",
                    c.getOrDefault(OpType.OK, 0L), c.getOrDefault(OpType.FAIL, 0L), c.getOrDefault(OpType.INFO, 0L),
                    nemesis.current()));
        }
        workload.awaitEnd(0);
        if (sampler != null) {
            sampler.stop();
            samplerThread.join(5_000);
        }
        nemesisThread.join(60_000);
        if (nemesisThread.isAlive()) {
            nemesisThread.interrupt();
            nemesisThread.join(30_000);
            problems.add("the nemesis did not finish its last fault in time");
        }
        problems.addAll(nemesis.errors());
    }

    private Summary writeReport(Path dir, Path base, String runId, String clusterDescription, Recorder recorder,
                                long workloadEndNs, Verdict verdict, String checkError, Map<Long, Object> finalReads,
                                Map<String, String> logs, List<String> problems, Map<String, Long> timings,
                                TotalFinding found) throws IOException {
        List<Event> events = recorder.events();
        RunFindings findings = new RunFindings(runId, clusterDescription, options.describe(), events,
                recorder.clientHistory(), workloadEndNs, verdict, checkError,
                total.isPresent() ? List.of() : LostWriteCheck.check(events, finalReads), finalReads,
                total.isPresent() ? List.of(0L) : new ArrayList<>(keysOf(events)), logs, LogScan.scan(logs),
                List.copyOf(problems), timings, found, nodeSamples);
        timings.put("totalMs", msSince(startNs));
        Map<String, Object> results = RunReport.write(dir, findings);
        RunReport.linkLatest(base, dir);
        progress("valid: " + findings.valid() + " — " + findings.reason());
        progress("report: " + dir + "/index.html (also " + base.resolve("latest") + ")");
        return new Summary(dir, findings.valid(), findings.reason(), findings.exitCode(), results);
    }

    private static void collectLogs(ClusterControl control, Map<String, String> logs) {
        for (int i = 0; i < control.cluster().size(); i++) {
            try {
                // Some systems colour their console log (RabbitMQ); the report shows text.
                logs.put("node-" + i, control.logs(i).replaceAll("\u001B\\[[0-9;]*m", ""));
            } catch (RuntimeException e) {
                logs.put("node-" + i, "could not read the log: " + e);
            }
        }
    }

    /** Why the last final read (a process from {@link FinalReads#PROCESS_BASE}) did not succeed. */
    private static String lastFinalReadError(List<Event> events) {
        String error = "no final read was made";
        for (Event e : events) {
            if (e instanceof Event.Client c && c.process() >= FinalReads.PROCESS_BASE && c.type() != OpType.INVOKE
                    && c.error() != null) {
                error = c.error();
            }
        }
        return error;
    }

    private static SortedSet<Long> keysOf(List<Event> events) {
        SortedSet<Long> keys = new TreeSet<>();
        for (Event e : events) {
            if (e instanceof Event.Client c && c.value() instanceof List<?> l && l.get(0) instanceof Long k) {
                keys.add(k);
            }
        }
        return keys;
    }

    private void progress(String line) {
        out.printf(Locale.ROOT, "[chaos %6.1fs] %s%n", (System.nanoTime() - startNs) / 1e9, line);
        out.flush();
    }

    private static long msSince(long startNs) {
        return (System.nanoTime() - startNs) / 1_000_000;
    }
}
