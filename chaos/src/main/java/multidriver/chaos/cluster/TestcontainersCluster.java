package multidriver.chaos.cluster;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * A fresh cluster for one run: one Docker network and one container per node, created through Testcontainers.
 *
 * <p>Each node's HTTP port is published on 127.0.0.1 only, at a host port chosen here and kept for the
 * container's life, so a node that a nemesis kills and starts again answers on the same port. Nothing here
 * needs a helper image (no Ryuk, no file copy, no compose module): this machine pulls no image.
 */
public final class TestcontainersCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersCluster.class);
    private static final long MEMORY_LIMIT_BYTES = 512L * 1024 * 1024;

    private final Network network;
    private final List<GenericContainer<?>> containers;
    private final List<ClusterNode> nodes;
    private final String apiToken;
    private final Thread shutdownHook = new Thread(this::close, "chaos-cluster-cleanup");
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestcontainersCluster(Network network, List<GenericContainer<?>> containers, List<ClusterNode> nodes,
                                  String apiToken) {
        this.apiToken = apiToken;
        this.network = network;
        this.containers = containers;
        this.nodes = List.copyOf(nodes);
        // Ryuk is off here, so nobody else removes the containers of a run interrupted with Ctrl-C.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates the network and starts every node container (without waiting for a leader). */
    public static TestcontainersCluster start(ClusterSpec spec) {
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(ClusterSpec.LABEL, "true")))
                .build();
        List<GenericContainer<?>> containers = new ArrayList<>();
        List<ClusterNode> nodes = new ArrayList<>();
        // 32 random bytes, base64: the members' shared secret for this cluster's Raft frames.
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        byte[] secret = java.util.Base64.getEncoder().encode(random);
        // And a fresh admin token for the harness's clients, the only line of this cluster's tokens file.
        byte[] tokenBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(tokenBytes);
        String token = java.util.HexFormat.of().formatHex(tokenBytes);
        byte[] tokens = ("admin chaos " + token + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            String networkId = network.getId(); // creates it
            for (int id = 0; id < spec.nodes(); id++) {
                int hostPort = freeLoopbackPort();
                GenericContainer<?> c = container(spec, id, network, hostPort, secret, tokens);
                c.start();
                containers.add(c);
                nodes.add(new ClusterNode(id, c.getContainerId(), ClusterSpec.alias(id), hostPort));
                LOG.info("started {} as {} on 127.0.0.1:{} (network {})", ClusterSpec.alias(id),
                        c.getContainerId().substring(0, 12), hostPort, networkId.substring(0, 12));
            }
            return new TestcontainersCluster(network, containers, nodes, token);
        } catch (RuntimeException e) {
            containers.forEach(TestcontainersCluster::stopQuietly);
            network.close();
            throw e;
        }
    }

    @SuppressWarnings("resource") // closed by close()
    private static GenericContainer<?> container(ClusterSpec spec, int id, Network network, int hostPort,
                                                 byte[] secret, byte[] tokens) {
        ExposedPort http = ExposedPort.tcp(ClusterSpec.HTTP_PORT);
        return new GenericContainer<>(spec.image())
                .withNetwork(network)
                .withNetworkAliases(ClusterSpec.alias(id))
                .withEnv(spec.environment(id))
                // The cluster secret every Raft frame is signed with: new for every cluster, never a default.
                .withCopyToContainer(org.testcontainers.images.builder.Transferable.of(secret, 0400),
                        ClusterSpec.SECRET_PATH)
                .withCopyToContainer(org.testcontainers.images.builder.Transferable.of(tokens, 0400),
                        ClusterSpec.TOKENS_PATH)
                .withLabel(ClusterSpec.LABEL, "true")
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .waitingFor(new NoWait()) // readiness is the leader wait of the run, over HTTP
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(ClusterSpec.alias(id));
                    cmd.withExposedPorts(http);
                    cmd.getHostConfig()
                            .withCapAdd(Capability.NET_ADMIN) // iptables partitions inside the container
                            .withMemory(MEMORY_LIMIT_BYTES)
                            .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), http));
                });
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
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
        return nodes.size() + " Testcontainers nodes from " + containers.get(0).getDockerImageName()
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
        containers.forEach(TestcontainersCluster::stopQuietly);
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("could not remove network {}: {}", network.getId(), e.toString());
        }
    }

    private static void stopQuietly(GenericContainer<?> c) {
        try {
            c.stop(); // removes the container (and its anonymous /data volume)
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", c.getContainerId(), e.toString());
        }
    }

    /** Testcontainers' wait hook, deliberately empty: see {@link #container}. */
    private static final class NoWait extends AbstractWaitStrategy {
        NoWait() {
            withStartupTimeout(Duration.ofSeconds(1));
        }

        @Override
        protected void waitUntilReady() {
        }
    }
}
