package multidriver.sim.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.Snapshot;
import multidriver.server.wal.SnapshotFiles;
import multidriver.server.wal.Wal;
import multidriver.server.wal.WalCorruptionException;
import org.junit.jupiter.api.Test;

/** Snapshot files and WAL compaction on the simulated disk: crashes leave a whole snapshot, damage is refused. */
class SnapshotFilesOnSimDiskTest {
    private static final multidriver.core.raft.Membership BOOTSTRAP = multidriver.core.raft.Membership.ofVoters(
            java.util.List.of(multidriver.core.raft.NodeId.of(0), multidriver.core.raft.NodeId.of(1),
                    multidriver.core.raft.NodeId.of(2)));
    /** A configuration that changed since the bootstrap: a learner with an address. */
    private static final multidriver.core.raft.Membership MEMBERS = BOOTSTRAP.with(
            new multidriver.core.raft.Member(multidriver.core.raft.NodeId.of(3), true, "node-3:29004,node-3:9084"));

    @Test
    void theConfigurationAtTheSnapshotComesBackAndAVersionOneFileReadsWithTheBootstrapOne() throws Exception {
        SimDisk disk = new SimDisk();
        disk.createDirectories("wal");
        SnapshotFiles files = new SnapshotFiles(disk, "wal");
        files.save(new Snapshot(7, 2, MEMBERS, new byte[] {9}));
        assertEquals(MEMBERS, files.loadNewest(BOOTSTRAP).membership());
        // A file written before configurations could change: [magic v1][index][term][length][crc][data].
        byte[] data = {4, 5};
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(java.nio.ByteBuffer.allocate(16).putLong(8).putLong(2).array());
        crc.update(data);
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(8 + 8 + 8 + 4 + 4 + 2);
        v1.put(new byte[] {'M', 'D', 'S', 'N', 'A', 'P', 0, 1}).putLong(8).putLong(2).putInt(2)
                .putInt((int) crc.getValue()).put(data);
        disk.create("wal/" + SnapshotFiles.fileName(8));
        disk.write("wal/" + SnapshotFiles.fileName(8), 0, v1.array(), 0, v1.capacity());
        Snapshot old = files.loadNewest(BOOTSTRAP);
        assertEquals(8, old.index());
        assertEquals(BOOTSTRAP, old.membership());
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, old.data().readAll(1 << 30));
    }

    private static Entry entry(long index, long term) {
        return new Entry(index, term, ("e" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Snapshot snapshot(long index, long term, int bytes) {
        byte[] data = new byte[bytes];
        new SplittableRandom(index).nextBytes(data);
        return new Snapshot(index, term, MEMBERS, data);
    }

    @Test
    void theNewestSnapshotIsLoadedAndOlderOnesAreDeleted() throws IOException {
        SimDisk disk = new SimDisk();
        disk.createDirectories("wal");
        SnapshotFiles files = new SnapshotFiles(disk, "wal");
        assertNull(files.loadNewest(BOOTSTRAP));
        files.save(snapshot(10, 1, 5000));
        files.save(snapshot(20, 2, 7000));
        assertEquals(snapshot(20, 2, 7000), files.loadNewest(BOOTSTRAP));
        assertEquals(List.of(SnapshotFiles.fileName(20)), disk.list("wal"));
    }

    /** A power loss at any point of a save leaves the old snapshot or the new one, whole; never a part of one. */
    @Test
    void aPowerLossDuringASaveLeavesAWholeSnapshot() throws IOException {
        for (long seed = 0; seed < 200; seed++) {
            SimDisk disk = new SimDisk();
            disk.createDirectories("wal");
            SnapshotFiles files = new SnapshotFiles(disk, "wal");
            files.save(snapshot(10, 1, 9000));
            SplittableRandom random = new SplittableRandom(seed);
            disk.powerLossAtNextSync(random.nextInt(3) == 0);
            try {
                files.save(snapshot(20, 2, 9000));
            } catch (SimDisk.PowerLoss lost) {
                // the machine went down in the middle of it
            }
            disk.crash(random, true);
            Snapshot loaded = new SnapshotFiles(disk, "wal").loadNewest(BOOTSTRAP);
            assertTrue(snapshot(10, 1, 9000).equals(loaded) || snapshot(20, 2, 9000).equals(loaded),
                    "seed " + seed + ": " + loaded);
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedWithItsName() throws IOException {
        for (int position : new int[] {3, 20, 40, 1000, 4020}) {
            SimDisk disk = new SimDisk();
            disk.createDirectories("wal");
            new SnapshotFiles(disk, "wal").save(snapshot(30, 3, 4000));
            String path = "wal/" + SnapshotFiles.fileName(30);
            byte[] one = new byte[1];
            disk.read(path, position, one, 0, 1);
            one[0] ^= 0x10;
            disk.write(path, position, one, 0, 1);
            disk.sync(path);
            WalCorruptionException e = assertThrows(WalCorruptionException.class,
                    () -> new SnapshotFiles(disk, "wal").loadNewest(BOOTSTRAP), "damage at " + position);
            assertTrue(e.getMessage().contains(SnapshotFiles.fileName(30)), e.getMessage());
        }
    }

    /** Compaction deletes the covered segments; recovery gives the snapshot, the entries after it, the newest vote. */
    @Test
    void compactionDeletesCoveredSegmentsAndRecoveryContinuesAfterTheSnapshot() throws IOException {
        SimDisk disk = new SimDisk();
        Wal wal = Wal.open(disk, "wal", 1024, true, false);
        List<Entry> log = new ArrayList<>();
        for (long i = 1; i <= 60; i++) {
            Entry e = entry(i, 1 + i / 20);
            log.add(e);
            wal.append(new HardState(1 + i / 20, null, i - 1), List.of(e), true);
        }
        int before = Wal.listSegments(disk, "wal").size();
        SnapshotFiles files = new SnapshotFiles(disk, "wal");
        Snapshot snap = new Snapshot(50, 3, MEMBERS, new byte[] {1, 2, 3});
        files.save(snap);
        HardState newest = new HardState(4, multidriver.core.raft.NodeId.of(2), 60);
        wal.compact(50, newest);
        int after = Wal.listSegments(disk, "wal").size();
        assertTrue(after < before, before + " segments before, " + after + " after");
        disk.crash(new SplittableRandom(1), false);
        Wal reopened = Wal.open(disk, "wal", 1024, false, false, files.loadNewest(BOOTSTRAP));
        assertEquals(snap, reopened.recovered().snapshot());
        assertEquals(log.subList(50, 60), reopened.recovered().log(), "entries 51..60");
        assertEquals(newest, reopened.recovered().hardState(), "the newest hard state survived the deletion");
    }

    /** §7 at recovery: entries after the snapshot that followed another history (another term at its index) go. */
    @Test
    void entriesThatDoNotContinueTheSnapshotAreDroppedAtRecovery() throws IOException {
        SimDisk disk = new SimDisk();
        Wal wal = Wal.open(disk, "wal", 1 << 20, true, false);
        for (long i = 1; i <= 15; i++) wal.append(new HardState(1, null, 0), List.of(entry(i, 1)), true);
        // A snapshot from a leader of term 2 at index 10 was saved, then the node crashed before its log was reset.
        SnapshotFiles files = new SnapshotFiles(disk, "wal");
        files.save(new Snapshot(10, 2, MEMBERS, new byte[0]));
        Wal reopened = Wal.open(disk, "wal", 1 << 20, false, false, files.loadNewest(BOOTSTRAP));
        assertEquals(List.of(), reopened.recovered().log());
        assertTrue(reopened.recoveryNotes().stream().anyMatch(n -> n.contains("another history")),
                reopened.recoveryNotes().toString());
        // The same snapshot at the same term: the entries after it continue it and stay.
        SimDisk disk2 = new SimDisk();
        Wal wal2 = Wal.open(disk2, "wal", 1 << 20, true, false);
        for (long i = 1; i <= 15; i++) wal2.append(new HardState(1, null, 0), List.of(entry(i, 1)), true);
        SnapshotFiles files2 = new SnapshotFiles(disk2, "wal");
        files2.save(new Snapshot(10, 1, MEMBERS, new byte[0]));
        assertEquals(5, Wal.open(disk2, "wal", 1 << 20, false, false, files2.loadNewest(BOOTSTRAP)).recovered().log().size());
    }

    /**
     * The review's scenario: a crash between saving a leader's snapshot and resetting the log. Recovery finishes the
     * reset, so entries acknowledged after that start survive the next restart (they were dropped before).
     */
    @Test
    void entriesAppendedAfterAnInterruptedResetSurviveTheNextRestart() throws IOException {
        SimDisk disk = new SimDisk();
        Wal wal = Wal.open(disk, "wal", 1 << 20, true, false);
        for (long i = 1; i <= 15; i++) wal.append(new HardState(1, null, 0), List.of(entry(i, 1)), true);
        SnapshotFiles files = new SnapshotFiles(disk, "wal");
        files.save(new Snapshot(10, 2, MEMBERS, new byte[0])); // another history at index 10; the crash came before the reset
        Wal first = Wal.open(disk, "wal", 1 << 20, false, false, files.loadNewest(BOOTSTRAP));
        assertEquals(List.of(), first.recovered().log());
        List<Entry> acked = List.of(entry(11, 2), entry(12, 2), entry(13, 2));
        first.append(new HardState(2, null, 10), acked, true);
        disk.crash(new SplittableRandom(3), false);
        Wal second = Wal.open(disk, "wal", 1 << 20, false, false, files.loadNewest(BOOTSTRAP));
        assertEquals(acked, second.recovered().log(), "the entries acknowledged after the first restart are kept");
        // And a log that ended below the snapshot (the usual install) continues after it without a gap.
        SimDisk disk2 = new SimDisk();
        Wal wal2 = Wal.open(disk2, "wal", 1 << 20, true, false);
        for (long i = 1; i <= 4; i++) wal2.append(new HardState(1, null, 0), List.of(entry(i, 1)), true);
        SnapshotFiles files2 = new SnapshotFiles(disk2, "wal");
        files2.save(new Snapshot(10, 2, MEMBERS, new byte[0]));
        Wal again = Wal.open(disk2, "wal", 1 << 20, false, false, files2.loadNewest(BOOTSTRAP));
        again.append(new HardState(2, null, 10), acked, true);
        disk2.crash(new SplittableRandom(4), false);
        assertEquals(acked, Wal.open(disk2, "wal", 1 << 20, false, false, files2.loadNewest(BOOTSTRAP)).recovered().log());
    }
}
