package multidriver.core.raft;

import java.util.ArrayList;
import java.util.List;
import multidriver.core.log.Entry;

/**
 * The in-memory Raft log (§5.3): entries indexed from 1, O(1) access by index (position = index - 1, no
 * compaction). Tracks which suffix has not yet been handed to stable storage ({@link #unstableFrom()}) and the
 * lowest index rewritten by a truncation since the invariant checker last looked.
 */
final class RaftLog {
    private final ArrayList<Entry> entries;
    /** First index not yet handed to the driver for persisting. */
    private long unstableFrom;
    /** Lowest index overwritten by a truncation since {@link #takeLowestRewritten()}; MAX_VALUE if none. */
    private long lowestRewritten = Long.MAX_VALUE;

    RaftLog(List<Entry> recovered) {
        entries = new ArrayList<>(Math.max(16, recovered.size() * 2));
        entries.addAll(recovered);
        unstableFrom = entries.size() + 1L;
    }

    long lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).term();
    }

    /** Term of the entry at {@code index}; 0 for index 0; -1 when the log has no such index. */
    long termAt(long index) {
        if (index == 0) return 0;
        if (index < 0 || index > entries.size()) return -1;
        return entries.get((int) (index - 1)).term();
    }

    Entry get(long index) {
        if (index < 1 || index > entries.size()) {
            throw new IndexOutOfBoundsException("log index " + index + " outside [1, " + entries.size() + "]");
        }
        return entries.get((int) (index - 1));
    }

    /** A read-only view of [fromIndex, toIndex], clamped to the log; empty when the range is empty. */
    List<Entry> slice(long fromIndex, long toIndex) {
        long from = Math.max(1, fromIndex);
        long to = Math.min(toIndex, entries.size());
        if (from > to) return List.of();
        return java.util.Collections.unmodifiableList(entries.subList((int) (from - 1), (int) to));
    }

    /** Appends one entry; it must directly follow the last one (contiguous indexes). */
    void append(Entry entry) {
        if (entry.index() != entries.size() + 1L) {
            throw new IllegalStateException("append of " + entry + " does not follow last index " + entries.size());
        }
        entries.add(entry);
    }

    /** Removes every entry with index >= {@code fromIndex} (a §5.3 truncation of a conflicting suffix). */
    void truncateFrom(long fromIndex) {
        if (fromIndex < 1 || fromIndex > entries.size()) return;
        entries.subList((int) (fromIndex - 1), entries.size()).clear();
        unstableFrom = Math.min(unstableFrom, fromIndex);
        lowestRewritten = Math.min(lowestRewritten, fromIndex);
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
