package multidriver.sim.fault;

import java.util.List;

/**
 * The named shapes a network partition can take (Jepsen's nemesis grudges). A shape turns a permutation of the
 * node ids ({@code order}) into a matrix of blocked directed links: {@code blocked[from][to]}.
 * {@link #ISOLATE_LEADER} is resolved when the fault starts: the current leader is moved to the front of the order.
 */
public enum PartitionShape {
    /** {@code order[0]} is cut off from everyone, both directions. */
    ISOLATE_ONE,
    /** Like ISOLATE_ONE with the leader at the time the fault starts (the classic stale-leader setup, §6.4). */
    ISOLATE_LEADER,
    /** The first floor(n/2) nodes of {@code order} against the rest: one minority, one majority. */
    HALVES,
    /** Nodes on a ring (in {@code order}) see only their neighbours within n/2 hops: every node has a majority view,
     * but the views differ, so no two nodes agree on who is reachable (Jepsen's majorities-ring). */
    MAJORITIES_RING,
    /** Two halves that cannot talk to each other, except through {@code order[0]}, which sees both. */
    BRIDGE,
    /** Asymmetric: {@code order[0]} cannot send to anyone but still receives everything. */
    ONE_WAY;

    /** The directed links this shape cuts for a cluster of {@code nodes} servers arranged in {@code order}. */
    public boolean[][] blockedLinks(List<Integer> order, int nodes) {
        if (order.size() != nodes) {
            throw new IllegalArgumentException("partition order " + order + " must list all " + nodes + " nodes");
        }
        boolean[][] blocked = new boolean[nodes][nodes];
        int[] position = new int[nodes];
        for (int i = 0; i < nodes; i++) position[order.get(i)] = i;
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                if (a != b) blocked[a][b] = cuts(position[a], position[b], nodes);
            }
        }
        return blocked;
    }

    /** Whether the link from the node at position {@code pa} to the node at position {@code pb} is cut. */
    private boolean cuts(int pa, int pb, int nodes) {
        int half = nodes / 2;
        switch (this) {
            case ISOLATE_ONE, ISOLATE_LEADER:
                return pa == 0 || pb == 0;
            case HALVES:
                return (pa < half) != (pb < half);
            case MAJORITIES_RING: {
                int distance = Math.abs(pa - pb);
                distance = Math.min(distance, nodes - distance);
                return distance > reach(nodes);
            }
            case BRIDGE:
                if (pa == 0 || pb == 0) return false;
                return ((pa - 1) < (nodes - 1) / 2) != ((pb - 1) < (nodes - 1) / 2);
            case ONE_WAY:
                return pa == 0;
            default:
                throw new IllegalStateException("unknown shape " + this);
        }
    }

    /** Ring hops each node reaches so that it sees itself plus 2*reach nodes: at least a majority. */
    private static int reach(int nodes) {
        int majority = nodes / 2 + 1;
        return (majority - 1 + 1) / 2; // ceil((majority - 1) / 2)
    }

    /** The one spelling used in reports and reproducers, e.g. {@code majorities-ring}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Reads that spelling, and the enum name older reproducers were written with. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static PartitionShape fromJson(String name) {
        for (PartitionShape shape : values()) {
            if (shape.cliName().equals(name) || shape.name().equals(name)) return shape;
        }
        throw new IllegalArgumentException("unknown partition shape '" + name + "'");
    }
}
