package multidriver.sim.api;

/**
 * What a node believes about leadership, for faults that aim at the leader, the liveness goal and the timeline.
 *
 * @param role      this node's role
 * @param term      its term (or epoch, view); -1 when unknown
 * @param leaderId  the node it believes leads, or -1
 */
public record NodeRole(Role role, long term, int leaderId) {
    /** The roles a leader-based system goes through; {@code OTHER} for anything else. */
    public enum Role { LEADER, FOLLOWER, CANDIDATE, PRE_CANDIDATE, OTHER }

    /** A node that says nothing about leadership. */
    public static final NodeRole UNKNOWN = new NodeRole(Role.OTHER, -1, -1);

    public NodeRole {
        if (role == null) throw new IllegalArgumentException("a role is required");
    }
}
