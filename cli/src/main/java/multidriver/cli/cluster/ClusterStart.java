package multidriver.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster start}: the guide's start_docker_cluster.ps1. */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds the node jar (mvn -pl node -am package -DskipTests, when Maven is installed), the base"
                + " images when missing (scripts/build_base_image.sh and build_proxy_image.sh where debootstrap runs;"
                + " Docker Desktop pulls them), the images multi-driver-node:latest (node/Dockerfile) and"
                + " multi-driver-proxy:latest (proxy/Dockerfile); creates the credentials on first use (secrets/:"
                + " cluster.secret, api/tokens, admin.token, tls/ with a private CA); then starts the containers"
                + " multi-driver-node-0..4 and multi-driver-proxy (compose project multi_driver, network"
                + " multi_driver_cluster-network, volumes multi_driver_node{0..4}_data) and waits until all five nodes"
                + " answer /status, exactly one reports LEADER, and the proxy answers https://127.0.0.1:8443/health.",
                "",
                "Ports on 127.0.0.1: HTTP API 9081-9085, Raft RPC 29001-29005 (mutual TLS), proxy HTTPS 8443 and"
                + " HTTP 8080 (redirects to HTTPS). Clients send `Authorization: Bearer <secrets/admin.token>`.", ""},
        footer = {"", "Exit codes: 0 all nodes up with one leader, 2 error or not ready in time."})
final class ClusterStart extends Tool {
    @Option(names = "--no-build", description = "use the existing multi-driver-node:latest image as it is")
    boolean noBuild;

