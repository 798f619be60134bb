package multidriver.sim.disk;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import multidriver.server.io.FileSystem;

/**
 * A node's simulated disk: the {@link FileSystem} the server core's WAL runs on in the simulator. It keeps Linux's
 * durability rules (a write is volatile until its file is fsynced; a new, renamed or deleted name is volatile until
 * its directory is fsynced) and breaks everything those rules allow to break, on command: a crash loses any subset of
 * dirty pages and may tear them at sector granularity; bits of once-durable records flip; sectors become unreadable;
 * an fsync fails and drops its pages (fsyncgate); the disk fills up. Every injection and every effect a read or a
 * failed call observed is counted ({@link DiskFaultCounters}).
 *
 * <p>Directories themselves are always durable (only the names of files in them are not). Single-threaded, and
 * deterministic: iteration is over sorted maps, randomness comes from the caller's seeded generator.
 */
public final class SimDisk implements FileSystem {
    private final TreeMap<String, SimFile> names = new TreeMap<>();
    private final TreeMap<String, SimFile> durableNames = new TreeMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();
    private final DiskFaultCounters counters = new DiskFaultCounters();
    private boolean full;
    private boolean fullObserved;
    private int failingSyncs;
    private boolean powerLossAtNextSync;
    private int misdirectShiftSectors;

    /** The power failed while an fsync was in progress: the call never returns to the program. */
    public static final class PowerLoss extends IOException {
        PowerLoss(String path) {
            super("power lost during fsync of " + path);
        }
    }

    public DiskFaultCounters counters() {
        return counters;
    }

    // ------------------------------------------------------------------------------------------------ FileSystem

    @Override
    public void createDirectories(String dir) {
        for (String d = dir; !d.isEmpty(); d = parent(d)) dirs.add(d);
    }

