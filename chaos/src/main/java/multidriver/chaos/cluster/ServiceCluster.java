package multidriver.chaos.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;

/**
 * One service of {@code docker-compose.services.yml} ({@code scripts/start_docker_cluster.sh --with-services}), borrowed
 * by a chaos run as a one-member cluster: container {@code multi-driver-<service>} on the guide's network, its client
 * port published on 127.0.0.1 as the compose file says, its password in {@code secrets/services/}. {@link #close()}
 * leaves it running; the nemeses kill, pause, restart and disconnect it like any member.
 */
public final class ServiceCluster implements Cluster {
    private final String service;
    private final int containerPort;
    private final int hostPort;
    private final List<ClusterNode> nodes;

    private ServiceCluster(String service, int containerPort, int hostPort) {
        this.service = service;
        this.containerPort = containerPort;
        this.hostPort = hostPort;
        this.nodes = List.of(new ClusterNode(0, containerName(service), service, hostPort,
                URI.create("http://127.0.0.1:" + hostPort)));
    }

    public static String containerName(String service) {
        return "multi-driver-" + service;
    }

    /** Refuses a run on a borrowed service that needs more than its one member. */
    public static void validate(RunOptions options, String service) {
        if (options.cluster() != ClusterSource.COMPOSE) return;
        if (options.nodes() != 1) {
            throw new IllegalArgumentException("--cluster compose borrows the one " + containerName(service)
                    + " container: give --nodes 1");
        }
        refusePartitions(options, "one " + service);
    }

    /** Partitions need two members to cut apart; {@code what} ("one postgres") takes the other nemeses. */
    public static void refusePartitions(RunOptions options, String what) {
        for (String n : options.nemeses().split(",")) {
            String name = n.trim();
            if (name.startsWith("partition") || name.equals("isolate-primary") || name.equals("all")) {
                throw new IllegalArgumentException("--nemesis " + name + " needs several members; " + what
                        + " takes kill, pause, restart or disconnect");
            }
        }
    }

    /** Attaches to the running service; throws with the command that starts it when it is not there. */
    public static ServiceCluster attach(String service, int containerPort, DockerCli docker) {
        String container = containerName(service);
        DockerCli.Result state = docker.run("inspect", "-f", "{{.State.Status}}", container);
        if (!state.ok()) {
            throw new IllegalStateException("container " + container + " does not exist: start it with"
                    + " scripts/start_docker_cluster.sh --with-services");
        }
        int port = -1;
        DockerCli.Result r = docker.run("port", container, containerPort + "/tcp");
        for (String line : r.ok() ? r.stdout().split("\n") : new String[0]) {
            if (line.strip().startsWith("127.0.0.1:")) port = Integer.parseInt(line.strip().substring(10));
        }
        if (port < 0) {
            throw new IllegalStateException(container + " publishes no 127.0.0.1 port for " + containerPort
                    + " (is it running? " + state.stdout().strip() + ")");
        }
        return new ServiceCluster(service, containerPort, port);
    }

    /** {@code secrets/services/<name>}, written by {@code start_docker_cluster.sh --with-services}. */
    public static String secret(String name) {
        Path file = RepoRoot.find().resolve("secrets/services").resolve(name);
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) throw new IllegalStateException(file + " is empty");
            return value;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + file + " (start the services with"
                    + " scripts/start_docker_cluster.sh --with-services): " + e);
        }
    }

    @Override
    public List<ClusterNode> nodes() {
        return nodes;
    }

    @Override
    public String network() {
        return ComposeCluster.NETWORK;
    }

    @Override
    public String describe() {
        return "the compose service " + containerName(service) + " (127.0.0.1:" + hostPort + ", borrowed)";
    }

    @Override
    public String apiToken() {
        return "";
    }

    @Override
    public int publishedPort(int id, int port) {
        if (id != 0 || port != containerPort) {
            throw new IllegalArgumentException("port " + port + " of member " + id + " of " + describe()
                    + " is not published");
        }
        return hostPort;
    }

    @Override
    public void close() {
        // borrowed: left running
    }
}
