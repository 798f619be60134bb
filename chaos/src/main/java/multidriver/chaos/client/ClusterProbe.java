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
    private final List<ClusterNode> nodes;

    public ClusterProbe(List<ClusterNode> nodes, String apiToken) {
        this.nodes = List.copyOf(nodes);
        this.http = new NodeHttp(Duration.ofMillis(500), Duration.ofMillis(1_000), apiToken);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, NodeStatus> s = statuses();
            List<Integer> leaders = s.entrySet().stream().filter(e -> e.getValue().isLeader()).map(Map.Entry::getKey).toList();
            if (leaders.size() == 1 && s.size() >= minNodesAnswering
                    && s.values().stream().allMatch(st -> st.leader() == leaders.get(0))) {
                return Optional.of(leaders.get(0));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
