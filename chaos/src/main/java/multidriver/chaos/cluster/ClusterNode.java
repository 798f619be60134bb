package multidriver.chaos.cluster;

import java.net.URI;

/**
 * One node of a running cluster as the host sees it.
 *
 * @param id        Raft node id, 0-based; also the index in {@code PEERS}
 * @param container container name or id, for the docker CLI
 * @param alias     the node's name on the cluster network ({@code node-<id>})
 * @param httpPort  host port on 127.0.0.1 published for the node's HTTP API (container port 9081)
 * @param httpBase  where clients send this node's requests: the node's own port, or the reverse proxy
 *                  ({@code --through-proxy}), always on loopback
 */
public record ClusterNode(int id, String container, String alias, int httpPort, URI httpBase) {
    public ClusterNode(int id, String container, String alias, int httpPort) {
        this(id, container, alias, httpPort, URI.create("http://127.0.0.1:" + httpPort));
    }

    public ClusterNode {
        if (!"127.0.0.1".equals(httpBase.getHost())) {
            throw new IllegalArgumentException("clients talk to loopback only, not " + httpBase);
        }
        if (id < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + id);
        }
        if (httpPort <= 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
    }

    /** The same node, its client requests sent to {@code base} instead (the proxy balances them over the nodes). */
    public ClusterNode via(URI base) {
        return new ClusterNode(id, container, alias, httpPort, base);
    }

    public String name() {
        return alias;
    }
}
