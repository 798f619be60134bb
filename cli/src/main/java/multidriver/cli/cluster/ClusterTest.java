package multidriver.cli.cluster;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.client.Reply;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster test}: the guide's test_cluster.ps1. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a table of node, role, term, leader and commit index from every node's /status"
                + " (http://127.0.0.1:9081-9085), then writes a fresh key through one node and reads it back through"
                + " another (followers forward to the leader). Every request carries the API token (MULTIDRIVER_TOKEN,"
                + " else secrets/admin.token).", "",
                "When the services of cluster start --with-services run, a second table gives the health of"
                + " multi-driver-postgres, multi-driver-redis and multi-driver-rabbitmq (their Docker health checks).",
                ""},
        footer = {"", "Exit codes: 0 exactly one leader and the write was read back (and every service healthy);"
                + " 1 not exactly one leader, the read did not return the written value, or a service is not healthy;"
                + " 2 no node answered or the write failed."})
final class ClusterTest extends Tool {
    @Option(names = "--no-write", description = "only the table (and the leader count)")
    boolean noWrite;

    @Option(names = "--via-proxy", description = "write and read through the reverse proxy, https://127.0.0.1:8443,"
            + " checking its certificate against secrets/tls/ca.crt (the table still asks each node)")
    boolean viaProxy;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected int run() throws Exception {
        ClusterLayout layout = new ClusterLayout(RepoRoot.find());
        ClusterApi api = ClusterApi.of(layout, java.time.Duration.ofSeconds(5));
        out.printf("%-8s %-6s %-14s %-6s %-8s %-12s%n", "NODE", "PORT", "ROLE", "TERM", "LEADER", "COMMIT_INDEX");
        List<Integer> up = new ArrayList<>();
        List<Integer> leaders = new ArrayList<>();
        for (int i = 0; i < ClusterLayout.NODE_COUNT; i++) {
            int port = ClusterLayout.httpPort(i);
            var s = api.status(port);
            if (s.isPresent()) {
                NodeStatus st = s.get();
                out.printf("%-8s %-6s %-14s %-6s %-8s %-12s%n", "node-" + i, port, st.role(), st.term(),
                        st.leader() < 0 ? "null" : st.leader(), st.commitIndex());
                up.add(i);
                if (st.isLeader()) leaders.add(i);
            } else {
                out.printf("%-8s %-6s %-14s %-6s %-8s %-12s%n", "node-" + i, port, "DOWN", "-", "-", "-");
            }
        }
        out.println("nodes up: " + up.size() + "/" + ClusterLayout.NODE_COUNT + ", leaders: " + leaders.size()
                + (leaders.isEmpty() ? "" : " (" + String.join(" ", leaders.stream().map(l -> "node-" + l).toList()) + ")"));
        if (up.isEmpty()) {
            throw new ClusterException("no node answered /status (is the cluster running? cluster start)");
        }
        int verdict = 0;
        if (leaders.size() != 1) {
            out.println("FAIL: expected exactly one leader, found " + leaders.size());
            verdict = 1;
        }
        if (layout.servicesEnabled()) {
            out.printf("%-24s %-6s %-10s%n", "SERVICE", "PORT", "HEALTH");
            int healthy = 0;
            for (Map.Entry<String, Integer> s : ClusterLayout.SERVICES.entrySet()) {
                String health = Docker.health(ClusterLayout.serviceContainer(s.getKey()));
                out.printf("%-24s %-6s %-10s%n", ClusterLayout.serviceContainer(s.getKey()), s.getValue(), health);
                if (health.equals("healthy")) healthy++;
            }
            out.println("services healthy: " + healthy + "/" + ClusterLayout.SERVICES.size());
            if (healthy != ClusterLayout.SERVICES.size()) {
                out.println("FAIL: a service is not healthy (cluster logs --service NAME)");
                verdict = 1;
            }
        }
        if (noWrite) return verdict;
        String value = "value-" + Integer.toUnsignedString(RANDOM.nextInt());
        if (viaProxy) {
            String key = "test-cluster-proxy-" + System.currentTimeMillis() / 1000 + "-" + RANDOM.nextInt(32768);
            HttpResponse<String> put;
            try {
                put = api.putViaProxy(key, value);
            } catch (java.io.IOException e) {
                put = null;
            }
            if (put == null || put.statusCode() >= 400) {
                throw new ClusterException("PUT /kv/" + key + " through the proxy (https://127.0.0.1:"
                        + ClusterLayout.PROXY_HTTPS_PORT + ") was not acknowledged"
                        + (put == null ? "" : ": " + put.statusCode() + " " + put.body()));
            }
            String servedBy = put.headers().firstValue("X-Node-Id").orElse("?");
            String requestId = put.headers().firstValue("X-Request-Id").orElse("?");
            String got = api.readViaProxy(key);
            if (value.equals(got)) {
                out.println("write and read via the proxy (HTTPS, served by node-" + servedBy + ", request id "
                        + requestId + "): ok (" + key + "=" + value + ")");
            } else {
                out.println("FAIL: wrote " + key + "=" + value + " via the proxy, read via the proxy returned: "
                        + (got == null ? "<no answer>" : got));
                verdict = 1;
            }
            return verdict;
        }
        // Write through a node that is not the leader when there is one, to exercise forwarding.
        int writer = up.get(0);
        for (int n : up) {
            if (!leaders.contains(n)) {
                writer = n;
                break;
            }
        }
        int reader = writer;
        for (int n : up) {
            if (n != writer) {
                reader = n;
                break;
            }
        }
        String key = "test-cluster-" + System.currentTimeMillis() / 1000 + "-" + RANDOM.nextInt(32768);
        Reply put = api.put(ClusterLayout.httpPort(writer), key, value);
        if (!(put instanceof Reply.Answered a) || a.status() >= 400) {
            throw new ClusterException("PUT /kv/" + key + " through node-" + writer + " was not acknowledged: " + put);
        }
        String got = api.read(ClusterLayout.httpPort(reader), key);
        if (value.equals(got)) {
            out.println("write via node-" + writer + ", read via node-" + reader + ": ok (" + key + "=" + value + ")");
        } else {
            out.println("FAIL: wrote " + key + "=" + value + " via node-" + writer + ", read via node-" + reader
                    + " returned: " + (got == null ? "<no answer>" : got));
            verdict = 1;
        }
        return verdict;
    }
}
