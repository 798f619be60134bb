package multidriver.sim.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.server.wal.Wal;
import org.junit.jupiter.api.Test;

/**
 * A first start whose fsync failed right after it created its first segment leaves a segment whose name is not
 * durable. The next start adopts the segment; it must make the name durable before acknowledging anything, or a
 * power loss takes the whole WAL (and every acknowledged entry) with it. Found by the simulator (seed 3, #828).
 */
class WalSegmentNameDurabilityTest {
    @Test
    void aRestartAfterAFailedFirstStartMakesTheSegmentsNameDurable() throws Exception {
        SimDisk disk = new SimDisk();
        disk.createDirectories("wal");
        disk.failNextSync();
        assertThrows(IOException.class, () -> Wal.open(disk, "wal", 1 << 20, true, false));
        // The supervisor restarts the process (no power loss): the segment is there, its name not yet durable.
        Wal wal = Wal.open(disk, "wal", 1 << 20, true, false);
        HardState acknowledged = new HardState(3, NodeId.of(1), 1);
        wal.append(acknowledged, List.of(new Entry(1, 3, new byte[] {7})), true);
        disk.crash(new SplittableRandom(1), false);
        Wal reopened = Wal.open(disk, "wal", 1 << 20, false, false);
        assertEquals(acknowledged, reopened.recovered().hardState());
        assertEquals(1, reopened.recovered().log().size());
    }
}