    @Option(names = "--with-services", description = "also start PostgreSQL, Redis and RabbitMQ"
            + " (docker-compose.services.yml: multi-driver-postgres/-redis/-rabbitmq on 127.0.0.1:5432/6379/5672,"
            + " passwords in secrets/services/), building their images when missing; remembered until cluster stop")
    boolean withServices;

    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "90",
            description = "how long to wait for the nodes and a single leader (default ${DEFAULT-VALUE})")
    int waitS;

    @Override
    protected int run() throws Exception {
        if (waitS < 0) throw new ClusterException("--wait-seconds must be a whole number, got " + waitS);
        Docker.require();
        ClusterLayout layout = new ClusterLayout(RepoRoot.find());
        Path repo = layout.repo();
        if (!noBuild) {
            buildNodeJar(repo);
            Docker.baseImage(repo, "eclipse-temurin:17-jre", "scripts/build_base_image.sh", out, err);
            out.println("==> building " + ClusterLayout.NODE_IMAGE);
            Docker.build(repo, ClusterLayout.NODE_IMAGE, "node", List.of("-f", "node/Dockerfile", "node"), err);
            Docker.baseImage(repo, "multi-driver-nginx-base:bookworm", "scripts/build_proxy_image.sh", out, err);
            out.println("==> building " + ClusterLayout.PROXY_IMAGE);
            Docker.build(repo, ClusterLayout.PROXY_IMAGE, "proxy", List.of("proxy"), err);
        } else {
            for (String image : List.of(ClusterLayout.NODE_IMAGE, ClusterLayout.PROXY_IMAGE)) {
                if (!Docker.imageExists(image)) throw new ClusterException(image + " does not exist; run without --no-build");
            }
        }
        if (withServices) {
            for (String service : ClusterLayout.SERVICES.keySet()) {
                String image = "multi-driver-" + service + ":bookworm";
                if (Docker.imageExists(image)) continue;
                out.println("==> building " + image + " (scripts/build_target_image.sh " + service + ")");
                if (Processes.run(List.of("bash", repo.resolve("scripts/build_target_image.sh").toString(), service),
                        Map.of(), repo, out, err, 0) != 0) {
                    throw new ClusterException("scripts/build_target_image.sh " + service + " failed");
                }
            }
        }
        Compose compose = Compose.find(layout);
        checkPorts(compose);
        // Raft frames are signed with the cluster secret and HTTP clients need a bearer token: created on first
        // use, readable by this user only; there is no default secret and no default token.
        Credentials.ensure(layout.secrets(), prefixed());
        if (withServices) {
            Credentials.ensureServices(layout.servicesDir(), prefixed());
            Files.writeString(layout.servicesDir().resolve("enabled"), ""); // every compose call now includes them
        }
        List<Integer> extraIds = new ArrayList<>();
        for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) {
            int id = layout.machineId(i);
            if (id >= ClusterLayout.NODE_COUNT) extraIds.add(id);
        }
        multidriver.node.transport.ClusterCerts.ensure(layout.tlsDir(), ClusterLayout.NODE_COUNT, extraIds, false, prefixed());
        for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) MachineTls.prepare(layout, i, layout.machineId(i));
        // A brand-new cluster (no node volume yet) is bootstrapped; otherwise every node must find its WAL, and a node
        // whose volume alone was wiped refuses to start as a fresh voter rather than risk a second vote in a term.
        int existing = 0;
        for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) {
            if (Docker.volumeExists(ClusterLayout.PROJECT + "_node" + i + "_data")) existing++;
        }
        if (existing == 0) out.println("==> no node volume exists: bootstrapping a new cluster");
        out.println("==> starting the cluster (compose project " + ClusterLayout.PROJECT + ")");
        int up = compose.run(List.of("up", "-d", "--no-build"),
                Map.of("MULTIDRIVER_BOOTSTRAP", String.valueOf(existing == 0)), out, err);
        if (up != 0) throw new ClusterException("compose up failed (exit " + up + ")");
        return awaitReady(layout, compose);
    }

    private void buildNodeJar(Path repo) throws Exception {
        Path jar = repo.resolve("node/target/node-0.1.0-SNAPSHOT-all.jar");
        String mvn = Processes.windowsAware("mvn");
        if (Processes.succeeds(List.of(mvn, "-v"))) {
            out.println("==> building the node jar");
            if (Processes.run(List.of(mvn, "-B", "-q", "-Dstyle.color=never", "-pl", "node", "-am", "package",
                    "-DskipTests"), Map.of(), repo, out, err, 0) != 0) {
                throw new ClusterException("the node jar did not build (mvn -pl node -am package)");
            }
        } else if (Files.isRegularFile(jar)) {
            out.println("==> Maven not found: using the node jar as it is (" + jar + ")");
        } else {
            throw new ClusterException("no node jar at " + jar + " and no Maven to build it (install Maven)");
        }
    }

    /** The guide's host ports are fixed: another program on them would make compose fail half-way. */
    private void checkPorts(Compose compose) throws Exception {
        String running = compose.output(List.of("ps", "-q"));
        if (running != null && !running.isBlank()) return; // our own containers hold them
        List<Integer> busy = new ArrayList<>();
        for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) {
            for (int port : new int[]{ClusterLayout.RAFT_PORT_BASE + i, ClusterLayout.httpPort(i)}) {
                if (Docker.portInUse(port)) busy.add(port);
            }
        }
        if (withServices) {
            for (int port : ClusterLayout.SERVICES.values()) if (Docker.portInUse(port)) busy.add(port);
        }
        if (!busy.isEmpty()) {
            throw new ClusterException("host port(s) " + busy + " on 127.0.0.1 are in use; the cluster needs"
                    + " 29001-29005 and 9081-9085 (a local cluster uses the same ports: nodes stop)");
        }
    }

    private int awaitReady(ClusterLayout layout, Compose compose) throws Exception {
        ClusterApi api = ClusterApi.of(layout, java.time.Duration.ofSeconds(2));
        out.println("==> waiting up to " + waitS + "s for all " + ClusterLayout.NODE_COUNT + " nodes and exactly one"
                + " leader");
        long deadlineNs = System.nanoTime() + waitS * 1_000_000_000L;
        List<Integer> leaders = List.of();
        int upCount = 0;
        List<String> unhealthy = List.of();
        do {
            leaders = new ArrayList<>();
            upCount = 0;
            for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) {
                var s = api.status(ClusterLayout.httpPort(i));
                if (s.isEmpty()) continue;
                upCount++;
                if (s.get().isLeader()) leaders.add(i);
            }
            unhealthy = new ArrayList<>();
            if (layout.servicesEnabled()) {
                for (String service : ClusterLayout.SERVICES.keySet()) {
                    if (!Docker.health(ClusterLayout.serviceContainer(service)).equals("healthy")) unhealthy.add(service);
                }
            }
            if (leaders.size() == 1 && upCount == ClusterLayout.NODE_COUNT && unhealthy.isEmpty() && api.proxyHealthy()) {
                out.println("leader: node-" + leaders.get(0) + " (http://127.0.0.1:"
                        + ClusterLayout.httpPort(leaders.get(0)) + "); proxy: https://127.0.0.1:8443");
                if (layout.servicesEnabled()) {
                    out.println("services healthy: multi-driver-postgres 127.0.0.1:5432, multi-driver-redis"
                            + " 127.0.0.1:6379, multi-driver-rabbitmq 127.0.0.1:5672 (passwords in secrets/services/)");
                }
                out.println("next: cluster test [--via-proxy]   |   logs: cluster logs   |   stop: cluster stop");
                return 0;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadlineNs);
        err.println("not ready after " + waitS + "s: " + upCount + "/" + ClusterLayout.NODE_COUNT
                + " nodes answer, leaders: " + (leaders.isEmpty() ? "none" : leaders)
                + (layout.servicesEnabled() ? ", services not healthy: " + unhealthy : "") + "; container states:");
        compose.run(List.of("ps"), Map.of(), err, err);
        err.println("see: cluster logs");
        return 2;
    }

    /** Output of a step, indented as "==> " lines like the rest of the start. */
    private java.io.PrintStream prefixed() {
        return new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    out.println("==> " + line.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
