package multidriver.cli.cluster;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster stop}: the guide's stop_docker_cluster.ps1. */
@Command(name = "stop", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stops and removes the containers multi-driver-node-0..4 and the proxy, the services of"
                + " --with-services (multi-driver-postgres, -redis, -rabbitmq) when they run, and the network"
                + " multi_driver_cluster-network (compose down). The data volumes multi_driver_node{0..4}_data (and"
                + " the services' volumes) are kept unless --volumes. The next start leaves the services out unless"
                + " given --with-services again.", ""},
        footer = {"", "Exit codes: 0 stopped, 2 error."})
final class ClusterStop extends Tool {
    @Option(names = {"--volumes", "-v"}, description = "also delete the data volumes (like `docker-compose down -v`):"
            + " the next start is a new cluster")
    boolean volumes;

    @Override
    protected int run() throws Exception {
        Docker.require();
        ClusterLayout layout = new ClusterLayout(RepoRoot.find());
        Compose compose = Compose.find(layout);
        List<String> args = volumes ? List.of("down", "--volumes", "--remove-orphans") : List.of("down", "--remove-orphans");
        int code = compose.run(args, Map.of(), out, err);
        if (code != 0) throw new ClusterException("compose down failed (exit " + code + ")");
        if (volumes) {
            // The servers that ran on replaced machines are gone with their volumes: the next start founds 0..4 again.
            Files.deleteIfExists(layout.machinesEnv());
        }
        Files.deleteIfExists(layout.servicesDir().resolve("enabled"));
        out.println(volumes ? "cluster stopped, volumes removed" : "cluster stopped (volumes kept; --volumes removes them)");
        return 0;
    }
}
