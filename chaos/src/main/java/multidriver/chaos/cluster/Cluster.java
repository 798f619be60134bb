package multidriver.chaos.cluster;

import java.util.List;

/**
 * A running cluster of containers on one Docker network, of any target system: created for one chaos run
 * ({@link ContainerCluster}, e.g. by {@link TestcontainersCluster} for multi-driver nodes) or the operations guide's
 * compose cluster started by {@code scripts/start_docker_cluster.sh} ({@link ComposeCluster}).
 */
public interface Cluster extends AutoCloseable {
    /** Nodes in id order. */
    List<ClusterNode> nodes();

    /** Name or id of the Docker network the nodes talk Raft over. */
    String network();

    /** One line for the terminal and the report. */
    String describe();

    /**
     * The bearer token the harness's clients send (for multi-driver: an admin token of this cluster's tokens file), or
     * "" for a system whose clients authenticate otherwise or not at all.
     */
    String apiToken();

    /**
     * The loopback host port where member {@code id}'s container port {@code containerPort} is published, for
     * targets whose clients speak to more than one port or to a port other than the node's HTTP API.
     */
    default int publishedPort(int id, int containerPort) {
        throw new UnsupportedOperationException(describe() + " does not say where its ports are published");
    }

    default int size() {
        return nodes().size();
    }

    default ClusterNode node(int id) {
        return nodes().get(id);
    }

    /** Removes what this run created; an existing compose cluster is left running. */
    @Override
    void close();
}
