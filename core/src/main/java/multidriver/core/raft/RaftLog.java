package multidriver.core.raft;

import java.util.ArrayList;
import java.util.List;
import multidriver.core.log.Entry;

/**
 * The in-memory Raft log (§5.3): the entries after a snapshot (§7), O(1) access by index. Entries up to and including
 * {@link #snapshotIndex()} were compacted into the state machine's snapshot: only their last index and term remain,
 * so the consistency check at the snapshot point still works. Tracks which suffix has not yet been handed to stable
 * storage ({@link #unstableFrom()}) and the lowest index rewritten by a truncation since the invariant checker last
 * looked.
 *
 * <p>It also tracks the configuration (thesis §4.1): the latest configuration entry in the log is the one in effect,
 * whether or not it is committed; a truncation that removes it brings back the one before it; the snapshot keeps the
 * configuration as of its index.
 */
final class RaftLog {
    private final ArrayList<Entry> entries;
    /** Last index and term covered by the snapshot; 0 and 0 without one. */
    private long snapshotIndex;
    private long snapshotTerm;
    /** First index not yet handed to the driver for persisting. */
    private long unstableFrom;
    /** Lowest index overwritten by a truncation since {@link #takeLowestRewritten()}; MAX_VALUE if none. */
    private long lowestRewritten = Long.MAX_VALUE;
    /** The configuration as of the snapshot (or the bootstrap one without a snapshot). */
    private Membership snapshotMembership;
    /** Indexes of the configuration entries held, ascending, and the latest configuration in effect. */
    private final ArrayList<Long> configIndexes = new ArrayList<>();
    private Membership latest;
    /** The configuration before the latest entry's (kept, not decoded again: drivers ask after every step). */
    private Membership previous;

    RaftLog(List<Entry> recovered) {
        this(Membership.EMPTY, 0, 0, recovered);
    }

