package multidriver.chaos.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster of the operations guide, already started by {@code scripts/start_docker_cluster.sh}: containers
 * {@code multi-driver-node-<i>}, HTTP on 127.0.0.1:{@code 9081+i}, network {@code multi_driver_cluster-network}.
 * A chaos run only borrows it: {@link #close()} leaves it running.
 */
public final class ComposeCluster implements Cluster {
    public static final String NETWORK = "multi_driver_cluster-network";
    public static final int HTTP_PORT_BASE = 9081;

    private final List<ClusterNode> nodes;
    private final String apiToken;

    private ComposeCluster(List<ClusterNode> nodes, String apiToken) {
        this.nodes = List.copyOf(nodes);
        this.apiToken = apiToken;
    }

    /**
     * {@code MULTIDRIVER_TOKEN}, else {@code secrets/admin.token}, which {@code scripts/start_docker_cluster.sh}
     * writes with the cluster's tokens file.
     */
    static String composeToken() {
        String env = System.getenv("MULTIDRIVER_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        java.nio.file.Path file = RepoRoot.find().resolve("secrets/admin.token");
        try {
            String token = java.nio.file.Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException(file + " is empty");
            }
            return token;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no API token for the compose cluster: set MULTIDRIVER_TOKEN or start the"
                    + " cluster with scripts/start_docker_cluster.sh, which writes " + file + " (" + e + ")");
        }
    }

    @Override
    public String apiToken() {
        return apiToken;
    }

    public static String containerName(int id) {
        return "multi-driver-node-" + id;
    }

    /** Attaches to the first {@code nodes} containers; throws when one does not exist. */
    public static ComposeCluster attach(int nodes, DockerCli docker) {
        List<ClusterNode> list = new ArrayList<>();
        for (int id = 0; id < nodes; id++) {
            DockerCli.Result r = docker.run("inspect", "-f", "{{.State.Status}}", containerName(id));
            if (!r.ok()) {
                throw new IllegalStateException("container " + containerName(id)
                        + " does not exist: start the cluster first with scripts/start_docker_cluster.sh");
            }
            list.add(new ClusterNode(id, containerName(id), ClusterSpec.alias(id), publishedHttpPort(id, docker)));
        }
        if (!docker.run("network", "inspect", NETWORK).ok()) {
            throw new IllegalStateException("network " + NETWORK + " does not exist: start the cluster with "
                    + "scripts/start_docker_cluster.sh");
        }
        return new ComposeCluster(list, composeToken());
    }

    /** The host port published for 9081 on 127.0.0.1 (as docker-compose.yml says: 9081+id), as Docker reports it. */
    private static int publishedHttpPort(int id, DockerCli docker) {
        DockerCli.Result r = docker.run("port", containerName(id), ClusterSpec.HTTP_PORT + "/tcp");
        for (String line : r.ok() ? r.stdout().split("\n") : new String[0]) {
            String l = line.strip();
            if (l.startsWith("127.0.0.1:")) {
                return Integer.parseInt(l.substring("127.0.0.1:".length()));
            }
        }
        return HTTP_PORT_BASE + id; // not running right now: the compose file's mapping
    }

    @Override
    public List<ClusterNode> nodes() {
        return nodes;
    }

    @Override
    public String network() {
        return NETWORK;
    }

    @Override
    public String describe() {
        return nodes.size() + " compose nodes multi-driver-node-0.." + (nodes.size() - 1) + " on " + NETWORK;
    }

    @Override
    public void close() {
        // Borrowed: the user started it and stops it with scripts/stop_docker_cluster.sh.
    }
}
