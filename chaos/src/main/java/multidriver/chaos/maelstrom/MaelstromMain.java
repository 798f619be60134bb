package multidriver.chaos.maelstrom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/maelstrom.sh}: tests a node program in any language that speaks Maelstrom's protocol (JSON lines on
 * stdin/stdout), as local processes. Exit 0 valid, 1 invalid, 2 unknown or error.
 */
@Command(name = "maelstrom.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        versionProvider = multidriver.check.cli.CliSupport.class,
        description = {
            "Starts --nodes processes of a node program that speaks Maelstrom's protocol (one JSON message "
                + "{\"src\",\"dest\",\"body\"} per line on stdin/stdout, stderr is its log), is their network "
                + "(seeded latency, partitions), runs lin-kv clients (read, write, cas) and the nemesis, heals, reads "
                + "every key, kills every process, and checks the history for linearizability per key (a "
                + "cas-register from nil) and lost acknowledged writes. Nodes written for Maelstrom run unchanged.",
            "Report: store/maelstrom/<timestamp>/ (index.html, results.json, history.edn, history.jsonl, "
                + "timeline.html, latency.svg, throughput.svg, logs/ with each node's stderr), linked as "
                + "store/maelstrom/latest.",
            "Exit codes: 0 valid, 1 invalid, 2 unknown or error.", ""},
        footer = {"", "Nemeses: partition, kill (the process loses its memory and restarts empty), pause "
                + "(SIGSTOP/SIGCONT), delay; comma-separated, or none.",
            "Example: scripts/maelstrom.sh --bin examples/maelstrom/lin_kv_single_leader.py --nodes 3 --time-limit 10"})
public final class MaelstromMain implements Callable<Integer> {
    @Option(names = "--bin", paramLabel = "PATH", required = true, description = "the node program (any language)")
    String bin;

    @Parameters(paramLabel = "ARGS", description = "arguments passed to every node process", arity = "0..*")
    List<String> args = new ArrayList<>();

    @Option(names = "--workload", description = "only lin-kv (default ${DEFAULT-VALUE})", defaultValue = "lin-kv")
    String workload;

    @Option(names = "--nodes", description = "processes (default ${DEFAULT-VALUE})", defaultValue = "5")
    int nodes;

    @Option(names = "--time-limit", paramLabel = "S", description = "seconds of workload and faults (default ${DEFAULT-VALUE})",
            defaultValue = "20")
    int timeLimitS;

    @Option(names = "--rate", paramLabel = "R", description = "client ops/s over all clients (default ${DEFAULT-VALUE})",
            defaultValue = "50")
    double rate;

    @Option(names = "--concurrency", paramLabel = "C", description = "client threads (default: 2 per node)")
    Integer concurrency;

    @Option(names = "--keys", paramLabel = "K", description = "keys (default ${DEFAULT-VALUE})", defaultValue = "5")
    int keys;

    @Option(names = "--nemesis", paramLabel = "LIST", description = "faults (default ${DEFAULT-VALUE})",
            defaultValue = "none")
    String nemesis;

    @Option(names = "--latency", paramLabel = "MS", description = "mean one-way latency (default ${DEFAULT-VALUE})",
            defaultValue = "5")
    long latencyMs;

    @Option(names = "--timeout", paramLabel = "MS", description = "client wait per op (default ${DEFAULT-VALUE})",
            defaultValue = "1000")
    long timeoutMs;

    @Option(names = "--memory-limit", paramLabel = "MIB", description = "data segment (ulimit -d) per process in MiB (default ${DEFAULT-VALUE})",
            defaultValue = "1024")
    long memoryMiB;

    @Option(names = "--seed", description = "seed of the op mix, the delays and the nemesis (default: time-based)")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "report base directory (default: store/maelstrom)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!workload.equals("lin-kv")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown workload '" + workload
                    + "': this driver runs lin-kv");
        }
        List<String> command = new ArrayList<>();
        // The processes run in the report's work directory: a relative path means the caller's directory.
        command.add(bin.contains("/") ? Path.of(bin).toAbsolutePath().normalize().toString() : bin);
        command.addAll(args);
        List<String> nemeses = nemesis.isBlank() || nemesis.equals("none") ? List.of()
                : Arrays.stream(nemesis.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        long s = seed != null ? seed : System.nanoTime();
        MaelstromOptions options;
        try {
            options = new MaelstromOptions(command, nodes, timeLimitS, rate, concurrency != null ? concurrency
                    : Math.min(256, 2 * nodes), keys, nemeses, latencyMs, timeoutMs, memoryMiB << 20, s,
                    out != null ? out : Path.of("store", "maelstrom"));
            for (String n : nemeses) {
                if (!MaelstromNemesis.KINDS.contains(n)) {
                    throw new IllegalArgumentException("unknown nemesis '" + n + "'; known: "
                            + String.join(", ", MaelstromNemesis.KINDS) + ", none");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        System.out.println("maelstrom: seed=" + s + " (rerun with --seed " + s + ")");
        return new MaelstromRun(options, System.out).run().exitCode();
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    /** Runs the CLI and returns its exit code (bad arguments or errors: 2). */
    public static int run(String... argv) {
        return multidriver.check.cli.CliSupport.execute(new MaelstromMain(), "maelstrom", argv);
    }
}
