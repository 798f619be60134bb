package multidriver.core.raft;

import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.Message;

/**
 * One batch of output from a {@link RaftNode}, in the order a driver must handle it (the etcd Ready/Advance
 * contract):
 * <ol>
 *   <li>persist {@code snapshot} (if non-null: one received from the leader, §7) durably, then {@code hardState} (if
 *       non-null) and {@code entries} to stable storage; if the first entry's index is
 *       not past the stored log, the stored suffix from that index on is replaced (a §5.3 truncation); when
 *       {@code mustSync}, the write must be durable (fsync) before going on;</li>
 *   <li>only then send {@code messages}: they may depend on the persisted term, vote and entries;</li>
 *   <li>restore the state machine from {@code snapshot} (if non-null), then apply {@code committedEntries}, in
 *       order (they follow the snapshot);</li>
 *   <li>answer {@code readStates} once the state machine has applied each one's read index;</li>
 *   <li>call {@link RaftNode#advance(Ready)}.</li>
 * </ol>
 *
 * @param snapshot         a snapshot received from the leader, to persist and restore, or {@code null}
 * @param hardState        new hard state to persist, or {@code null} when unchanged since the last Ready
 * @param entries          entries to append to stable storage (possibly replacing a conflicting suffix)
 * @param mustSync         whether the write of hardState/entries must be synced before messages are sent
 * @param messages         messages to send after the persist
 * @param committedEntries entries newly known committed, to apply in index order
 * @param readStates       linearizable reads that became safe
 */
public record Ready(Snapshot snapshot, HardState hardState, List<Entry> entries, boolean mustSync, List<Message> messages,
                    List<Entry> committedEntries, List<ReadState> readStates) {
    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    public boolean isEmpty() {
        return snapshot == null && hardState == null && entries.isEmpty() && messages.isEmpty() && committedEntries.isEmpty()
                && readStates.isEmpty();
    }
}
