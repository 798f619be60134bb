package multidriver.chaos.cluster;

import java.util.Map;
import java.util.TreeMap;

/**
 * How to create a cluster for one run.
 *
 * @param nodes              number of nodes (1..9)
 * @param image              node image, e.g. {@code multi-driver-node:latest}
 * @param electionTimeoutMs  ELECTION_TIMEOUT_MS range as the node parses it, e.g. {@code 300-600}
 * @param heartbeatMs        HEARTBEAT_MS
 * @param nodeEnv            extra environment for every node (e.g. UNSAFE_STALE_READS=true), sorted by name
 */
public record ClusterSpec(int nodes, String image, String electionTimeoutMs, long heartbeatMs, Map<String, String> nodeEnv) {
    public static final String DEFAULT_IMAGE = "multi-driver-node:latest";
    public static final int RAFT_PORT = 29001;
    public static final int HTTP_PORT = 9081;
    public static final String CLUSTER_ID = "multi_driver_chaos";
    /** Marks every container and network a chaos run creates, so leftovers can be found and removed. */
    public static final String LABEL = "multidriver.chaos";

    public ClusterSpec {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("nodes must be 1..9, got " + nodes);
        }
        if (!electionTimeoutMs.matches("\\d+-\\d+")) {
            throw new IllegalArgumentException("electionTimeoutMs must look like 300-600, got " + electionTimeoutMs);
        }
        if (heartbeatMs <= 0) {
            throw new IllegalArgumentException("heartbeatMs must be > 0, got " + heartbeatMs);
        }
        nodeEnv = Map.copyOf(new TreeMap<>(nodeEnv));
    }

    public static ClusterSpec of(int nodes, Map<String, String> nodeEnv) {
        return new ClusterSpec(nodes, DEFAULT_IMAGE, "300-600", 50, nodeEnv);
    }

    public ClusterSpec withImage(String otherImage) {
        return new ClusterSpec(nodes, otherImage, electionTimeoutMs, heartbeatMs, nodeEnv);
    }

    public static String alias(int id) {
        return "node-" + id;
    }

    /** PEERS as the node reads it: {@code node-0:29001,node-1:29001,...}, index = node id. */
    public String peers() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            sb.append(i == 0 ? "" : ",").append(alias(i)).append(':').append(RAFT_PORT);
        }
        return sb.toString();
    }

    /** Where each container finds the cluster secret (copied in by {@link TestcontainersCluster}). */
    public static final String SECRET_PATH = "/run/secrets/cluster.secret";
    /** Where each container finds the HTTP tokens file (copied in by {@link TestcontainersCluster}). */
    public static final String TOKENS_PATH = "/run/secrets/tokens";

    /** The full environment of node {@code id}: the node contract's variables, then {@link #nodeEnv}. */
    public Map<String, String> environment(int id) {
        Map<String, String> env = new TreeMap<>();
        env.put("NODE_ID", Integer.toString(id));
        env.put("PEERS", peers());
        env.put("RAFT_PORT", Integer.toString(RAFT_PORT));
        env.put("HTTP_PORT", Integer.toString(HTTP_PORT));
        env.put("DATA_DIR", "/data");
        // Every chaos cluster is created new, with fresh volumes; restarts keep them, so the WAL is always found.
        env.put("BOOTSTRAP", "true");
        env.put("CLUSTER_SECRET_FILE", SECRET_PATH);
        env.put("TOKENS_FILE", TOKENS_PATH);
        env.put("ELECTION_TIMEOUT_MS", electionTimeoutMs);
        env.put("HEARTBEAT_MS", Long.toString(heartbeatMs));
        env.put("CLUSTER_ID", CLUSTER_ID);
        env.putAll(nodeEnv);
        return env;
    }
}
