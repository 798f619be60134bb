package multidriver.core.raft.message;

import multidriver.core.raft.NodeId;

/**
 * A follower's answer to an {@link InstallSnapshot} chunk that did not complete the snapshot: the offset it expects
 * next of snapshot {@code snapshotIndex} (0 when it holds none of it). Completion is answered with a successful
 * {@link AppendEntriesResponse} at the snapshot's index, so the leader's usual replication takes over.
 */
public record InstallSnapshotResponse(NodeId from, NodeId to, long term, long snapshotIndex, long nextOffset)
        implements Message {
}
