package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Candidate asks for a vote (§5.2) carrying its last log position for the vote restriction (§5.4.1).
 * With {@code preVote} set it is a PreVote probe (thesis §9.6): {@code term} is the term the sender WOULD
 * campaign in, and no receiver changes its own term or vote because of it. With {@code transfer} set the candidate
 * campaigns because the leader handed leadership over ({@link TimeoutNow}, thesis §3.10): receivers do not ignore it
 * for having heard from that leader recently (the leader lease of §4.2.3 protects against disruptive servers, and
 * this one was invited).
 */
public record RequestVote(NodeId from, NodeId to, long term, long lastLogIndex, long lastLogTerm, boolean preVote,
                          boolean transfer) implements Message {
    public RequestVote(NodeId from, NodeId to, long term, long lastLogIndex, long lastLogTerm, boolean preVote) {
        this(from, to, term, lastLogIndex, lastLogTerm, preVote, false);
    }
}
