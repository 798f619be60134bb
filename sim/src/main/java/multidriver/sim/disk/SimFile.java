package multidriver.sim.disk;

import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.SplittableRandom;

/**
 * One simulated file: what reads see (the page cache) and what is on the platter, page by page. A write dirties the
 * pages it touches; {@link #sync} copies dirty pages to the platter; a {@link #crash} decides for each dirty page
 * whether it reached the platter whole, not at all, or (where tearing is allowed) sector by sector.
 */
final class SimFile {
    static final int PAGE_BYTES = 4096;
    static final int SECTOR_BYTES = 512;

    private byte[] data = new byte[0];
    private int size;
    private byte[] durable = new byte[0];
    private int durableSize;
    private final BitSet dirty = new BitSet();
    /** Bytes below this were made durable by one fsync and then written past by a later fsynced write. */
    private int vouchedSize;
    private final BitSet badSectors = new BitSet();
    /** Bad sectors whose error a read has already met (an effect is counted once per injection). */
    private final BitSet reportedBadSectors = new BitSet();
    /** Crash effects not yet observed by a read (the next read of the file counts them). */
    private final EnumSet<DiskFaultKind> pendingEffects = EnumSet.noneOf(DiskFaultKind.class);
    private int flippedAt = -1;
    /** A write the device will put at the wrong place when it is synced: offset, length, shift (in bytes). */
    private int misdirectedOffset = -1;
    private int misdirectedLength;
    private int misdirectedShift;
    /** The platter range a synced misdirected write spoiled (its own place and where it landed), or -1. */
    private int spoiledFrom = -1;
    private int spoiledTo;

    int size() {
        return size;
    }

    boolean hasDirtyPages() {
        return !dirty.isEmpty();
    }

    int vouchedSize() {
        return vouchedSize;
    }

    void write(long offset, byte[] bytes, int from, int length) {
        if (offset < 0 || offset + length > Integer.MAX_VALUE) throw new IllegalArgumentException("offset " + offset);
        int end = (int) offset + length;
        if (end > data.length) data = Arrays.copyOf(data, Math.max(end, data.length * 2));
        if (offset > size) Arrays.fill(data, size, (int) offset, (byte) 0);
        System.arraycopy(bytes, from, data, (int) offset, length);
        if (length > 0) dirty.set((int) (offset / PAGE_BYTES), (end - 1) / PAGE_BYTES + 1);
        size = Math.max(size, end);
    }

    /** Copies what the page cache holds at {@code offset}; throws on a bad sector; counts effects it observes. */
    int read(long offset, byte[] into, int at, int length, DiskFaultCounters counters) throws java.io.IOException {
        if (offset >= size) return 0;
        int n = (int) Math.min(length, size - offset);
        int firstSector = (int) (offset / SECTOR_BYTES);
        int lastSector = (int) ((offset + n - 1) / SECTOR_BYTES);
        int bad = badSectors.nextSetBit(firstSector);
        if (bad >= 0 && bad <= lastSector) {
            if (!reportedBadSectors.get(bad)) counters.tookEffect(DiskFaultKind.READ_ERROR);
            reportedBadSectors.set(bad);
            throw new java.io.IOException("Input/output error reading sector " + bad + " (offset " + (long) bad
                    * SECTOR_BYTES + ")");
        }
        if (!pendingEffects.isEmpty()) {
            for (DiskFaultKind kind : pendingEffects) counters.tookEffect(kind);
            pendingEffects.clear();
        }
        if (flippedAt >= offset && flippedAt < offset + n) {
            counters.tookEffect(DiskFaultKind.BIT_FLIP);
            flippedAt = -1;
        }
        System.arraycopy(data, (int) offset, into, at, n);
        return n;
    }

    void truncate(long newSize) {
        if (newSize < size) {
            Arrays.fill(data, (int) newSize, size, (byte) 0);
            dirty.set((int) (newSize / PAGE_BYTES), (size - 1) / PAGE_BYTES + 1);
        }
        size = (int) Math.min(newSize, Integer.MAX_VALUE);
    }

    /** The next {@link #sync} puts the bytes at [offset, offset + length) {@code shift} bytes away instead. */
    void misdirect(int offset, int length, int shift) {
        misdirectedOffset = offset;
        misdirectedLength = length;
        misdirectedShift = shift;
    }

