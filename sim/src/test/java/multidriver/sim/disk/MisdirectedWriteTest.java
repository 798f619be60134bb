package multidriver.sim.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.server.wal.Wal;
import multidriver.server.wal.WalCorruptionException;
import org.junit.jupiter.api.Test;

/**
 * A misdirected write: the page cache shows the bytes where they were meant, the platter gets them a few sectors
 * away. After a power cycle the WAL must not accept what it reads as a torn tail when durable records were
 * overwritten: it refuses to start, naming the damage.
 */
class MisdirectedWriteTest {
    @Test
    void theCacheShowsTheWriteWhereItWasMeantThePlatterElsewhere() throws Exception {
        SimDisk disk = new SimDisk();
        disk.create("f");
        disk.syncDirectory("");
        byte[] first = new byte[2048];
        java.util.Arrays.fill(first, (byte) 1);
        disk.write("f", 0, first, 0, first.length);
        disk.sync("f");
        disk.misdirectNextWrite(-2); // two sectors before where it is meant
        byte[] second = new byte[512];
        java.util.Arrays.fill(second, (byte) 2);
        disk.write("f", 2048, second, 0, second.length);
        byte[] cached = new byte[512];
        disk.read("f", 2048, cached, 0, 512);
        assertArrayEquals(second, cached, "the process reads back what it wrote");
        disk.sync("f");
        disk.crash(new SplittableRandom(1), false);
        byte[] platter = new byte[2560];
        disk.read("f", 0, platter, 0, platter.length);
        assertEquals(2, platter[1024], "the bytes landed two sectors early, over durable data");
        assertEquals(1, platter[1023]);
        assertEquals(0, platter[2048], "their own place kept what it held (nothing)");
        assertEquals(1, disk.counters().injectedCount(DiskFaultKind.MISDIRECTED_WRITE));
    }

    @Test
    void aWalWhoseDurableRecordsWereOverwrittenRefusesToStart() throws Exception {
        SimDisk disk = new SimDisk();
        disk.createDirectories("wal");
        Wal wal = Wal.open(disk, "wal", 1 << 20, true, false);
        for (int i = 1; i <= 20; i++) {
            wal.append(new HardState(1, NodeId.of(0), i - 1), List.of(new Entry(i, 1, new byte[100])), true);
        }
        disk.misdirectNextWrite(-3);
        wal.append(new HardState(1, NodeId.of(0), 20), List.of(new Entry(21, 1, new byte[100])), true);
        disk.crash(new SplittableRandom(2), false);
        try {
            Wal reopened = Wal.open(disk, "wal", 1 << 20, false, false);
            throw new AssertionError("opened: " + reopened.recovered().log().size() + " entries, "
                    + reopened.recovered().hardState() + ", notes " + reopened.recoveryNotes());
        } catch (WalCorruptionException expected) {
            // refused, naming the damage
        }
    }
}
