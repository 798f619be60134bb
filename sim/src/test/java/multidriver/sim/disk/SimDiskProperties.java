package multidriver.sim.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The simulated disk keeps exactly the promises Linux keeps, and breaks everything else. */
class SimDiskProperties {

    /** Appends of random sizes, some synced; after a crash, every byte written before the last sync survives. */
    @Property(tries = 300)
    void aCrashNeverLosesWhatWasSynced(@ForAll long seed, @ForAll boolean tear, @ForAll @IntRange(min = 1, max = 40) int writes)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        SimDisk disk = new SimDisk();
        disk.createDirectories("d");
        disk.create("d/f");
        disk.syncDirectory("d");
        byte[] written = new byte[0];
        int syncedBytes = 0;
        for (int i = 0; i < writes; i++) {
            byte[] chunk = new byte[1 + random.nextInt(6000)];
            random.nextBytes(chunk);
            disk.write("d/f", written.length, chunk, 0, chunk.length);
            written = concat(written, chunk);
            if (random.nextInt(3) == 0) {
                disk.sync("d/f");
                syncedBytes = written.length;
            }
        }
        disk.crash(random, tear);
        long size = disk.size("d/f");
        assertTrue(size >= syncedBytes && size <= written.length, "size " + size + " synced " + syncedBytes);
        byte[] back = disk.readAll("d/f", 1 << 20);
        assertArrayEquals(Arrays.copyOf(written, syncedBytes), Arrays.copyOf(back, syncedBytes));
    }

    @Test
    void aNewNameIsDurableOnlyOnceItsDirectoryIsSynced() throws IOException {
        SimDisk disk = new SimDisk();
        disk.createDirectories("d");
        disk.create("d/a");
        disk.sync("d/a");
        disk.crash(new SplittableRandom(1), false);
        assertFalse(disk.exists("d/a"), "the file was synced, its name was not");
        disk.create("d/b");
        disk.syncDirectory("d");
        disk.crash(new SplittableRandom(1), false);
        assertTrue(disk.exists("d/b"));
    }

    @Test
    void unsyncedPagesAreLostOrTornAndTheEffectIsCountedWhenReadBack() throws IOException {
        long lost = 0;
        for (long seed = 0; seed < 50; seed++) {
            SimDisk disk = new SimDisk();
            disk.createDirectories("d");
            disk.create("d/f");
            disk.syncDirectory("d");
            byte[] page = new byte[3 * 4096];
            Arrays.fill(page, (byte) 7);
            disk.write("d/f", 0, page, 0, page.length);
            disk.crash(new SplittableRandom(seed), true);
            disk.readAll("d/f", 1 << 20);
            lost += disk.counters().tookEffectCount(DiskFaultKind.LOST_UNSYNCED)
                    + disk.counters().tookEffectCount(DiskFaultKind.TORN_WRITE);
            assertEquals(1, disk.counters().injectedCount(DiskFaultKind.LOST_UNSYNCED));
        }
        assertTrue(lost > 40, "almost every crash changes three unsynced pages: " + lost);
    }

    @Test
    void aFailedFsyncDropsItsPagesSoALaterFsyncDoesNotSaveThem() throws IOException {
        SimDisk disk = new SimDisk();
        disk.createDirectories("d");
        disk.create("d/f");
        disk.syncDirectory("d");
        disk.write("d/f", 0, new byte[] {1, 2, 3}, 0, 3);
        disk.failNextSync();
        assertThrows(IOException.class, () -> disk.sync("d/f"));
        disk.sync("d/f"); // "succeeds": the pages were marked clean (fsyncgate)
        disk.crash(new SplittableRandom(3), false);
        byte[] back = disk.readAll("d/f", 100);
        assertFalse(Arrays.equals(new byte[] {1, 2, 3}, back), "what the failed fsync dropped is gone after a power loss");
    }

    @Test
    void bitFlipsAndBadSectorsStrikeOnlyBytesALaterFsyncVouchesFor() throws IOException {
        SimDisk disk = new SimDisk();
        disk.createDirectories("d");
        disk.create("d/f");
        disk.syncDirectory("d");
        disk.write("d/f", 0, new byte[100], 0, 100);
        disk.sync("d/f");
        assertFalse(disk.flipBit(new SplittableRandom(1)), "nothing is vouched for after one fsync");
        disk.write("d/f", 100, new byte[100], 0, 100);
        disk.sync("d/f");
        assertTrue(disk.flipBit(new SplittableRandom(1)));
        byte[] back = disk.readAll("d/f", 1000);
        int flipped = 0;
        for (int i = 0; i < back.length; i++) if (back[i] != 0) flipped = i + 1;
        assertTrue(flipped >= 1 && flipped <= 100, "the flip is in the first, vouched-for write: " + flipped);
        assertEquals(1, disk.counters().tookEffectCount(DiskFaultKind.BIT_FLIP));
        assertTrue(disk.failSector(new SplittableRandom(2)));
        assertThrows(IOException.class, () -> disk.readAll("d/f", 1000));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
