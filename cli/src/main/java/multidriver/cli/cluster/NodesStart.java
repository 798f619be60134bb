package multidriver.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nodes start}: the guide's local mode (start_nodes.ps1), N node JVMs on loopback, no Docker. */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts N node JVMs (default 3) on 127.0.0.1: node i listens for Raft RPC on 29001+i and for"
                + " HTTP on 9081+i, keeps its write-ahead log in store/local/node-i/, logs to store/local/node-i.log and"
                + " writes its pid to store/local/node-i.pid. Then waits until exactly one node is LEADER and every"
                + " node names it, and prints a table of /status.", "",
                "STORE_DIR overrides store/local; RAFT_PORT_BASE / HTTP_PORT_BASE override 29001 / 9081. Environment"
                + " passed to the nodes: ELECTION_TIMEOUT_MS, HEARTBEAT_MS, TICK_MS, REQUEST_TIMEOUT_MS,"
                + " UNSAFE_STALE_READS, and JAVA_OPTS for their JVMs (default \"-Xmx512m -XX:+UseParallelGC -Xmn64m\").",
                "The cluster's admin token is written on first start to store/local/admin.token.", ""},
        footer = {"", "Exit codes: 0 ok (one leader), 2 error or no leader in time."})
final class NodesStart extends Tool {
    static final String DEFAULT_JAVA_OPTS = "-Xmx512m -XX:+UseParallelGC -Xmn64m";

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "cluster size (default ${DEFAULT-VALUE}; 1..9)")
    int nodes;

    @Option(names = "--build", description = "rebuild the node jar first (it is built anyway when missing)")
    boolean build;

    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "30",
            description = "how long to wait for a leader (default ${DEFAULT-VALUE})")
    int waitS;

    @Option(names = {"--node", "--start-node"}, paramLabel = "I", description = "(re)start only node I of an N-node"
            + " cluster, e.g. after it was killed")
    Integer only;

    @Override
    protected int run() throws Exception {
        if (nodes < 1 || nodes > 9) throw new ClusterException("--nodes must be 1..9, got " + nodes);
        if (waitS < 0) throw new ClusterException("--wait-seconds must be a whole number, got " + waitS);
        if (only != null && (only < 0 || only >= nodes)) {
            throw new ClusterException("--node must be a node id below --nodes (" + nodes + "), got " + only);
        }
        Path repo = RepoRoot.find();
        startLocal(repo, LocalNodes.fromEnvironment(repo), null, Map.of());
        return 0;
    }

    /**
     * Starts the local cluster (or node {@code only}) and waits for its one agreed leader; that leader's id.
     *
     * @param javaOpts the nodes' JVM options, or null for JAVA_OPTS (else {@link #DEFAULT_JAVA_OPTS})
     * @param nodeEnv  settings for the nodes on top of this process's environment (bench: etcd's timing)
     */
    int startLocal(Path repo, LocalNodes local, String javaOpts, Map<String, String> nodeEnv) throws Exception {
        this.javaOpts = javaOpts;
        this.nodeEnv = Map.copyOf(nodeEnv);
        Path jar = repo.resolve("node/target/node-0.1.0-SNAPSHOT-all.jar");
        if (build || !Files.isRegularFile(jar)) {
            out.println("building " + jar + " ...");
            if (Processes.run(List.of(Processes.windowsAware("mvn"), "-B", "-q", "-Dstyle.color=never", "-pl", "node",
                    "-am", "package", "-DskipTests"), Map.of(), repo, out, err, 0) != 0) {
                throw new ClusterException("build failed");
            }
        }
        Files.createDirectories(local.store());
        // Raft frames are signed with a cluster secret and HTTP clients need a bearer token: a new local cluster gets
        // a random secret and an admin token (store/local/admin.token), readable by this user only.
        Credentials.ensure(local.store(), out);
        // This cluster's own admin token, whatever MULTIDRIVER_TOKEN says (that may be another cluster's).
        String token = Credentials.readToken(null, local.store().resolve("admin.token"));
        // Bootstrap only a brand-new cluster (no node has a WAL yet), decided once before any node starts; a node that
        // lost its data while the others kept theirs refuses to start as a fresh voter (node/README.md).
        boolean bootstrap = true;
        for (int i = 0; i < nodes; i++) if (Files.isDirectory(local.dataDir(i).resolve("wal"))) bootstrap = false;
        for (int i = 0; i < nodes; i++) {
            if (only == null || only == i) start(local, jar, i, bootstrap);
        }
        return awaitLeader(local, token);
    }

    private String javaOpts;
    private Map<String, String> nodeEnv = Map.of();

    private void start(LocalNodes local, Path jar, int i, boolean bootstrap) throws IOException, ClusterException {
        Optional<ProcessHandle> running = NodesStop.alive(local.pidFile(i));
        if (running.isPresent()) {
            // A process killed a moment ago may not be reaped yet: give it two seconds to be gone.
            try {
                running.get().onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still there: reported below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (NodesStop.alive(local.pidFile(i)).isPresent()) {
            throw new ClusterException("node-" + i + " already running (pid " + Files.readString(local.pidFile(i)).strip()
                    + "); use nodes stop first");
        }
        for (int port : new int[]{local.raftPortBase() + i, local.httpPortBase() + i}) {
            if (Docker.portInUse(port)) {
                throw new ClusterException("port " + port + " is already in use (the Docker cluster? cluster stop)");
            }
        }
        Files.createDirectories(local.dataDir(i));
        List<String> cmd = new ArrayList<>();
        // setsid where it exists: the node outlives this command and its terminal; the pid file is how stop finds it.
        if (Processes.succeeds(List.of("setsid", "--version"))) cmd.add("setsid");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = this.javaOpts != null && !this.javaOpts.isBlank() ? this.javaOpts : System.getenv("JAVA_OPTS");
        for (String o : (javaOpts == null || javaOpts.isBlank() ? DEFAULT_JAVA_OPTS : javaOpts).trim().split("\\s+")) {
            cmd.add(o);
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(local.log(i).toFile()));
        int nodes = this.nodes;
        Map<String, String> env = pb.environment();
        env.putAll(nodeEnv);
        env.put("NODE_ID", String.valueOf(i));
        env.put("PEERS", LocalNodes.addresses(local.raftPortBase(), nodes));
        env.put("HTTP_PEERS", LocalNodes.addresses(local.httpPortBase(), nodes));
        env.put("BIND_HOST", "127.0.0.1");
        env.put("RAFT_PORT", String.valueOf(local.raftPortBase() + i));
        env.put("HTTP_PORT", String.valueOf(local.httpPortBase() + i));
        env.put("DATA_DIR", local.dataDir(i).toString());
        env.putIfAbsent("CLUSTER_ID", "multi_driver_local");
        env.put("BOOTSTRAP", String.valueOf(bootstrap));
        env.put("CLUSTER_SECRET_FILE", local.store().resolve("cluster.secret").toString());
        env.put("TOKENS_FILE", local.store().resolve("api").resolve("tokens").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        Files.writeString(local.pidFile(i), p.pid() + "\n", StandardCharsets.UTF_8);
        out.println("started node-" + i + " (pid " + p.pid() + "): raft 127.0.0.1:" + (local.raftPortBase() + i)
                + ", http 127.0.0.1:" + (local.httpPortBase() + i) + ", log " + local.log(i));
    }

    private int awaitLeader(LocalNodes local, String token) throws Exception {
        ClusterApi api = new ClusterApi(token, local.store().resolve("no-ca"), java.time.Duration.ofSeconds(1));
        long deadlineNs = System.nanoTime() + waitS * 1_000_000_000L;
        while (true) {
            List<Integer> leaders = new ArrayList<>();
            List<NodeStatus> answers = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Optional<NodeStatus> s = api.status(local.httpPortBase() + i);
                if (s.isEmpty()) continue;
                answers.add(s.get());
                if (s.get().isLeader()) leaders.add(i);
            }
            int up = answers.size();
            if (up == nodes && leaders.size() == 1 && answers.stream().allMatch(a -> a.leader() == leaders.get(0))) {
                table(local, answers); // every node answered: node i's status is answers[i]
                out.println("leader: node-" + leaders.get(0));
                return leaders.get(0);
            }
            for (int i = 0; i < nodes; i++) {
                if (NodesStop.alive(local.pidFile(i)).isEmpty()) {
                    List<String> lines = Files.exists(local.log(i)) ? Files.readAllLines(local.log(i)) : List.of();
                    throw new ClusterException("node-" + i + " exited; last log lines:\n" + String.join("\n",
                            lines.subList(Math.max(0, lines.size() - 20), lines.size())));
                }
            }
            if (System.nanoTime() >= deadlineNs) {
                throw new ClusterException("no single agreed leader after " + waitS + "s (" + up + " of " + nodes
                        + " nodes answering)");
            }
            Thread.sleep(200);
        }
    }

    private void table(LocalNodes local, List<NodeStatus> statuses) {
        out.printf("%-6s %-9s %-6s %-7s %-12s %s%n", "NODE", "ROLE", "TERM", "LEADER", "COMMIT", "HTTP");
        for (int i = 0; i < statuses.size(); i++) {
            NodeStatus s = statuses.get(i);
            out.printf("%-6s %-9s %-6s %-7s %-12s %s%n", "node-" + i, s.role(), s.term(), s.leader(), s.commitIndex(),
                    "http://127.0.0.1:" + (local.httpPortBase() + i));
        }
    }
}
