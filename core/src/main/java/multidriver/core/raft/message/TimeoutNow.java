package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Leadership transfer (thesis §3.10): the leader, having brought {@code to}'s log up to date and stopped accepting
 * proposals, tells it to start an election at once, without waiting for its election timeout or a PreVote round.
 *
 * <p>{@code leaderLastIndex} is the last index of the leader's log when it sent this, which the target then held
 * too. A target whose log has moved past it (or not reached it) knows the invitation is stale: the transfer was
 * abandoned and the leader took proposals again (its later entries reached the target first), so campaigning
 * would depose a healthy leader for nothing. {@link #UNKNOWN_INDEX} is an invitation from a server whose wire format
 * predates the field; it is taken as before.
 */
public record TimeoutNow(NodeId from, NodeId to, long term, long leaderLastIndex) implements Message {
    /** The sender's wire format did not carry the leader's last index. */
    public static final long UNKNOWN_INDEX = -1;

    public TimeoutNow {
        if (leaderLastIndex < UNKNOWN_INDEX) {
            throw new IllegalArgumentException("leaderLastIndex must be >= 0 (or UNKNOWN_INDEX): " + leaderLastIndex);
        }
    }
}
