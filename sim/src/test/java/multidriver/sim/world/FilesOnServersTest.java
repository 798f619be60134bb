package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import multidriver.core.kv.FileCommand;
import multidriver.core.kv.FileMeta;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.server.ClientRequest;
import multidriver.server.Outcome;
import multidriver.server.files.BlobStore;
import org.junit.jupiter.api.Test;

/**
 * Files through Raft on three server cores: chunks in log entries, blobs on each server's disk, and a server that
 * was away receiving the files inside the leader's snapshot (§7), gigabytes or not: the snapshot streams from the
 * blob files and arrives in a staging file.
 */
class FilesOnServersTest {
    private static final int MIB = 1 << 20;

    private static KvResult write(ServerCluster c, int server, KvCommand command) throws IOException {
        AtomicReference<Outcome> outcome = c.submit(server, a -> new ClientRequest.Write(command, c.deadlineNs(), a),
                null);
        for (int t = 0; t < 100 && outcome.get() == null; t++) c.tick(1);
        return assertInstanceOf(Outcome.Done.class, outcome.get(), "outcome " + outcome.get()).result();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] blob(ServerCluster c, int server, long id, int length) throws IOException {
        byte[] out = new byte[length];
        String path = BlobStore.path("wal", id);
        int done = 0;
        while (done < length) done += c.disks[server].read(path, done, out, done, length - done);
        return out;
    }

    /** Uploads {@code content} as {@code name} in chunks of at most 1 MiB, through {@code server}. */
    private static KvResult upload(ServerCluster c, int server, long id, String name, byte[] content) throws Exception {
        assertEquals(KvResult.ok("begun"), write(c, server, new FileCommand.Begin(id, name, "")));
        for (int at = 0; at < content.length; at += MIB) {
            byte[] chunk = java.util.Arrays.copyOfRange(content, at, Math.min(content.length, at + MIB));
            assertEquals(KvResult.ok("write"), write(c, server, new FileCommand.Chunk(id, at, chunk, "")));
        }
        return write(c, server, new FileCommand.Commit(id, content.length, sha256(content), 1_000, ""));
    }

    @Test
    void aServerThatWasAwayGetsTheFilesInsideTheSnapshotAndKeepsThemAcrossARestart() throws Exception {
        ServerCluster c = new ServerCluster(4);
        int away = 2;
        c.down[away] = true;
        int leader = c.leader();
        byte[] big = bytes(2 * MIB + 12_345, 1);
        assertTrue(upload(c, leader, 11, "big.bin", big).isOk());
        // An upload still open when the snapshot is taken travels too, with the bytes it holds so far.
        write(c, leader, new FileCommand.Begin(12, "open.bin", ""));
        byte[] firstHalf = bytes(1000, 2);
        write(c, leader, new FileCommand.Chunk(12, 0, firstHalf, ""));
        for (int i = 0; i < 6; i++) write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "k" + i, "v"));
        assertTrue(c.cores[leader].snapshotsTaken() > 0);
        assertTrue(c.cores[leader].raft().firstLogIndex() > 1, "the leader compacted the chunks away");

        c.down[away] = false;
        c.tick(100);
        assertEquals(1, c.cores[away].snapshotsInstalled(), "it caught up through the snapshot");
        FileMeta meta = c.cores[away].stateMachine().files().file("big.bin");
        assertEquals(c.cores[leader].stateMachine().files().files(), c.cores[away].stateMachine().files().files());
        assertArrayEquals(big, blob(c, away, meta.blobId(), big.length), "the blob arrived byte for byte");
        assertEquals(java.util.List.of(), c.disks[away].list("wal").stream().filter(n -> n.startsWith("snap-incoming"))
                .toList(), "the staging file is gone");

        // The open upload goes on where the snapshot left it, on every server.
        byte[] secondHalf = bytes(500, 3);
        write(c, leader, new FileCommand.Chunk(12, 1000, secondHalf, ""));
        byte[] whole = new byte[1500];
        System.arraycopy(firstHalf, 0, whole, 0, 1000);
        System.arraycopy(secondHalf, 0, whole, 1000, 500);
        assertTrue(write(c, leader, new FileCommand.Commit(12, 1500, sha256(whole), 2_000, "")).isOk());
        c.tick(20);
        assertArrayEquals(whole, blob(c, away, 12, 1500));

        // Power loss and a restart: the snapshot and its blobs were durable, the WAL replays the rest.
        for (int i = 0; i < 6; i++) write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "j" + i, "v"));
        c.tick(20);
        c.crashAndRestart(away);
        c.tick(50);
        assertEquals(c.cores[leader].stateMachine().files().files(), c.cores[away].stateMachine().files().files());
        assertArrayEquals(big, blob(c, away, meta.blobId(), big.length));
        assertArrayEquals(whole, blob(c, away, 12, 1500));
    }

    @Test
    void aLeaderChangeAbortsAnUploadAndNothingOfItBecomesVisible() throws Exception {
        ServerCluster c = new ServerCluster(0);
        int leader = c.leader();
        write(c, leader, new FileCommand.Begin(21, "half.bin", ""));
        write(c, leader, new FileCommand.Chunk(21, 0, bytes(100, 4), ""));
        c.down[leader] = true;
        int next = -1;
        for (int t = 0; t < 2_000 && next < 0; t++) {
            c.tick(1);
            for (int i = 0; i < 3; i++) {
                if (i != leader && c.cores[i].raft().role() == multidriver.core.raft.Role.LEADER
                        && c.cores[i].raft().commitIndex() > c.cores[leader].raft().commitIndex()) next = i;
            }
        }
        assertTrue(next >= 0, "a new leader");
        assertEquals(KvResult.Status.NOT_FOUND,
                write(c, next, new FileCommand.Chunk(21, 100, bytes(10, 5), "")).status(), "the upload is gone");
        assertEquals(null, c.cores[next].stateMachine().files().file("half.bin"));
        assertEquals(0, c.cores[next].stateMachine().files().uploadCount());
    }

    @Test
    void aDeletedFilesBlobStaysUntilASnapshotWithoutItIsDurable() throws Exception {
        ServerCluster c = new ServerCluster(10);
        int leader = c.leader();
        assertTrue(upload(c, leader, 31, "gone.bin", bytes(10, 6)).isOk());
        long taken = c.cores[leader].snapshotsTaken();
        for (int i = 0; c.cores[leader].snapshotsTaken() == taken; i++) {
            write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "k" + i, "v"));
        }
        assertTrue(c.disks[leader].exists(BlobStore.path("wal", 31)));
        assertTrue(write(c, leader, new FileCommand.Delete("gone.bin", "")).isOk());
        assertTrue(c.disks[leader].exists(BlobStore.path("wal", 31)), "the newest snapshot still names it");
        for (int i = 0; i < 10; i++) write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "m" + i, "v"));
        assertEquals(false, c.disks[leader].exists(BlobStore.path("wal", 31)), "collected after the next snapshot");
    }
}
