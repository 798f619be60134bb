package multidriver.chaos.maelstrom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import multidriver.chaos.client.Event;
import multidriver.chaos.client.Recorder;
import multidriver.chaos.report.LogScan;
import multidriver.chaos.report.LostWriteCheck;
import multidriver.chaos.report.RunFindings;
import multidriver.chaos.report.RunReport;
import multidriver.check.history.History;
import multidriver.check.history.OpType;
import multidriver.check.model.Models;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Verdict;

/**
 * One run of a system under test that speaks Maelstrom's protocol: start the processes and {@code init} them, run the
 * {@code lin-kv} clients and the nemesis for the time limit, heal everything, read every key, stop every process,
 * then check the history (a cas-register per key, from nil, as lin-kv defines it) and write the same report as a
 * chaos run. Every process is killed at the end, whatever happened, and a run never outlasts its bounds.
 */
public final class MaelstromRun {
    private static final long INIT_TIMEOUT_MS = 10_000;
    private static final long SETTLE_MS = 1_000;
    private static final int FINAL_READ_ATTEMPTS = 10;
    private static final long CHECK_TIMEOUT_S = 60;

    private final MaelstromOptions options;
    private final PrintStream progress;
    private final long startNs = System.nanoTime();

    public MaelstromRun(MaelstromOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** What a run found: its report directory, results and exit code (0 valid, 1 invalid, 2 unknown). */
    public record Summary(Path dir, Object valid, String reason, int exitCode, Map<String, Object> results) {
    }

    public Summary run() throws IOException, InterruptedException {
        Path dir = RunReport.createRunDir(options.out());
        String runId = dir.getFileName().toString();
        Path work = Files.createDirectories(dir.resolve("work"));
        for (int i = 0; i < options.nodes(); i++) Files.createDirectories(work.resolve("n" + i));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) ids.add("n" + i);
        Set<String> initialised = ConcurrentHashMap.newKeySet();
        Recorder recorder = new Recorder();
        List<String> problems = new ArrayList<>();
        Map<String, Long> timings = new LinkedHashMap<>();
        AtomicLong msgIds = new AtomicLong();
        NodeProcess[] nodes = new NodeProcess[options.nodes()];
        try (MaelstromNetwork network = new MaelstromNetwork(ids, options.latencyMs(), options.seed(),
                initialised::add)) {
            for (int i = 0; i < nodes.length; i++) {
                int index = i;
                nodes[i] = new NodeProcess(ids.get(i), options.command(), options.memoryLimitBytes(),
                        work.resolve(ids.get(i)),
                        line -> network.onNodeLine(index, line));
                network.attach(i, nodes[i]);
            }
            Thread reaper = new Thread(() -> killAll(nodes), "maelstrom-reaper");
            Runtime.getRuntime().addShutdownHook(reaper); // an interrupted driver leaves no process behind
            try {
                progress("starting " + nodes.length + " processes: " + String.join(" ", options.command()));
                for (int i = 0; i < nodes.length; i++) startAndInit(nodes[i], i, ids, network, initialised, msgIds,
                        problems);
                if (initialised.size() < nodes.length) {
                    progress("WARNING: only " + initialised.size() + " of " + nodes.length + " nodes answered init_ok");
                }
                long phase = System.nanoTime();
                long endNs = recorder.nowNs() + options.timeLimitS() * 1_000_000_000L;
                List<LinKvClient> clients = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < options.concurrency(); c++) {
                    LinKvClient client = new LinKvClient(c, options.concurrency(), network, nodes.length,
                            options.keys(), options.ratePerSec(), options.timeoutMs(), recorder, endNs,
                            options.seed() * 31 + c, msgIds);
                    clients.add(client);
                    Thread t = new Thread(client, "maelstrom-" + client.id());
                    t.setDaemon(true);
                    threads.add(t);
                }
                MaelstromNemesis nemesis = new MaelstromNemesis(options.nemeses(), new MaelstromNemesis.Cluster() {
                    public int size() {
                        return nodes.length;
                    }

                    public NodeProcess node(int index) {
                        return nodes[index];
                    }

                    public void restart(int index) {
                        startAndInit(nodes[index], index, ids, network, initialised, msgIds, problems);
                    }

                    public MaelstromNetwork network() {
                        return network;
                    }
                }, recorder, endNs, 2_000, 3_000, options.seed() ^ 0x5DEECE66DL);
                Thread nemesisThread = new Thread(nemesis, "maelstrom-nemesis");
                nemesisThread.setDaemon(true);
                progress("workload lin-kv: " + options.concurrency() + " clients, " + options.ratePerSec()
                        + " ops/s on " + options.keys() + " keys, nemesis "
                        + (options.nemeses().isEmpty() ? "none" : String.join(",", options.nemeses())) + " for "
                        + options.timeLimitS() + " s");
                long workloadStartNs = recorder.nowNs();
                threads.forEach(Thread::start);
                nemesisThread.start();
                while (recorder.nowNs() < endNs) {
                    Thread.sleep(Math.max(1, Math.min(5_000, (endNs - recorder.nowNs()) / 1_000_000)));
                    Map<OpType, Long> c = recorder.completionCounts();
                    progress(String.format(java.util.Locale.ROOT, "ops ok %d, fail %d, info %d",
                            c.getOrDefault(OpType.OK, 0L), c.getOrDefault(OpType.FAIL, 0L),
                            c.getOrDefault(OpType.INFO, 0L)));
                }
                for (Thread t : threads) t.join(options.timeoutMs() + 5_000);
                nemesisThread.join(10_000);
                problems.addAll(nemesis.errors());
                long workloadEndNs = recorder.nowNs();
                timings.put("workloadMs", msSince(phase));
                Map<OpType, Long> done = recorder.completionCounts();
                // Over the clients' own window (start to their deadline), not the joins that follow it.
                double windowS = Math.max(1, endNs - workloadStartNs) / 1e9;
                progress(String.format(java.util.Locale.ROOT, "throughput over the %.1f s workload: %.1f ok ops/s"
                        + " (ok %d, fail %d, info %d)", windowS, done.getOrDefault(OpType.OK, 0L) / windowS,
                        done.getOrDefault(OpType.OK, 0L), done.getOrDefault(OpType.FAIL, 0L),
                        done.getOrDefault(OpType.INFO, 0L)));
                heal(nodes, network, ids, initialised, msgIds, problems);
                Thread.sleep(SETTLE_MS);
                Map<Long, Object> finalReads = finalReads(clients.get(0), recorder, nodes.length);
                killAll(nodes);
                Map<String, String> logs = new TreeMap<>();
                for (NodeProcess n : nodes) logs.put(n.id(), n.log());
                logs.put("network", network.counters().toString() + "\n");
                progress(network.overheadLine());
                return check(dir, runId, recorder, workloadEndNs, finalReads, logs, problems, timings);
            } finally {
                killAll(nodes);
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    private void startAndInit(NodeProcess node, int index, List<String> ids, MaelstromNetwork network,
                              Set<String> initialised, AtomicLong msgIds, List<String> problems) {
        try {
            if (node.isAlive()) node.kill();
            initialised.remove(node.id());
            node.start();
            ObjectNode body = MaelstromNetwork.JSON.createObjectNode();
            body.put("type", "init").put("msg_id", msgIds.incrementAndGet()).put("node_id", node.id());
            body.putArray("node_ids").addAll(ids.stream().map(MaelstromNetwork.JSON.getNodeFactory()::textNode)
                    .toList());
            ObjectNode m = MaelstromNetwork.JSON.createObjectNode();
            m.put("src", "c0").put("dest", node.id()).set("body", body);
            node.send(m.toString());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INIT_TIMEOUT_MS);
            while (!initialised.contains(node.id()) && System.nanoTime() < deadline && node.isAlive()) {
                Thread.sleep(5);
            }
            if (!initialised.contains(node.id())) {
                synchronized (problems) {
                    problems.add(node.id() + " did not answer init within " + INIT_TIMEOUT_MS + " ms"
                            + (node.isAlive() ? "" : " (it exited)"));
                }
            }
        } catch (IOException e) {
            synchronized (problems) {
                problems.add("could not start " + node.id() + ": " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything back: links healed, paused nodes resumed, dead ones restarted (empty). */
    private void heal(NodeProcess[] nodes, MaelstromNetwork network, List<String> ids, Set<String> initialised,
                      AtomicLong msgIds, List<String> problems) throws IOException, InterruptedException {
        network.heal();
        for (int i = 0; i < nodes.length; i++) {
            if (!nodes[i].isAlive()) {
                startAndInit(nodes[i], i, ids, network, initialised, msgIds, problems);
            } else {
                nodes[i].resume();
            }
        }
    }

    /** Reads every key the history wrote, from each node in turn until one answers. */
    private Map<Long, Object> finalReads(LinKvClient reader, Recorder recorder, int nodes) {
        SortedSet<Long> keys = keys(recorder.events(), false);
        Map<Long, Object> reads = new TreeMap<>();
        long process = multidriver.chaos.client.FinalReads.PROCESS_BASE;
        for (long key : keys) {
            for (int attempt = 0; attempt < FINAL_READ_ATTEMPTS; attempt++) {
                LinKvClient.Result r = reader.finalRead(process, key, attempt % nodes);
                if (r.type() == OpType.INFO) process++;
                if (r.type() == OpType.OK) {
                    reads.put(key, r.value());
                    break;
                }
            }
        }
        return reads;
    }

    private Summary check(Path dir, String runId, Recorder recorder, long workloadEndNs, Map<Long, Object> finalReads,
                          Map<String, String> logs, List<String> problems, Map<String, Long> timings)
            throws IOException {
        long phase = System.nanoTime();
        History history = recorder.clientHistory();
        progress("checking linearizability of " + history.size() + " events ...");
        Verdict verdict = null;
        String checkError = null;
        try {
            // Strict nil: a read of nil asserts the key was never written (Knossos's default would let it match any
            // state, and a node that forgot its data would pass).
            verdict = Linearizability.check(history, Models.casRegister(null, false), CheckOptions.defaults()
                    .withIndependent(true).withParallelism(2)
                    .withDeadlineNs(System.nanoTime() + TimeUnit.SECONDS.toNanos(CHECK_TIMEOUT_S)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            checkError = e.toString();
        }
        timings.put("checkMs", msSince(phase));
        List<Event> events = recorder.events();
        List<Object> keysWritten = new ArrayList<>(keys(events, true));
        RunFindings findings = new RunFindings(runId, "maelstrom lin-kv: " + options.nodes() + " processes of "
                + String.join(" ", options.command()), options.describe(), events, history, workloadEndNs, verdict,
                checkError, LostWriteCheck.check(events, finalReads), finalReads, keysWritten, logs,
                LogScan.scan(logs), List.copyOf(problems), timings);
        timings.put("totalMs", msSince(startNs));
        Map<String, Object> results = RunReport.write(dir, findings);
        RunReport.linkLatest(options.out(), dir);
        for (String problem : problems) progress("problem: " + problem);
        progress("valid: " + findings.valid() + " — " + findings.reason());
        progress("report: " + dir + "/index.html (also " + options.out().resolve("latest") + ")");
        return new Summary(dir, findings.valid(), findings.reason(), findings.exitCode(), results);
    }

    /** The keys the history touches (with {@code writtenOnly}: those a write or cas was invoked on). */
    private static SortedSet<Long> keys(List<Event> events, boolean writtenOnly) {
        SortedSet<Long> keys = new TreeSet<>();
        for (Event e : events) {
            if (e instanceof Event.Client c && c.value() instanceof List<?> l && l.get(0) instanceof Long k
                    && (!writtenOnly || (c.type() == OpType.INVOKE && !c.f().equals("read")))) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void killAll(NodeProcess[] nodes) {
        for (NodeProcess n : nodes) {
            if (n != null) n.kill();
        }
    }

    private long msSince(long ns) {
        return (System.nanoTime() - ns) / 1_000_000;
    }

    private void progress(String line) {
        progress.printf(java.util.Locale.ROOT, "[maelstrom %6.1fs] %s%n", (System.nanoTime() - startNs) / 1e9, line);
    }
}
