package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/** Follower's acknowledgement of a {@link Heartbeat}, echoing its {@code readContext}. */
public record HeartbeatResponse(NodeId from, NodeId to, long term, long readContext) implements Message {
}
