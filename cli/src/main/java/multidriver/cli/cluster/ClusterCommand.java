package multidriver.cli.cluster;

import picocli.CommandLine.Command;

/** {@code cluster start|test|logs|stop|certs}: the guide's five-node Docker cluster, without bash. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"The operations guide's five-node Docker cluster (docker-compose.yml): containers"
                + " multi-driver-node-0..4 and multi-driver-proxy, HTTP API on 127.0.0.1:9081-9085, Raft RPC on"
                + " 29001-29005, network multi_driver_cluster-network (172.28.0.0/16), volumes"
                + " multi_driver_node{0..4}_data. The same commands as scripts/start_docker_cluster.sh,"
                + " test_cluster.sh, view_docker_logs.sh, stop_docker_cluster.sh and make_certs.sh, which call these.",
                ""},
        subcommands = {ClusterStart.class, ClusterTest.class, ClusterLogs.class, ClusterStop.class,
                ClusterCertsCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a check failed (test), 2 an error."})
public final class ClusterCommand extends Tool.Group {
}
