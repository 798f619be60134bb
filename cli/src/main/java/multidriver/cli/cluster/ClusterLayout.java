package multidriver.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names of the operations guide's Docker cluster, in one place: compose project {@code multi_driver}, services
 * {@code node-0..4} in containers {@code multi-driver-node-0..4}, HTTP API on 127.0.0.1:9081-9085, Raft RPC on
 * 29001-29005, the proxy on 8443, the optional PostgreSQL, Redis and RabbitMQ containers, and where the checkout
 * keeps the cluster's secrets.
 */
public final class ClusterLayout {
    public static final String PROJECT = "multi_driver";
    public static final int NODE_COUNT = 5;
    public static final int HTTP_PORT_BASE = 9081;
    public static final int RAFT_PORT_BASE = 29001;
    public static final int PROXY_HTTPS_PORT = 8443;
    public static final String NODE_IMAGE = "multi-driver-node:latest";
    public static final String PROXY_IMAGE = "multi-driver-proxy:latest";
    /** The systems of {@code --with-services}, with their host ports on 127.0.0.1. */
    public static final Map<String, Integer> SERVICES = servicePorts();

    private final Path repo;

    public ClusterLayout(Path repo) {
        this.repo = repo;
    }

    private static Map<String, Integer> servicePorts() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("postgres", 5432);
        ports.put("redis", 6379);
        ports.put("rabbitmq", 5672);
        return java.util.Collections.unmodifiableMap(ports);
    }

    public Path repo() {
        return repo;
    }

    public Path composeFile() {
        return repo.resolve("docker-compose.yml");
    }

    public Path servicesFile() {
        return repo.resolve("docker-compose.services.yml");
    }

    public Path secrets() {
        return repo.resolve("secrets");
    }

    public Path servicesDir() {
        return secrets().resolve("services");
    }

    public Path tlsDir() {
        return secrets().resolve("tls");
    }

    /** Which Raft server each machine runs when {@code replace_node.sh} replaced one (MULTIDRIVER_NODE&lt;N&gt;_ID). */
    public Path machinesEnv() {
        return secrets().resolve("machines.env");
    }

    /** While {@code secrets/services/enabled} exists every compose call includes the services' file. */
    public boolean servicesEnabled() {
        return Files.exists(servicesDir().resolve("enabled"));
    }

    public static int httpPort(int node) {
        return HTTP_PORT_BASE + node;
    }

    public static String serviceContainer(String service) {
        return "multi-driver-" + service;
    }

    /** The settings of {@code secrets/machines.env} ({@code KEY=value} lines), empty without the file. */
    public Map<String, String> machineSettings() throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(machinesEnv())) return out;
        for (String line : Files.readAllLines(machinesEnv(), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return out;
    }

    /** The Raft server id machine {@code n} runs now (itself unless replaced). */
    public int machineId(int n) throws IOException {
        String value = machineSettings().get("MULTIDRIVER_NODE" + n + "_ID");
        if (value == null || value.isEmpty()) return n;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IOException(machinesEnv() + ": MULTIDRIVER_NODE" + n + "_ID is not a number: " + value);
        }
    }

    /** The compose files of every call: the cluster's, and the services' while they are enabled. */
    public List<Path> composeFiles() {
        return servicesEnabled() ? List.of(composeFile(), servicesFile()) : List.of(composeFile());
    }
}
