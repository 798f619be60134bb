package multidriver.sim.disk;

import java.util.Locale;

/**
 * The simulated disk's fault atlas. Each kind is counted twice in a campaign's {@code summary.json}
 * ({@code diskFaults.<kind>.injected} and {@code .tookEffect}): how often it was injected, and how often it changed
 * what the server later read back (or, for errors, how often an operation failed because of it).
 */
public enum DiskFaultKind {
    /** A crash loses dirty pages (written, not yet fsynced), any subset of them. */
    LOST_UNSYNCED,
    /** A crash leaves a dirty page half-written: some of its 512-byte sectors new, the rest old. */
    TORN_WRITE,
    /** A bit of a record that was once durable flips while the node is down (bit rot, a latent sector error). */
    BIT_FLIP,
    /** A sector that was once durable can no longer be read (EIO on read). */
    READ_ERROR,
    /** An fsync returns EIO; the kernel has marked the dirty pages clean without writing them (fsyncgate). */
    FSYNC_ERROR,
    /** Writes fail with ENOSPC for a while. */
    DISK_FULL,
    /**
     * A write reaches the platter at the wrong offset (a firmware or controller bug): its own place keeps the old
     * bytes and the bytes a few sectors away are overwritten; the page cache shows the write where it was meant.
     */
    MISDIRECTED_WRITE;

    public String jsonName() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i], 1, parts[i].length());
        return sb.toString();
    }
}
