package multidriver.chaos.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * What a nemesis can do to a node, as docker CLI commands run from the host. The same commands work on both
 * cluster targets because they only need the container and the network names.
 */
public final class ClusterControl {
    /** SIGKILL is immediate, a start waits for the JVM to exec; a stop with a grace period needs more. */
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    private final Cluster cluster;
    private final DockerCli docker;

    public ClusterControl(Cluster cluster, DockerCli docker) {
        this.cluster = cluster;
        this.docker = docker;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** {@code docker kill -s KILL}: the node process dies without any chance to flush or say goodbye. */
    public void kill(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("kill", "-s", "KILL", container(node))).orThrow();
    }

    /** {@code docker start}; a no-op when it is already running (the restart policy may have started it). */
    public void start(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("start", container(node))).orThrow();
    }

    /** {@code docker pause}: freezes every process of the node (cgroup freezer), sockets stay open. */
    public void pause(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("pause", container(node))).orThrow();
    }

    public void unpause(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("unpause", container(node))).orThrow();
    }

    /** {@code docker stop -t 5}: SIGTERM, then SIGKILL after 5 s. */
    public void stopGracefully(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("stop", "-t", "5", container(node))).orThrow();
    }

    /** {@code docker network disconnect}: the guide's network drill; the node loses the cluster network. */
    public void disconnect(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("network", "disconnect", cluster.network(), container(node))).orThrow();
    }

    /** Reconnects with the node's alias, so that peers resolve {@code node-<id>} again. */
    public void connect(int node) {
        docker.run(COMMAND_TIMEOUT_MS, List.of("network", "connect", "--alias", alias(node), cluster.network(),
                container(node))).orThrow();
    }

    /** Runs a command inside the node's container and returns its result (not thrown on failure). */
    public DockerCli.Result exec(int node, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", container(node)));
        args.addAll(List.of(command));
        return docker.run(COMMAND_TIMEOUT_MS, args);
    }

    public ContainerState state(int node) {
        DockerCli.Result r = docker.run(COMMAND_TIMEOUT_MS, List.of("inspect", "-f", "{{.State.Status}}", container(node)));
        return r.ok() ? ContainerState.parse(r.stdout()) : ContainerState.MISSING;
    }

    /** The node's address on the cluster network, or empty when it is not attached (or not running). */
    public String ipAddress(int node) {
        DockerCli.Result r = docker.run(COMMAND_TIMEOUT_MS, List.of("inspect", "-f",
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{$v.NetworkID}}\n{{end}}",
                container(node))).orThrow();
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                String[] nameIp = parts[0].split("=", 2);
                boolean ours = nameIp[0].equals(cluster.network()) || parts[1].startsWith(cluster.network());
                if (ours && nameIp.length == 2) {
                    return nameIp[1];
                }
            }
        }
        return "";
    }

    public boolean connected(int node) {
        return !ipAddress(node).isEmpty();
    }

    /** The node's stdout/stderr as docker keeps it (bounded by {@link DockerCli}'s output cap). */
    public String logs(int node) {
        DockerCli.Result r = docker.run(60_000, List.of("logs", "--timestamps", container(node)));
        return r.stdout() + (r.stderr().isEmpty() ? "" : r.stderr());
    }

    private String container(int node) {
        return cluster.node(node).container();
    }

    private String alias(int node) {
        return cluster.node(node).alias();
    }
}
