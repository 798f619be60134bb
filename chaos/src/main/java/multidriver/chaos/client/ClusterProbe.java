package multidriver.chaos.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import multidriver.chaos.cluster.ClusterNode;

/** Reads every node's {@code /status} through its published port. */
public final class ClusterProbe {
    private final NodeHttp http;
    private final NodeHttp admin;
    private final List<ClusterNode> nodes;

    public ClusterProbe(List<ClusterNode> nodes, String apiToken) {
        this.nodes = List.copyOf(nodes);
        this.http = new NodeHttp(Duration.ofMillis(500), Duration.ofMillis(1_000), apiToken);
        // Configuration changes wait for their commit: a longer bound than a status read.
        this.admin = new NodeHttp(Duration.ofMillis(500), Duration.ofMillis(8_000), apiToken);
    }

    /**
     * An admin request sent to the leader (else to any node, which forwards it), retried on 409 (another change in
     * progress), 503 (no leader yet) and no answer until {@code timeout}; the last reply.
     */
    public Reply admin(String method, String path, String jsonBody, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last = new Reply.NotSent("no node answered");
        while (System.nanoTime() < deadline) {
            Optional<Integer> leader = leader();
            List<ClusterNode> order = new java.util.ArrayList<>(nodes);
            leader.ifPresent(l -> order.sort((a, b) -> Boolean.compare(b.id() == l, a.id() == l)));
            for (ClusterNode n : order) {
                last = admin.admin(n.httpBase(), method, path, jsonBody);
                if (last instanceof Reply.Answered a && a.status() != 409 && a.status() != 503 && a.status() != 504) {
                    return last;
                }
                if (last instanceof Reply.Answered) break; // answered but busy: wait, then try the leader again
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
        return last;
    }

    /** Node id → status, for the nodes that answered. */
    public Map<Integer, NodeStatus> statuses() {
        Map<Integer, NodeStatus> out = new TreeMap<>();
        for (ClusterNode n : nodes) {
            http.status(n.httpBase()).ifPresent(s -> out.put(n.id(), s));
        }
        return out;
    }

    /** The node claiming leadership in the highest term, if any answers as leader. */
    public Optional<Integer> leader() {
        return statuses().entrySet().stream()
                .filter(e -> e.getValue().isLeader())
                .max((a, b) -> Long.compare(a.getValue().term(), b.getValue().term()))
                .map(Map.Entry::getKey);
    }

    /**
     * Waits until exactly one node claims leadership and every answering node agrees on it; bounded by
     * {@code timeout}. Returns the leader.
     */
    public Optional<Integer> awaitLeader(Duration timeout, int minNodesAnswering) {
        return Polling.await(timeout, () -> {
            Map<Integer, NodeStatus> s = statuses();
            List<Integer> leaders = s.entrySet().stream().filter(e -> e.getValue().isLeader()).map(Map.Entry::getKey).toList();
            boolean agreed = leaders.size() == 1 && s.size() >= minNodesAnswering
                    && s.values().stream().allMatch(st -> st.leader() == leaders.get(0));
            return agreed ? Optional.of(leaders.get(0)) : Optional.empty();
        });
    }
}
