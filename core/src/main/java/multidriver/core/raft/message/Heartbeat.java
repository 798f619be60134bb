package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Leader's periodic assertion of authority (§5.2). {@code commitIndex} is capped at what the follower is known to
 * hold; {@code readContext} (0 if none) lets a leader confirm leadership for pending ReadIndex requests
 * (thesis §6.4).
 */
public record Heartbeat(NodeId from, NodeId to, long term, long commitIndex, long readContext) implements Message {
}
