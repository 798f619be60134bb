package multidriver.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.client.NodeHttp;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.client.Reply;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's Docker test: five nodes from the image; kill -9 the leader; a new leader is elected (Raft §5.2) and
 * serves every write acknowledged before the crash (Leader Completeness, §5.4); the old leader restarts from its
 * volume and rejoins as a follower.
 */
class LeaderFailoverDockerTest {
    private static final int KEYS = 30;
    private static final int WRITE_ATTEMPTS = 8;
    private NodeHttp http;

    @Test
    void killedLeaderIsReplacedAndNoAcknowledgedWriteIsLost() {
        DockerRequirement.requireDockerOrSkip();
        DockerCli docker = new DockerCli(60_000);
        String image = NodeImage.resolve(RepoRoot.find(), docker);
        try (Cluster cluster = TestcontainersCluster.start(ClusterSpec.of(5, Map.of()).withImage(image))) {
            ClusterControl control = new ClusterControl(cluster, docker);
            http = new NodeHttp(Duration.ofMillis(500), Duration.ofSeconds(5), cluster.apiToken());
            ClusterProbe probe = new ClusterProbe(cluster.nodes(), cluster.apiToken());
            int oldLeader = probe.awaitLeader(Duration.ofSeconds(120), 5).orElseThrow(() ->
                    new AssertionError("no leader within 120 s: " + probe.statuses()));
            long oldTerm = probe.statuses().get(oldLeader).term();

            // Acknowledged writes, through every node (followers forward to the leader). Just after the first
            // election a node may not know the leader yet, or a request may time out on a loaded machine: a write
            // is retried (bounded) with the same client session, registered through the log first, so a retry is
            // applied at most once (§6.3).
            String clientId = registerSession(cluster);
            Map<String, String> acked = new TreeMap<>();
            Map<String, Reply> lastRefusal = new TreeMap<>();
            for (int i = 0; i < KEYS; i++) {
                String key = "failover-" + i;
                String value = "v" + i;
                NodeHttp.Session session = new NodeHttp.Session(clientId, i + 1);
                for (int attempt = 0; attempt < WRITE_ATTEMPTS && !acked.containsKey(key); attempt++) {
                    ClusterNode via = cluster.node((i + attempt) % 5);
                    Reply r = http.put(via.httpBase(), key, value, session);
                    if (r instanceof Reply.Answered a && a.status() == 200) {
                        acked.put(key, value);
                    } else {
                        lastRefusal.put(key, r);
                        pause(Duration.ofMillis(250));
                    }
                }
            }
            assertEquals(KEYS, acked.size(), "a healthy cluster acknowledges every write within "
                    + WRITE_ATTEMPTS + " attempts; last refusals: " + lastRefusal);

            control.kill(oldLeader);
            Optional<Integer> newLeader = awaitLeaderOtherThan(probe, oldLeader);
            assertTrue(newLeader.isPresent(), "a new leader within 30 s of killing node-" + oldLeader + ": " + probe.statuses());
            assertNotEquals(oldLeader, newLeader.get());
            assertTrue(probe.statuses().get(newLeader.get()).term() > oldTerm, "the new leader's term is higher");

            ClusterNode leaderNode = cluster.node(newLeader.get());
            acked.forEach((key, value) -> assertEquals(value, readValue(leaderNode, key), key + " survived the crash"));

            control.start(oldLeader);
            NodeStatus rejoined = awaitFollowerOf(probe, oldLeader, newLeader.get());
            assertEquals("FOLLOWER", rejoined.role(), "node-" + oldLeader + " rejoins as a follower: " + rejoined);
            acked.forEach((key, value) -> assertEquals(value, readValue(cluster.node(oldLeader), key),
                    key + " readable through the restarted node"));
        }
    }

    /** POST /sessions through the nodes in turn until one answers 201 (bounded). */
    private String registerSession(Cluster cluster) {
        Reply last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            last = http.register(cluster.node(attempt % 5).httpBase());
            if (last instanceof Reply.Answered a && a.status() == 201) {
                return NodeHttp.parse(a.body()).map(j -> j.path("clientId").asText()).orElseThrow();
            }
            pause(Duration.ofMillis(250));
        }
        throw new AssertionError("no session registered in " + WRITE_ATTEMPTS + " attempts: " + last);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A definite answer (200 or 404) from {@code node}; a timeout or 5xx (e.g. a leader not yet ready) is retried. */
    private String readValue(ClusterNode node, String key) {
        Reply r = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            r = http.get(node.httpBase(), key);
            if (r instanceof Reply.Answered a && a.status() == 200) {
                return NodeHttp.parse(a.body()).map(j -> j.path("value").asText()).orElse(null);
            }
            if (r instanceof Reply.Answered a && a.status() == 404) {
                return null;
            }
            pause(Duration.ofMillis(250));
        }
        return "no value (" + r + ")";
    }

    private static Optional<Integer> awaitLeaderOtherThan(ClusterProbe probe, int old) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> l = probe.awaitLeader(Duration.ofSeconds(2), 4);
            if (l.isPresent() && l.get() != old) {
                return l;
            }
        }
        return Optional.empty();
    }

    private static NodeStatus awaitFollowerOf(ClusterProbe probe, int node, int leader) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        NodeStatus last = null;
        while (System.nanoTime() < deadline) {
            last = probe.statuses().get(node);
            if (last != null && last.leader() == leader && "FOLLOWER".equals(last.role())) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return last == null ? new NodeStatus(node, "DOWN", -1, -1, -1, -1) : last;
    }
}
