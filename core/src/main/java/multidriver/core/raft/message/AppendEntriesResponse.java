package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * Follower's answer to {@link AppendEntries}. On success {@code matchIndex} is the last index the follower now
 * holds that matches the leader's log; on rejection {@code rejectHint} is the follower's last log index (or the
 * first index of the conflicting term) so the leader can back up nextIndex in one step instead of one by one (§5.3).
 */
public record AppendEntriesResponse(NodeId from, NodeId to, long term, boolean success, long matchIndex,
                                    long rejectHint) implements Message {
}
