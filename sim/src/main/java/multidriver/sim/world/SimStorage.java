package multidriver.sim.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.RecoveredState;

/**
 * A node's simulated disk. Writes land in a volatile view at once (the page cache); {@link #sync()} makes them
 * durable (fsync). A crash rolls every write since the last sync back (they were never on the platter), except that
 * with a torn write the first unsynced write survives in part: a prefix of its entries (and its hard state, where consistent). That is
 * the worst a real disk does to a write-ahead log without a checksum over the tail, and Raft must survive it
 * because nothing it acknowledged depended on an unsynced write (Ready contract; §5.1 Figure 2 "persistent state").
 *
 * <p>Rollback uses an undo journal, so a sync costs O(1) and a crash costs the size of the unsynced writes.
 */
public final class SimStorage {
    /** What one write changed, enough to undo it. */
    private record Write(long number, HardState previousHardState, HardState newHardState, long firstIndex,
                         List<Entry> removedSuffix, List<Entry> appended) {
    }

    private static final int MAX_UNSYNCED_WRITES = 100_000;

    private final ArrayList<Entry> log = new ArrayList<>();
    private final ArrayDeque<Write> unsynced = new ArrayDeque<>();
    private HardState hardState = HardState.INITIAL;
    private long syncs;
    private long writes;

    /** Writes {@code newHardState} (if non-null) and {@code entries}, replacing the stored suffix they overlap. */
    public void write(HardState newHardState, List<Entry> entries) {
        if (unsynced.size() >= MAX_UNSYNCED_WRITES) {
            throw new IllegalStateException("more than " + MAX_UNSYNCED_WRITES + " unsynced writes");
        }
        HardState previous = hardState;
        if (newHardState != null) hardState = newHardState;
        long firstIndex = entries.isEmpty() ? log.size() + 1 : entries.get(0).index();
        List<Entry> removed = List.of();
        if (!entries.isEmpty()) {
            if (firstIndex < 1 || firstIndex > log.size() + 1) {
                throw new IllegalStateException("write at index " + firstIndex + " would leave a gap after stored log"
                        + " of " + log.size() + " entries");
            }
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).index() != firstIndex + i) {
                    throw new IllegalStateException("entries to write are not contiguous: " + entries);
                }
            }
            if (firstIndex <= log.size()) {
                List<Entry> suffix = log.subList((int) firstIndex - 1, log.size());
                removed = new ArrayList<>(suffix);
                suffix.clear();
            }
            log.addAll(entries);
        }
        unsynced.addLast(new Write(++writes, previous, newHardState, firstIndex, removed, List.copyOf(entries)));
    }

    /** Number of the latest write (1, 2, ...), for {@link #syncThrough(long)}. */
    public long lastWriteNumber() {
        return writes;
    }

    /** An fsync that covers writes up to number {@code writeNumber} only (later ones stay volatile). */
    public void syncThrough(long writeNumber) {
        boolean any = false;
        while (!unsynced.isEmpty() && unsynced.peekFirst().number <= writeNumber) {
            unsynced.removeFirst();
            any = true;
        }
        if (any) syncs++;
    }

    /** fsync: everything written so far is durable. */
    public void sync() {
        if (!unsynced.isEmpty()) syncs++;
        unsynced.clear();
    }

    public boolean hasUnsynced() {
        return !unsynced.isEmpty();
    }

    public long syncCount() {
        return syncs;
    }

    /**
     * Loses every unsynced write (with {@code tornWrite}: keeps a random strict prefix of the first one's entries,
     * and its hard state where consistent with them) and returns what a restarting server reads back.
     */
    public RecoveredState crash(boolean tornWrite, SplittableRandom random) {
        Write first = unsynced.peekFirst();
        Iterator<Write> newestFirst = unsynced.descendingIterator();
        while (newestFirst.hasNext()) undo(newestFirst.next());
        unsynced.clear();
        if (tornWrite && first != null && !first.appended.isEmpty()) {
            // The write was cut short: some of its entries reached the platter, not all. Its hard state survives
            // only where it is consistent with them (a commit index within the log), and entries of a term newer
            // than the surviving hard state do not (the term record precedes them, as in a real WAL).
            int kept = random.nextInt(first.appended.size());
            List<Entry> prefix = first.appended.subList(0, kept);
            long logLength = first.firstIndex - 1 + kept;
            HardState survivingHardState = first.newHardState != null
                    && first.newHardState.commitIndex() <= logLength ? first.newHardState : null;
            long termAfter = survivingHardState != null ? survivingHardState.term() : hardState.term();
            if (!prefix.isEmpty() && prefix.get(prefix.size() - 1).term() > termAfter) prefix = List.of();
            if (prefix.isEmpty() && survivingHardState != null && survivingHardState.commitIndex() > log.size()) {
                survivingHardState = null;
            }
            write(survivingHardState, prefix);
            unsynced.clear(); // what survived a crash is on the platter
        }
        return recover();
    }

    /** What is stored now (durable or not), as a restart would read it if no write were lost. */
    public RecoveredState recover() {
        return new RecoveredState(hardState, log);
    }

    public HardState hardState() {
        return hardState;
    }

    public int logLength() {
        return log.size();
    }

    private void undo(Write write) {
        hardState = write.previousHardState;
        if (write.appended.isEmpty()) return;
        int keep = (int) write.firstIndex - 1;
        log.subList(keep, log.size()).clear();
        log.addAll(write.removedSuffix);
    }
}
