package multidriver.cli.cluster;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: durable writes against a fresh 3-node local cluster (scripts/bench.sh). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a fresh 3-node cluster on loopback (nodes start, data under store/bench/<time>/),"
                + " finds the leader, warms the JVMs up, then runs a closed-loop write load against the leader once"
                + " per connection count: every request is PUT /kv/bench-<n> with a 256-byte body over 100,000 keys,"
                + " acknowledged only after a quorum fsynced it. Prints writes/s and p50/p90/p99/max latency per"
                + " concurrency, writes store/bench/<time>/results.txt and stops the cluster. The load is wrk's where it"
                + " is installed (as the etcd reference was measured; it leaves the nodes more of the shared CPU), else"
                + " this JVM's HTTP client, so it needs nothing but Java.", "",
                "Uses HTTP ports 18081-18083 and Raft ports 18001-18003 (override with HTTP_PORT_BASE /"
                + " RAFT_PORT_BASE), so it does not disturb a Docker or local cluster on the guide's ports.", ""},
        footer = {"", "Exit codes: 0 done, 2 error."})
public final class BenchCommand extends Tool {
    @Option(names = "--connections", paramLabel = "LIST", defaultValue = "64 256 1024",
            description = "connection counts, separated by spaces or commas (default \"${DEFAULT-VALUE}\")")
    String connections;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10", description = "seconds per measured run"
            + " (default ${DEFAULT-VALUE})")
    int durationS;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "30", description = "seconds of warm-up at 64"
            + " connections, not reported (default ${DEFAULT-VALUE}: the JIT needs it on a busy 2-core machine)")
    int warmupS;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", description = "the load's HTTP client threads"
            + " (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--keep", description = "keep the cluster's data directory afterwards")
    boolean keep;

    @Option(names = "--client", paramLabel = "auto|wrk|java", defaultValue = "auto", description = "the load's client:"
            + " wrk, this JVM's HTTP client, or auto (wrk when installed; default)")
    String client;

    @Override
    protected int run() throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (String c : connections.trim().split("[\\s,]+")) {
            try {
                counts.add(Integer.parseInt(c));
            } catch (NumberFormatException e) {
                throw new ClusterException("--connections takes whole numbers, got '" + c + "'");
            }
        }
        for (int c : counts) if (c < 1 || c > 10_000) throw new ClusterException("--connections must be 1..10000, got " + c);
        if (durationS < 1 || durationS > 3_600) throw new ClusterException("--duration must be 1..3600 s, got " + durationS);
        if (warmupS < 0 || warmupS > 3_600) throw new ClusterException("--warmup must be 0..3600 s, got " + warmupS);
        if (threads < 1 || threads > 64) throw new ClusterException("--threads must be 1..64, got " + threads);
        if (!List.of("auto", "wrk", "java").contains(client)) {
            throw new ClusterException("--client must be auto, wrk or java, got '" + client + "'");
        }
        boolean wrk = client.equals("wrk") || (client.equals("auto") && WrkLoad.available());
        if (client.equals("wrk") && !WrkLoad.available()) {
            throw new ClusterException("wrk not found: install it (Debian: apt-get install -y wrk) or use --client java;"
                    + " nothing was started");
        }
        Path repo = RepoRoot.find();
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        Path store = repo.resolve("store/bench/" + stamp);
        LocalNodes local = LocalNodes.at(store, 18001, 18081);
        NodesStart starter = new NodesStart();
        starter.nodes = 3;
        starter.waitS = 60;
        NodesStop stopper = new NodesStop();
        stopper.out = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (PrintStream startLog = new PrintStream(Files.newOutputStream(Files.createDirectories(store)
                .resolve("start.txt")), true, StandardCharsets.UTF_8)) {
            starter.out = startLog;
            starter.err = startLog;
            // etcd's default timing (heartbeat 100 ms, election timeout 1 s), as in the reference run, unless set;
            // roomy heaps with a small young generation, so GC pauses stay short.
            Map<String, String> timing = Map.of("ELECTION_TIMEOUT_MS", env("ELECTION_TIMEOUT_MS", "1000-2000"),
                    "HEARTBEAT_MS", env("HEARTBEAT_MS", "100"));
            int leader = starter.startLocal(repo, local, env("JAVA_OPTS", "-Xms1g -Xmx1g -XX:+UseParallelGC -Xmn64m"),
                    timing);
            String token = Credentials.readToken(null, store.resolve("admin.token"));
            java.net.URI url = ClusterApi.node(local.httpPortBase() + leader);
            try (WriteLoad load = wrk ? new WrkLoad(url, token, repo.resolve("scripts/lib/bench_put.lua"), threads)
                    : new PutLoad(url, token, 100_000, 256, threads)) {
                out.println("3-node cluster up, leader node-" + leader + " at " + url + "; "
                        + Runtime.getRuntime().availableProcessors() + " CPUs shared by the nodes and the load ("
                        + load.name() + ")");
                measure(load, counts, local, leader, token, store);
            }
            return 0;
        } finally {
            stopper.stopAll(local);
            if (!keep) {
                for (int i = 0; i < 3; i++) if (Files.exists(local.dataDir(i))) NodesStop.deleteTree(local.dataDir(i));
            }
        }
    }

    private void measure(WriteLoad load, List<Integer> counts, LocalNodes local, int leader, String token, Path store)
            throws Exception {
        if (warmupS > 0) {
            out.println("warm-up: " + warmupS + "s at 64 connections (JIT) ...");
            load.run(64, warmupS * 1_000L);
        }
        ClusterApi api = new ClusterApi(token, store.resolve("no-ca"), java.time.Duration.ofSeconds(2));
        long termBefore = api.status(local.httpPortBase() + leader).map(NodeStatus::term).orElse(-1L);
        StringBuilder results = new StringBuilder(String.format("%-12s %10s %9s %9s %9s %9s %8s%n", "connections",
                "writes/s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors"));
        out.print(results);
        for (int c : counts) {
            WriteLoad.Result r = load.run(c, durationS * 1_000L);
            String line = String.format(java.util.Locale.ROOT, "%-12d %10.0f %9.1f %9.1f %9.1f %9.1f %8d%n", c,
                    r.writesPerSec(), r.p50Us() / 1e3, r.p90Us() / 1e3, r.p99Us() / 1e3, r.maxUs() / 1e3,
                    r.non2xx() + r.errors());
            out.print(line);
            results.append(line);
        }
        var after = api.status(local.httpPortBase() + leader);
        if (after.isEmpty() || after.get().term() != termBefore || !after.get().isLeader()) {
            String note = "NOTE: leadership changed during the runs (term " + termBefore + " -> "
                    + after.map(NodeStatus::term).orElse(-1L) + ", node-" + leader + " is now "
                    + after.map(NodeStatus::role).orElse("DOWN") + "); requests to a follower were forwarded\n";
            out.print(note);
            results.append(note);
        }
        String reference = "\nreference, same machine, wrk as the client: etcd 3.4.23, 3 members on loopback, through"
                + " the JSON gateway\n  64 connections: 6,938 writes/s (p50 8.5 ms, p99 22 ms)\n  256 connections:"
                + " 9,829 writes/s (p99 55 ms)\n  1,024 connections: 10,109 writes/s (p99 162 ms)\n";
        out.print(reference);
        results.append(reference);
        Files.writeString(store.resolve("results.txt"), results, StandardCharsets.UTF_8);
        out.println("results: " + store.resolve("results.txt"));
    }

    /** An environment setting, or {@code fallback} when it is unset or blank. */
    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
