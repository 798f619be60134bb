package multidriver.chaos.cluster;

import java.util.List;

/**
 * A running cluster of node containers on one Docker network: either created for one chaos run
 * ({@link TestcontainersCluster}) or the operations guide's compose cluster started by
 * {@code scripts/start_docker_cluster.sh} ({@link ComposeCluster}).
 */
public sealed interface Cluster extends AutoCloseable permits TestcontainersCluster, ComposeCluster {
    /** Nodes in id order. */
    List<ClusterNode> nodes();

    /** Name or id of the Docker network the nodes talk Raft over. */
    String network();

    /** One line for the terminal and the report. */
    String describe();

    /** The bearer token the harness's clients send (an admin token of this cluster's tokens file). */
    String apiToken();

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
