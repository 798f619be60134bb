package multidriver.chaos.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import multidriver.chaos.run.ChaosRun;
import multidriver.chaos.run.RunOptions;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.target.Targets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/chaos.sh}: one chaos run against a Docker cluster. Exit 0 valid, 1 invalid, 2 unknown or error. */
@Command(name = "chaos.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        versionProvider = multidriver.check.cli.CliSupport.class,
        description = {
            "Runs concurrent clients against a Docker cluster (multi-driver nodes, or another system: --target) while "
                + "nemeses inject faults, heals everything, reads every key, then checks the history for "
                + "linearizability (per key) and lost acknowledged writes.",
            "Report: store/chaos/<timestamp>/ (index.html, results.json, history.edn, history.jsonl, timeline.html, "
                + "latency.svg, throughput.svg, logs/), linked as store/chaos/latest.",
            "Exit codes: 0 valid, 1 invalid, 2 unknown or error.", ""},
        footer = {"", "Nemeses: kill, pause, partition (a random shape each time), partition-isolate-one, "
                + "partition-isolate-leader, partition-isolate-primary (alias isolate-primary: the primary with a minority), "
                + "partition-halves, partition-majorities-ring, partition-bridge, partition-one-way, disconnect, "
                + "restart, transfer and membership (multidriver only), all, none.",
            "Example: scripts/chaos.sh --nemesis partition --node-env UNSAFE_STALE_READS=true   (must end invalid)",
            "Example: scripts/chaos.sh --target etcd --target-opt reads=serializable --nemesis partition",
            "Example: scripts/chaos.sh --target redis --nemesis isolate-primary   (Redis Sentinel loses acknowledged writes)"})
public final class ChaosMain implements Callable<Integer> {
    @Option(names = "--nodes", description = "cluster size (default ${DEFAULT-VALUE})", defaultValue = "5")
    int nodes;

    @Option(names = "--time-limit", paramLabel = "S", description = "seconds of workload and faults (default ${DEFAULT-VALUE})",
            defaultValue = "60")
    int timeLimitS;

    @Option(names = "--nemesis", paramLabel = "LIST", description = "comma-separated nemeses (default ${DEFAULT-VALUE})",
            defaultValue = "kill,pause,partition")
    String nemesis;

    @Option(names = "--rate", paramLabel = "R", description = "client ops per second over all clients (default ${DEFAULT-VALUE})",
            defaultValue = "40")
    double rate;

    @Option(names = "--concurrency", paramLabel = "C", description = "client threads (default: 2 per node)")
    Integer concurrency;

    @Option(names = "--target", paramLabel = "T", description = "the system under test: multidriver, etcd or redis"
            + " (--list-targets) (default ${DEFAULT-VALUE}); testcontainers and compose are still accepted here and"
            + " mean --target multidriver --cluster T", defaultValue = "multidriver")
    String target;

    @Option(names = "--target-opt", paramLabel = "K=V", description = "a setting of the target (repeatable), e.g."
            + " reads=serializable for etcd; --list-targets names them")
    Map<String, String> targetOptions = new LinkedHashMap<>();

    @Option(names = "--workload", paramLabel = "W", description = "register (read / write / cas per key, checked for"
            + " linearizability and lost writes), set (unique adds to one set and a final read: lost and unexpected"
            + " elements; redis), queue (confirmed enqueues, acknowledged dequeues and a drain: lost, duplicated and"
            + " unexpected messages; rabbitmq), bank (transfers and reads of every balance: wrong totals, negative"
            + " balances, lost commits; postgres) or files (uploads and downloads of whole files: every acknowledged"
            + " upload byte for byte after the heal; multidriver); --list-targets says which target has which"
            + " (default ${DEFAULT-VALUE})", defaultValue = "register")
    String workload;

    @Option(names = "--list-targets", description = "print the targets and their --target-opt settings, then exit")
    boolean listTargets;

    @Option(names = "--cluster", paramLabel = "C", description = "testcontainers (a fresh cluster of the"
            + " target) or compose (borrow the running scripts/start_docker_cluster.sh cluster; for postgres, redis"
            + " and rabbitmq its --with-services container, with --nodes 1) (default ${DEFAULT-VALUE})",
            defaultValue = "testcontainers")
    String cluster;

    @Option(names = "--node-env", paramLabel = "K=V", description = "extra environment for every node (repeatable; testcontainers only)")
    Map<String, String> nodeEnv = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "report base directory (default: store/chaos); the run "
            + "goes to DIR/<timestamp>, DIR/latest links to it")
    Path out;

    @Option(names = "--seed", description = "seed of the op mix and the nemesis choices (default: time-based)")
    Long seed;

    @Option(names = "--quiet", paramLabel = "S", description = "seconds without a fault before each fault (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    double quietS;

    @Option(names = "--fault-duration", paramLabel = "S", description = "seconds each fault lasts (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    double faultS;

    @Option(names = "--ops-per-key", paramLabel = "N", description = "ops on one key before its clients move to a new key "
            + "(default ${DEFAULT-VALUE})", defaultValue = "60")
    int opsPerKey;

    @Option(names = "--clients-per-key", paramLabel = "N", description = "clients sharing one key (default: min(concurrency, 5))")
    Integer clientsPerKey;

    @Option(names = "--through-proxy", description = "with --cluster compose: clients send every request to the reverse"
            + " proxy (https://127.0.0.1:8443, trusting secrets/tls/ca.crt) instead of to the nodes' own ports")
    boolean throughProxy;

    @Override
    public Integer call() throws Exception {
        if (listTargets) {
            System.out.print(Targets.describe());
            return 0;
        }
        String system = target;
        String source = cluster;
        if (target.equals("testcontainers") || target.equals("compose")) {
            // Before other systems were targets, --target said where the multi-driver cluster came from.
            system = "multidriver";
            source = target;
        }
        int c = concurrency != null ? concurrency : 2 * nodes;
        RunOptions options = new RunOptions(nodes, timeLimitS, nemesis, rate, c, ClusterSource.parse(source), nodeEnv,
                out, seed != null ? seed : System.currentTimeMillis(), quietS, faultS, opsPerKey,
                clientsPerKey != null ? clientsPerKey : Math.min(c, 5), throughProxy, system, targetOptions, workload);
        // ChaosRun checks the target, its settings, the nemeses and the workload before anything starts.
        return new ChaosRun(options, System.out).execute().exitCode();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (bad arguments: picocli's usage code 2; errors: 2). */
    public static int run(String... args) {
        return multidriver.check.cli.CliSupport.execute(new ChaosMain(), "chaos", args);
    }
}
