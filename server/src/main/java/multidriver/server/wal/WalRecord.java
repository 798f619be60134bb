package multidriver.server.wal;

import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;

/**
 * One logical record of the write-ahead log. A closed set: the WAL stores Raft log entries and the Raft hard
 * state, nothing else (Raft §5.1/Figure 2: currentTerm, votedFor and log[] live on stable storage, updated before
 * responding to RPCs).
 */
sealed interface WalRecord {

    /** Stable type tag written into each record header. */
    byte type();

    /**
     * A Raft log entry. An entry whose index is not greater than the last index already in the WAL is a logical
     * truncation: every entry at or after its index is discarded first (a leader overwrote a conflicting suffix,
     * §5.3), so the WAL never rewrites files.
     */
    record EntryRecord(Entry entry) implements WalRecord {
        /** 1 for a command entry, 3 for a configuration entry (thesis §4.1): older WALs hold only 1s and still read. */
        @Override
        public byte type() {
            return entry.isConfig() ? (byte) 3 : 1;
        }
    }

    /** The Raft hard state; the last one in the WAL wins on recovery. */
    record HardStateRecord(HardState state) implements WalRecord {
        @Override
        public byte type() {
            return 2;
        }
    }
}
