package multidriver.chaos.cluster;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * A fresh cluster of any system for one run: one Docker network and one container per member, created through
 * Testcontainers. What runs in each container is the target's business ({@link Members}); the network, the names,
 * the published client port, the capabilities the nemeses need and the clean-up are the same for every target.
 *
 * <p>Member {@code i} is {@code node-<i>} on the network (alias and host name). Its client port is published on
 * 127.0.0.1 only, at a host port chosen here ({@link LoopbackPorts}) and kept for the container's life, so a member that a nemesis kills and
 * starts again answers on the same port. Nothing here needs a helper image (no Ryuk, no file copy, no compose
 * module): this machine pulls no image.
 */
public final class ContainerCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerCluster.class);
    private static final long DEFAULT_MEMORY_LIMIT_BYTES = 512L * 1024 * 1024;

    /** How member {@code id} of a target is configured: image, environment, command, files. */
    public interface Members {
        /** Adds the target's own settings to the container of member {@code id} (on its network, named already). */
        GenericContainer<?> configure(int id, GenericContainer<?> container);
    }

    private final String what;
    private final Network network;
    private final List<GenericContainer<?>> containers;
    private final List<ClusterNode> nodes;
    /** Per member: container port to loopback host port. */
    private final List<Map<Integer, Integer>> published;
    private final String apiToken;
    private final Thread shutdownHook = new Thread(this::close, "chaos-cluster-cleanup");
    private final AtomicBoolean closed = new AtomicBoolean();

    private ContainerCluster(String what, Network network, List<GenericContainer<?>> containers,
                             List<ClusterNode> nodes, List<Map<Integer, Integer>> published, String apiToken) {
        this.what = what;
        this.published = List.copyOf(published);
        this.apiToken = apiToken;
        this.network = network;
        this.containers = containers;
        this.nodes = List.copyOf(nodes);
        // Ryuk is off here, so nobody else removes the containers of a run interrupted with Ctrl-C.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Creates the network and starts {@code members} containers of {@code image}, each publishing
     * {@code clientPort} on loopback, without waiting for the system to be ready (the run waits, through its client).
     *
     * @param what     the system, for {@link #describe()} ("multi-driver", "etcd")
     * @param apiToken what the harness's clients authenticate with, or "" (see {@link Cluster#apiToken()})
     */
    public static ContainerCluster start(String what, String image, int members, int clientPort, String apiToken,
                                         Members configure) {
        return start(what, image, members, clientPort, List.of(), apiToken, configure);
    }

    /**
     * {@link #start(String, String, int, int, String, Members)} publishing {@code otherPorts} of every member on
     * loopback too (a sentinel's port beside the server's): see {@link #publishedPort}.
     */
    public static ContainerCluster start(String what, String image, int members, int clientPort,
                                         List<Integer> otherPorts, String apiToken, Members configure) {
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(ClusterSpec.LABEL, "true")))
                .build();
        List<GenericContainer<?>> containers = new ArrayList<>();
        List<ClusterNode> nodes = new ArrayList<>();
        List<Map<Integer, Integer>> published = new ArrayList<>();
        try {
            String networkId = network.getId(); // creates it
            for (int id = 0; id < members; id++) {
                Map<Integer, Integer> ports = new java.util.TreeMap<>();
                ports.put(clientPort, LoopbackPorts.reserve());
                for (int p : otherPorts) ports.put(p, LoopbackPorts.reserve());
                published.add(ports);
                int hostPort = ports.get(clientPort);
                GenericContainer<?> c = configure.configure(id, base(image, id, network, ports));
                c.start();
                containers.add(c);
                nodes.add(new ClusterNode(id, c.getContainerId(), ClusterSpec.alias(id), hostPort));
                LOG.info("started {} {} as {} on 127.0.0.1:{} (network {})", what, ClusterSpec.alias(id),
                        c.getContainerId().substring(0, 12), hostPort, networkId.substring(0, 12));
            }
            return new ContainerCluster(what, network, containers, nodes, published, apiToken);
        } catch (RuntimeException e) {
            containers.forEach(ContainerCluster::stopQuietly);
            try {
                network.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing); // the start's failure is the one to report
            }
            throw e;
        }
    }

    @SuppressWarnings("resource") // closed by close()
    private static GenericContainer<?> base(String image, int id, Network network, Map<Integer, Integer> ports) {
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        ports.forEach((containerPort, hostPort) -> {
            ExposedPort e = ExposedPort.tcp(containerPort);
            exposed.add(e);
            bindings.add(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), e));
        });
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(ClusterSpec.alias(id))
                .withLabel(ClusterSpec.LABEL, "true")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .waitingFor(new NoWait()) // readiness is the run's wait, through the target's own client
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(ClusterSpec.alias(id));
                    cmd.withExposedPorts(exposed);
                    cmd.getHostConfig()
                            .withCapAdd(Capability.NET_ADMIN) // iptables partitions inside the container
                            .withMemory(DEFAULT_MEMORY_LIMIT_BYTES)
                            .withPortBindings(bindings);
                });
    }

    /** The loopback port where member {@code id}'s container port {@code containerPort} is published. */
    @Override
    public int publishedPort(int id, int containerPort) {
        Integer port = published.get(id).get(containerPort);
        if (port == null) throw new IllegalArgumentException("port " + containerPort + " of node-" + id + " is not published");
        return port;
    }

    @Override
    public String apiToken() {
        return apiToken;
    }

    @Override
    public List<ClusterNode> nodes() {
        return nodes;
    }

    @Override
    public String network() {
        return network.getId();
    }

    @Override
    public String describe() {
        return nodes.size() + " " + what + " containers from " + containers.get(0).getDockerImageName()
                + " on network " + network.getId().substring(0, 12);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook runs anyway
            }
        }
        for (ClusterNode n : nodes) {
            // A container a nemesis left frozen cannot be stopped cleanly: thaw it first.
            new DockerCli(30_000).run("unpause", n.container());
        }
        containers.forEach(ContainerCluster::stopQuietly);
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("could not remove network {}: {}", network.getId(), e.toString());
        }
    }

    private static void stopQuietly(GenericContainer<?> c) {
        try {
            c.stop(); // removes the container (and its anonymous volumes)
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", c.getContainerId(), e.toString());
        }
    }

    /** Testcontainers' wait hook, deliberately empty: see {@link #base}. */
    private static final class NoWait extends AbstractWaitStrategy {
        NoWait() {
            withStartupTimeout(Duration.ofSeconds(1));
        }

        @Override
        protected void waitUntilReady() {
        }
    }
}
