package multidriver.core.raft.message;

import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.raft.NodeId;

/** Leader replicates {@code entries} after position (prevLogIndex, prevLogTerm) — the consistency check of §5.3. */
public record AppendEntries(NodeId from, NodeId to, long term, long prevLogIndex, long prevLogTerm,
                            List<Entry> entries, long leaderCommit) implements Message {
    public AppendEntries {
        entries = List.copyOf(entries);
    }
}
