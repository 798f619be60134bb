package multidriver.core.raft.message;

import java.util.Objects;
import multidriver.core.raft.Membership;
import multidriver.core.raft.NodeId;

/**
 * Leader to a follower that needs entries the leader has compacted away (§7): one chunk of the snapshot whose last
 * included entry is ({@code snapshotIndex}, {@code snapshotTerm}), the bytes at {@code offset} of its
 * {@code totalBytes}. Chunks are sent one at a time; the follower says which offset it expects next, so a lost chunk
 * is resent and a duplicate is ignored. Every chunk carries the snapshot's configuration (small and bounded), so the
 * last one completes the snapshot whichever chunks came before.
 */
public record InstallSnapshot(NodeId from, NodeId to, long term, long snapshotIndex, long snapshotTerm,
                              Membership membership, long offset, long totalBytes, byte[] chunk) implements Message {
    public InstallSnapshot {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(membership, "membership");
        if (snapshotIndex < 1 || snapshotTerm < 1) {
            throw new IllegalArgumentException("snapshot index and term must be >= 1: " + snapshotIndex + "@" + snapshotTerm);
        }
        if (offset < 0 || totalBytes < 0 || offset + chunk.length > totalBytes) {
            throw new IllegalArgumentException("chunk [" + offset + ", +" + chunk.length + ") outside " + totalBytes + " bytes");
        }
    }

    /** The last chunk: after it the follower holds the whole snapshot. */
    public boolean done() {
        return offset + chunk.length == totalBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstallSnapshot s && s.from.equals(from) && s.to.equals(to) && s.term == term
                && s.snapshotIndex == snapshotIndex && s.snapshotTerm == snapshotTerm && s.membership.equals(membership)
                && s.offset == offset
                && s.totalBytes == totalBytes && java.util.Arrays.equals(s.chunk, chunk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to, term, snapshotIndex, offset) * 31 + java.util.Arrays.hashCode(chunk);
    }

    @Override
    public String toString() {
        return "InstallSnapshot[" + from + "->" + to + " t" + term + " snap=" + snapshotIndex + "@t" + snapshotTerm
                + " bytes " + offset + "+" + chunk.length + "/" + totalBytes + "]";
    }
}
