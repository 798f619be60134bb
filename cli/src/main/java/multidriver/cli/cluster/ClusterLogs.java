package multidriver.cli.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster logs}: the guide's view_docker_logs.ps1. */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the logs of all five nodes (compose logs; the proxy and the --with-services services"
                + " too), or of node-N only, or of one service only.", ""},
        footer = {"", "Exit codes: 0 ok, 2 error."})
final class ClusterLogs extends Tool {
    @Option(names = {"--node", "-n"}, paramLabel = "N", description = "only node-N (0..4), like `docker-compose logs node-N`")
    Integer node;

    @Option(names = {"--service", "-s"}, paramLabel = "NAME", description = "only postgres, redis or rabbitmq"
            + " (started by cluster start --with-services)")
    String service;

    @Option(names = {"--follow", "-f"}, description = "keep following new lines (Ctrl-C to stop)")
    boolean follow;

    @Option(names = "--tail", paramLabel = "LINES", defaultValue = "all",
            description = "only the last LINES lines per node (default: all)")
    String tail;

    @Override
    protected int run() throws Exception {
        if (node != null && (node < 0 || node >= ClusterLayout.NODE_COUNT)) {
            throw new ClusterException("--node must be 0.." + (ClusterLayout.NODE_COUNT - 1) + ", got " + node);
        }
        ClusterLayout layout = new ClusterLayout(RepoRoot.find());
        if (service != null) {
            if (!ClusterLayout.SERVICES.containsKey(service)) {
                throw new ClusterException("--service must be one of: " + String.join(" ", ClusterLayout.SERVICES.keySet()));
            }
            if (node != null) throw new ClusterException("give --node or --service, not both");
            if (!layout.servicesEnabled()) {
                throw new ClusterException("the services do not run (cluster start --with-services)");
            }
        }
        if (!tail.equals("all") && !tail.matches("[0-9]{1,9}")) {
            throw new ClusterException("--tail must be a number or 'all', got '" + tail + "'");
        }
        Docker.require();
        List<String> args = new ArrayList<>(List.of("logs", "--timestamps", "--tail=" + tail));
        if (follow) args.add("--follow");
        if (node != null) args.add("node-" + node);
        if (service != null) args.add(service);
        int code = Compose.find(layout).run(args, Map.of(), out, err);
        return code == 0 ? 0 : 2;
    }
}
