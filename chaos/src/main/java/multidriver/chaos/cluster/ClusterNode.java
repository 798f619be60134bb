package multidriver.chaos.cluster;

import java.net.URI;

/**
 * One node of a running cluster as the host sees it.
 *
 * @param id        Raft node id, 0-based; also the index in {@code PEERS}
 * @param container container name or id, for the docker CLI
 * @param alias     the node's name on the cluster network ({@code node-<id>})
 * @param httpPort  host port on 127.0.0.1 published for the node's HTTP API (container port 9081)
 */
public record ClusterNode(int id, String container, String alias, int httpPort) {
    public ClusterNode {
        if (id < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + id);
        }
        if (httpPort <= 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
    }

    /** Base URL of the node's HTTP API; always loopback: the host never talks to container addresses. */
    public URI httpBase() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public String name() {
        return alias;
    }
}
