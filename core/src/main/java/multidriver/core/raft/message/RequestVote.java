package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Candidate asks for a vote (§5.2) carrying its last log position for the vote restriction (§5.4.1).
 * With {@code preVote} set it is a PreVote probe (thesis §9.6): {@code term} is the term the sender WOULD
 * campaign in, and no receiver changes its own term or vote because of it.
 */
public record RequestVote(NodeId from, NodeId to, long term, long lastLogIndex, long lastLogTerm, boolean preVote)
        implements Message {
}
