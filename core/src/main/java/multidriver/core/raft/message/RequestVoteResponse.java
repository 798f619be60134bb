package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/** Answer to a {@link RequestVote} (or PreVote when {@code preVote}). */
public record RequestVoteResponse(NodeId from, NodeId to, long term, boolean granted, boolean preVote)
        implements Message {
}
