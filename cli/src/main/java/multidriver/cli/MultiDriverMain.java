package multidriver.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import multidriver.check.cli.CheckMain;
import multidriver.check.cli.CliSupport;
import multidriver.check.cli.ServeMain;

/**
 * {@code java -jar multidriver.jar COMMAND [OPTIONS]}: every tool of the project behind one portable entry point, for a
 * machine with Java and no bash (Windows with Docker Desktop). Each command is the same program the script of that name
 * runs ({@code scripts/simulate.sh} is {@code simulate}, and so on), with the same options, help and exit codes.
 */
public final class MultiDriverMain {
    /** A command: what it is for, and the program that runs it (arguments in, exit code out). */
    private record Command(String summary, Function<String[], Integer> run) {
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("simulate", new Command("a simulation campaign: randomized fault schedules, invariants,"
                + " linearizability, liveness, shrunk reproducers (scripts/simulate.sh)",
                a -> multidriver.sim.cli.SimMain.execute(a, System.out, System.err)));
        COMMANDS.put("check", new Command("check Jepsen histories (EDN or JSON lines) for linearizability, or with"
                + " the set, total-queue and bank checkers (scripts/check.sh)",
                a -> CheckMain.run(a, System.out, System.err, System.getenv())));
        COMMANDS.put("chaos", new Command("a chaos run on Docker against multi-driver, etcd, Redis, RabbitMQ or"
                + " PostgreSQL (scripts/chaos.sh)", multidriver.chaos.cli.ChaosMain::run));
        COMMANDS.put("maelstrom", new Command("test a node program in any language that speaks Maelstrom's protocol"
                + " (scripts/maelstrom.sh)", multidriver.chaos.maelstrom.MaelstromMain::run));
        COMMANDS.put("cluster", new Command("the guide's five-node Docker cluster: cluster start|test|logs|stop|certs"
                + " (scripts/start_docker_cluster.sh and the rest)",
                a -> multidriver.cli.cluster.Tool.execute(new multidriver.cli.cluster.ClusterCommand(), "cluster", a,
                        System.out, System.err)));
        COMMANDS.put("nodes", new Command("a local cluster of node JVMs on loopback, no Docker: nodes start|stop"
                + " (scripts/start_nodes.sh)",
                a -> multidriver.cli.cluster.Tool.execute(new multidriver.cli.cluster.NodesCommand(), "nodes", a,
                        System.out, System.err)));
        COMMANDS.put("bench", new Command("durable writes against a fresh 3-node local cluster, per connection count"
                + " (scripts/bench.sh)", a -> multidriver.cli.cluster.Tool.execute(
                        new multidriver.cli.cluster.BenchCommand(), "bench", a, System.out, System.err)));
        COMMANDS.put("serve", new Command("serve the run store read-only on 127.0.0.1 (scripts/serve.sh)",
                a -> CliSupport.execute(new ServeMain(), "serve", a)));
        COMMANDS.put("election", new Command("the Raft paper's Figure 16 election experiment"
                + " (scripts/simulate.sh --experiment election)",
                a -> multidriver.sim.experiment.ElectionExperimentMain.execute(a, System.out, System.err)));
    }

    private MultiDriverMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; the exit code (0 valid, 1 a violation found, 2 an error or unknown), never exits. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length > 1 && COMMANDS.containsKey(args[1])) {
                return COMMANDS.get(args[1]).run().apply(new String[] {"--help"});
            }
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version")) {
            out.println("multi-driver " + CliSupport.VERSION + " (git " + CliSupport.gitCommit() + ")");
            return 0;
        }
        Command c = COMMANDS.get(args[0]);
        if (c == null) {
            err.println("multidriver: unknown command '" + args[0] + "'" + nearest(args[0]));
            err.println("see: java -jar multidriver.jar --help");
            return 2;
        }
        return c.run().apply(Arrays.copyOfRange(args, 1, args.length));
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("Usage: java -jar multidriver.jar COMMAND [OPTIONS]   (COMMAND --help for"
                + " its options)\n\nCommands:\n");
        COMMANDS.forEach((name, c) -> sb.append(String.format("  %-10s %s%n", name, c.summary())));
        sb.append("  version    the version and git commit\n\nExit codes: 0 valid, 1 a violation found, 2 an error or"
                + " unknown.\nEvery script under scripts/ calls one of these, so Windows with Java and Docker Desktop"
                + " needs no bash.\n");
        return sb.toString();
    }

    /** " (did you mean X?)" for the command closest to {@code typed} by edit distance, when one is close. */
    private static String nearest(String typed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : COMMANDS.keySet()) {
            int d = distance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? " (did you mean " + best + "?)" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
