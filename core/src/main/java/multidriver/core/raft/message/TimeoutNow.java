package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Leadership transfer (thesis §3.10): the leader, having brought {@code to}'s log up to date and stopped accepting
 * proposals, tells it to start an election at once, without waiting for its election timeout or a PreVote round.
 */
public record TimeoutNow(NodeId from, NodeId to, long term) implements Message {
}