    /** fsync: every dirty page reaches the platter (a misdirected write's bytes land at the wrong place). */
    void sync() {
        if (dirty.isEmpty() && durableSize == size) return;
        int before = durableSize;
        byte[] oldAtTarget = null;
        if (misdirectedOffset >= 0) {
            oldAtTarget = new byte[misdirectedLength];
            int have = Math.max(0, Math.min(misdirectedLength, durableSize - misdirectedOffset));
            if (have > 0) System.arraycopy(durable, misdirectedOffset, oldAtTarget, 0, have);
        }
        if (durable.length < size) durable = Arrays.copyOf(durable, Math.max(size, durable.length * 2));
        for (int p = dirty.nextSetBit(0); p >= 0; p = dirty.nextSetBit(p + 1)) {
            int from = p * PAGE_BYTES;
            int to = Math.min(from + PAGE_BYTES, size);
            if (to > from) System.arraycopy(data, from, durable, from, to - from);
        }
        dirty.clear();
        if (size < before) Arrays.fill(durable, size, before, (byte) 0); // a synced truncation is gone for good
        durableSize = size;
        if (oldAtTarget != null) {
            // The device wrote the bytes elsewhere: their own place keeps what it held, except where the shifted copy
            // overlaps it, and the shifted place is overwritten.
            System.arraycopy(oldAtTarget, 0, durable, misdirectedOffset,
                    Math.min(misdirectedLength, durableSize - misdirectedOffset));
            int to = misdirectedOffset + misdirectedShift;
            int n = Math.min(misdirectedLength, durableSize - Math.max(0, to));
            if (to >= 0 && n > 0) System.arraycopy(data, misdirectedOffset, durable, to, n);
            spoiledFrom = Math.max(0, Math.min(misdirectedOffset, to));
            spoiledTo = Math.min(durableSize, Math.max(misdirectedOffset, to) + misdirectedLength);
            misdirectedOffset = -1;
        }
        // What was durable before this fsync has now been written past by records carrying that watermark; a sync
        // that wrote nothing past it (a truncation, a repeat) vouches for nothing new.
        if (size > before) {
            vouchedSize = before;
        } else {
            vouchedSize = Math.min(vouchedSize, size);
        }
    }

    /**
     * A failed fsync (EIO): like Linux after a writeback error, the dirty pages are marked clean without reaching
     * the platter, so a later successful fsync will not write them either; the page cache still shows them.
     */
    void failSync() {
        dirty.clear();
    }

    /**
     * Power off. Each dirty page independently reached the platter whole, not at all, or (with {@code tear}) sector by
     * sector; the length is what the platter holds, extended by surviving pages. Returns the kinds that changed the
     * file compared to what the page cache showed, which count as injected now and as taking effect on the next read.
     */
    EnumSet<DiskFaultKind> crash(SplittableRandom random, boolean tear) {
        misdirectedOffset = -1; // never synced: the misdirected bytes were as lost as any dirty page
        EnumSet<DiskFaultKind> changed = EnumSet.noneOf(DiskFaultKind.class);
        // A misdirected write takes effect only if a later write of the same pages did not put them right again.
        boolean spoiled = spoiledFrom >= 0 && spoiledTo > spoiledFrom;
        if (spoiled && differs(spoiledFrom, Math.min(spoiledTo, size))) {
            changed.add(DiskFaultKind.MISDIRECTED_WRITE);
        }
        int spoiledStart = spoiledFrom;
        int spoiledEnd = spoiledTo;
        spoiledFrom = -1;
        int end = Math.max(size, durableSize);
        if (durable.length < end) durable = Arrays.copyOf(durable, end);
        int survivedEnd = durableSize;
        for (int p = dirty.nextSetBit(0); p >= 0; p = dirty.nextSetBit(p + 1)) {
            int from = p * PAGE_BYTES;
            int to = Math.min(from + PAGE_BYTES, size);
            if (to <= from) continue;
            // A page a misdirected write spoiled is written back whole or not at all: torn sector by sector, it could
            // leave neither the misplaced copy nor the record's own place complete, which no log without a second copy
            // tells from a torn write (Wal's stated limitation). Each fault alone is in the swarm; this compound is not.
            boolean overSpoiled = spoiled && from < spoiledEnd && to > spoiledStart;
            int fate = random.nextInt(tear && !overSpoiled ? 3 : 2);
            if (fate == 0) {
                System.arraycopy(data, from, durable, from, to - from);
                survivedEnd = Math.max(survivedEnd, to);
            } else if (fate == 2) {
                boolean any = false;
                for (int s = from; s < to; s += SECTOR_BYTES) {
                    if (random.nextBoolean()) {
                        int sectorEnd = Math.min(s + SECTOR_BYTES, to);
                        System.arraycopy(data, s, durable, s, sectorEnd - s);
                        survivedEnd = Math.max(survivedEnd, sectorEnd);
                        any = true;
                    }
                }
                if (differs(from, to)) changed.add(any ? DiskFaultKind.TORN_WRITE : DiskFaultKind.LOST_UNSYNCED);
            } else if (differs(from, to)) {
                changed.add(DiskFaultKind.LOST_UNSYNCED);
            }
        }
        int newSize = Math.min(Math.max(durableSize, survivedEnd), end);
        if (newSize < size && !changed.contains(DiskFaultKind.TORN_WRITE)) changed.add(DiskFaultKind.LOST_UNSYNCED);
        dirty.clear();
        durableSize = newSize;
        size = newSize;
        data = Arrays.copyOf(durable, Math.max(newSize, 16));
        pendingEffects.addAll(changed);
        return changed;
    }

    private boolean differs(int from, int to) {
        return !Arrays.equals(durable, from, to, data, from, to);
    }

    /** Flips one bit at {@code offset} on the platter and in the cache (the node is down: they are the same). */
    void flipBit(int offset, int bit) {
        durable[offset] ^= (byte) (1 << bit);
        data[offset] ^= (byte) (1 << bit);
        flippedAt = offset;
    }

    void markUnreadable(int offset) {
        badSectors.set(offset / SECTOR_BYTES);
    }
}