    /**
     * A log that starts after a snapshot at ({@code snapshotIndex}, {@code snapshotTerm}) whose configuration is
     * {@code base} (without a snapshot: the configuration the cluster was bootstrapped with).
     */
    RaftLog(Membership base, long snapshotIndex, long snapshotTerm, List<Entry> recovered) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        this.snapshotMembership = base;
        this.latest = base;
        this.previous = base;
        entries = new ArrayList<>(Math.max(16, recovered.size() * 2));
        for (Entry e : recovered) append(e);
        unstableFrom = lastIndex() + 1;
    }

    /** The configuration in effect: that of the latest configuration entry, committed or not (thesis §4.1). */
    Membership membership() {
        return latest;
    }

    /** Index of the latest configuration entry held, or 0 when the configuration comes from the snapshot or bootstrap. */
    long latestConfigIndex() {
        return configIndexes.isEmpty() ? 0 : configIndexes.get(configIndexes.size() - 1);
    }

    /** The configuration in effect at {@code index} (not below the snapshot). */
    Membership membershipAt(long index) {
        for (int i = configIndexes.size() - 1; i >= 0; i--) {
            if (configIndexes.get(i) <= index) return MembershipCodec.decode(get(configIndexes.get(i)).data());
        }
        return snapshotMembership;
    }

    /** The configuration that preceded the latest configuration entry (the committed one while a change is pending). */
    Membership previousMembership() {
        return previous;
    }

    private void refreshPrevious() {
        previous = configIndexes.isEmpty() ? snapshotMembership
                : membershipAt(configIndexes.get(configIndexes.size() - 1) - 1);
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    /** The lowest index still held as an entry. */
    long firstIndex() {
        return snapshotIndex + 1;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
    }

    /**
     * Term of the entry at {@code index}; 0 for index 0; the snapshot's term at its index; -1 when the log has no such
     * index, either beyond its end or compacted away (see {@link #isCompacted}).
     */
    long termAt(long index) {
        if (index == snapshotIndex) return snapshotTerm;
        if (index < snapshotIndex || index > lastIndex()) return -1;
        return entries.get((int) (index - snapshotIndex - 1)).term();
    }

    /** True when {@code index} lies inside the snapshot (its entry is gone, its term unknown unless at the edge). */
    boolean isCompacted(long index) {
        return index >= 1 && index < snapshotIndex;
    }

    Entry get(long index) {
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IndexOutOfBoundsException("log index " + index + " outside [" + firstIndex() + ", " + lastIndex()
                    + "]");
        }
        return entries.get((int) (index - snapshotIndex - 1));
    }

    /** A read-only view of [fromIndex, toIndex], clamped to the entries held; empty when the range is empty. */
    List<Entry> slice(long fromIndex, long toIndex) {
        long from = Math.max(firstIndex(), fromIndex);
        long to = Math.min(toIndex, lastIndex());
        if (from > to) return List.of();
        return java.util.Collections.unmodifiableList(
                entries.subList((int) (from - snapshotIndex - 1), (int) (to - snapshotIndex)));
    }

    /** Appends one entry; it must directly follow the last one (contiguous indexes). */
    void append(Entry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("append of " + entry + " does not follow last index " + lastIndex());
        }
        entries.add(entry);
        if (entry.isConfig()) {
            previous = latest;
            latest = MembershipCodec.decode(entry.data());
            configIndexes.add(entry.index());
        }
    }

    /** Removes every entry with index >= {@code fromIndex} (a §5.3 truncation of a conflicting suffix). */
    void truncateFrom(long fromIndex) {
        if (fromIndex > lastIndex()) return;
        if (fromIndex <= snapshotIndex) {
            throw new IllegalStateException("truncation from " + fromIndex + " reaches into the snapshot at "
                    + snapshotIndex + " (committed entries)");
        }
        entries.subList((int) (fromIndex - snapshotIndex - 1), entries.size()).clear();
        if (!configIndexes.isEmpty() && configIndexes.get(configIndexes.size() - 1) >= fromIndex) {
            configIndexes.removeIf(i -> i >= fromIndex);
            latest = membershipAt(fromIndex - 1);
            refreshPrevious();
        }
        unstableFrom = Math.min(unstableFrom, fromIndex);
        lowestRewritten = Math.min(lowestRewritten, fromIndex);
    }

    /**
     * Drops the entries up to and including {@code index}, which a snapshot now covers (§7). They must be persisted
     * already (the driver snapshots only what it applied).
     */
    void compactTo(long index) {
        if (index <= snapshotIndex) return;
        if (index > lastIndex() || index >= unstableFrom) {
            throw new IllegalStateException("compaction to " + index + " beyond the persisted log (last " + lastIndex()
                    + ", unstable from " + unstableFrom + ")");
        }
        long term = termAt(index);
        snapshotMembership = membershipAt(index);
        configIndexes.removeIf(i -> i <= index);
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        if (configIndexes.isEmpty()) previous = snapshotMembership;
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /**
     * A snapshot received from the leader (§7): if the log holds its last entry, the entries after it are kept;
     * otherwise the whole log is discarded and starts after the snapshot.
     */
    void restoreTo(long index, long term, Membership membership) {
        if (index <= lastIndex() && termAt(index) == term && index >= snapshotIndex) {
            if (index >= unstableFrom) {
                // The snapshot covers entries not yet persisted; they are now in the snapshot the driver persists.
                unstableFrom = index + 1;
            }
            compactTo(index);
            return;
        }
        entries.clear();
        configIndexes.clear();
        snapshotIndex = index;
        snapshotTerm = term;
        snapshotMembership = membership;
        latest = membership;
        previous = membership;
        unstableFrom = index + 1;
        lowestRewritten = Math.min(lowestRewritten, index + 1);
    }

    /**
     * §5.4.1: a candidate's log is at least as up-to-date as ours if its last term is higher, or equal with an
     * index at least as high.
     */
    boolean isUpToDate(long candidateLastIndex, long candidateLastTerm) {
        long lastTerm = lastTerm();
        return candidateLastTerm > lastTerm || (candidateLastTerm == lastTerm && candidateLastIndex >= lastIndex());
    }

    /** True when we hold an entry at {@code index} with {@code term} (the §5.3 consistency check). */
    boolean matchTerm(long index, long term) {
        return termAt(index) == term;
    }

    /**
     * Fast backup hint for a rejected append (§5.3, etcd's findConflictByTerm): the largest index <= {@code index}
     * whose term is <= {@code term}, not below {@code floor}. Entries above it cannot match the leader, whose terms up to its prevLogIndex
     * are all <= its prevLogTerm.
     */
    long lastIndexWithTermAtMost(long index, long term, long floor) {
        long i = Math.min(index, lastIndex());
        while (i > floor && termAt(i) > term) i--;
        return i;
    }

    /** First index (but not below {@code floor + 1}) of the run of same-term entries that ends at {@code index}. */
    long firstIndexOfTermRun(long index, long floor) {
        long term = termAt(index);
        long i = index;
        while (i > floor + 1 && termAt(i - 1) == term) i--;
        return i;
    }

    long unstableFrom() {
        return unstableFrom;
    }

    /** The driver persisted entries up to (index, term); ignored if that entry was since replaced. */
    void stableTo(long index, long term) {
        if (termAt(index) == term && index >= unstableFrom) unstableFrom = index + 1;
    }

    long takeLowestRewritten() {
        long rewritten = lowestRewritten;
        lowestRewritten = Long.MAX_VALUE;
        return rewritten;
    }
}