    @Override
    public void syncDirectory(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<String> gone = new ArrayList<>();
        for (String name : durableNames.keySet()) {
            if (parent(name).equals(dir) && !names.containsKey(name)) gone.add(name);
        }
        gone.forEach(durableNames::remove);
        for (Map.Entry<String, SimFile> e : names.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            if (parent(e.getKey()).equals(dir)) durableNames.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public List<String> list(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<String> out = new ArrayList<>();
        for (String name : names.tailMap(prefix).keySet()) {
            if (!name.startsWith(prefix)) break;
            if (parent(name).equals(dir)) out.add(name.substring(prefix.length()));
        }
        return out;
    }

    @Override
    public boolean exists(String path) {
        return names.containsKey(path) || dirs.contains(path);
    }

    @Override
    public void create(String path) throws IOException {
        if (names.containsKey(path)) throw new FileAlreadyExistsException(path);
        if (!parent(path).isEmpty() && !dirs.contains(parent(path))) throw new NoSuchFileException(parent(path));
        noSpace(path);
        names.put(path, new SimFile());
    }

    @Override
    public long size(String path) throws IOException {
        return file(path).size();
    }

    @Override
    public void write(String path, long offset, byte[] data, int from, int length) throws IOException {
        SimFile f = file(path);
        noSpace(path);
        f.write(offset, data, from, length);
        if (misdirectShiftSectors != 0 && length > 0) {
            long shift = (long) misdirectShiftSectors * SimFile.SECTOR_BYTES;
            if (offset + shift >= 0) {
                f.misdirect((int) offset, length, (int) shift);
                counters.injected(DiskFaultKind.MISDIRECTED_WRITE);
                misdirectShiftSectors = 0;
            }
        }
    }

    /**
     * The next write (of a record, after at least one earlier one) will reach the platter {@code shiftSectors}
     * sectors away from where it was meant, when it is synced: negative shifts overwrite older, durable records.
     */
    public void misdirectNextWrite(int shiftSectors) {
        this.misdirectShiftSectors = shiftSectors;
    }

    @Override
    public int read(String path, long offset, byte[] into, int at, int length) throws IOException {
        return file(path).read(offset, into, at, length, counters);
    }

    @Override
    public void sync(String path) throws IOException {
        SimFile f = file(path);
        if (powerLossAtNextSync) {
            powerLossAtNextSync = false;
            throw new PowerLoss(path);
        }
        if (failingSyncs > 0) {
            failingSyncs--;
            f.failSync();
            counters.tookEffect(DiskFaultKind.FSYNC_ERROR);
            throw new IOException("fsync " + path + ": Input/output error");
        }
        f.sync();
    }

    @Override
    public void truncate(String path, long size) throws IOException {
        file(path).truncate(size);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        SimFile f = file(from);
        names.remove(from);
        names.put(to, f);
    }

    @Override
    public void delete(String path) throws IOException {
        file(path);
        names.remove(path);
    }

    private SimFile file(String path) throws NoSuchFileException {
        SimFile f = names.get(path);
        if (f == null) throw new NoSuchFileException(path);
        return f;
    }

    private void noSpace(String path) throws IOException {
        if (full) {
            if (!fullObserved) counters.tookEffect(DiskFaultKind.DISK_FULL);
            fullObserved = true;
            throw new IOException("write " + path + ": No space left on device");
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    // ------------------------------------------------------------------------------------------------ faults

    /**
     * Power off: names fall back to what their directories made durable, and each file loses (or, with
     * {@code tear}, tears) the dirty pages the generator picks. A crash that finds dirty pages counts as an
     * injection of lost-unsynced (and torn-write, with {@code tear}); the kinds that changed some file take effect
     * when the file is next read. Returns those kinds.
     */
    public EnumSet<DiskFaultKind> crash(SplittableRandom random, boolean tear) {
        boolean dirty = false;
        for (SimFile f : names.values()) dirty |= f.hasDirtyPages();
        if (dirty) {
            counters.injected(DiskFaultKind.LOST_UNSYNCED);
            if (tear) counters.injected(DiskFaultKind.TORN_WRITE);
        }
        names.clear();
        names.putAll(durableNames);
        EnumSet<DiskFaultKind> changed = EnumSet.noneOf(DiskFaultKind.class);
        for (SimFile f : durableNames.values()) changed.addAll(f.crash(random, tear));
        failingSyncs = 0;
        powerLossAtNextSync = false;
        return changed;
    }

    /**
     * Flips one random bit of a byte that was once durable and has been written past by a later fsynced write (so
     * a correct WAL can tell the damage from a torn write). Returns false when no file has such bytes yet.
     */
    public boolean flipBit(SplittableRandom random) {
        SimFile f = pickVouched(random);
        if (f == null) return false;
        f.flipBit(random.nextInt(f.vouchedSize()), random.nextInt(8));
        counters.injected(DiskFaultKind.BIT_FLIP);
        return true;
    }

    /** Makes one sector of once-durable, vouched-for bytes unreadable. Returns false when there is none yet. */
    public boolean failSector(SplittableRandom random) {
        SimFile f = pickVouched(random);
        if (f == null) return false;
        f.markUnreadable(random.nextInt(f.vouchedSize()));
        counters.injected(DiskFaultKind.READ_ERROR);
        return true;
    }

    /** The power fails during the next fsync (the caller crashes the node with tearing on). */
    /** The machine is replaced by an empty one (the operations guide's wiped volume): every file and directory goes. */
    public void wipe() {
        names.clear();
        durableNames.clear();
        dirs.clear();
        full = false;
        failingSyncs = 0;
        powerLossAtNextSync = false;
        misdirectShiftSectors = 0;
    }

    public void powerLossAtNextSync(boolean armed) {
        powerLossAtNextSync = armed;
    }

    /** The next fsync fails with EIO. */
    public void failNextSync() {
        failingSyncs = 1;
        counters.injected(DiskFaultKind.FSYNC_ERROR);
    }

    /** Writes fail with ENOSPC until {@code full} is set false again. */
    public void setFull(boolean full) {
        if (full && !this.full) {
            counters.injected(DiskFaultKind.DISK_FULL);
            fullObserved = false;
        }
        this.full = full;
    }

    private SimFile pickVouched(SplittableRandom random) {
        List<SimFile> candidates = new ArrayList<>();
        for (SimFile f : durableNames.values()) if (f.vouchedSize() > 0) candidates.add(f);
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
