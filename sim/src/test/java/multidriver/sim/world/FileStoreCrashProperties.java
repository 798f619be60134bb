package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import multidriver.core.kv.FileCommand;
import multidriver.core.kv.FileMeta;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.server.ClientRequest;
import multidriver.server.Outcome;
import multidriver.server.files.BlobStore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The file store under power loss: uploads, deletes and snapshots every few entries, while servers lose power
 * (unsynced writes gone, torn pages), restart, and stay away long enough to need the leader's snapshot. After the
 * heal every server holds exactly the acknowledged files, and every blob hashes to its file's SHA-256: a blob write
 * lost with the page cache is rewritten from the WAL, and one the WAL no longer holds was fsynced before the
 * snapshot that dropped it.
 */
class FileStoreCrashProperties {
    private static final int OPS = 40;

    @Property(tries = 100)
    void everyAcknowledgedFileSurvivesPowerLossAndSnapshots(@ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ServerCluster c = new ServerCluster(2 + random.nextInt(6));
        Map<String, byte[]> acknowledged = new TreeMap<>();
        java.util.Set<String> unknown = new java.util.TreeSet<>();
        long nextId = 1;
        for (int i = 0; i < OPS; i++) {
            int leader = c.leader();
            int roll = random.nextInt(10);
            if (roll < 6) {
                String name = "f" + random.nextInt(8);
                byte[] content = new byte[random.nextInt(3_000)];
                random.nextBytes(content);
                KvResult r = upload(c, leader, nextId++, name, content, random);
                if (r != null && r.isOk()) {
                    acknowledged.put(name, content);
                    unknown.remove(name);
                } else if (r == null) {
                    unknown.add(name);
                }
            } else if (roll < 7 && !acknowledged.isEmpty()) {
                String name = acknowledged.keySet().iterator().next();
                KvResult r = write(c, leader, new FileCommand.Delete(name, ""));
                if (r == null) unknown.add(name);
                if (r == null || r.isOk()) acknowledged.remove(name);
            } else if (roll < 9) {
                // A follower loses power: its unsynced writes (blobs written since the last snapshot among them) go.
                int victim = (leader + 1 + random.nextInt(2)) % 3;
                c.disks[victim].crash(random, random.nextBoolean());
                c.crashAndRestartAfterCrash(victim);
            } else {
                // A follower is away while the others move on and compact: it will need the snapshot.
                int away = (leader + 1 + random.nextInt(2)) % 3;
                c.down[away] = true;
                for (int k = 0; k < 6; k++) write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "k" + k, "v"));
                c.down[away] = false;
            }
        }
        int leader = c.leader();
        write(c, leader, new KvCommand.Put(new multidriver.core.kv.ClientId(0), 0, "last", "v"));
        long applied = c.cores[leader].stateMachine().appliedIndex();
        for (int t = 0; t < 2_000; t++) {
            boolean all = true;
            for (int s = 0; s < 3; s++) all &= c.cores[s].stateMachine().appliedIndex() >= applied;
            if (all) break;
            c.tick(1);
        }
        for (int s = 0; s < 3; s++) {
            assertTrue(c.cores[s].stateMachine().appliedIndex() >= applied, "server " + s + " caught up");
            Map<String, FileMeta> files = c.cores[s].stateMachine().files().files();
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                FileMeta f = files.get(e.getKey());
                assertTrue(f != null, "server " + s + " holds acknowledged " + e.getKey() + " (seed " + seed + ")");
                if (unknown.contains(e.getKey())) continue;
                assertArrayEquals(e.getValue(), blob(c, s, f.blobId(), (int) f.sizeBytes()),
                        "server " + s + ": " + e.getKey() + " byte for byte (seed " + seed + ")");
            }
            for (FileMeta f : files.values()) {
                if (!acknowledged.containsKey(f.name())) {
                    assertTrue(unknown.contains(f.name()), "server " + s + " holds " + f.name() + ", never acknowledged");
                }
                assertEquals(f.sha256(), sha256(blob(c, s, f.blobId(), (int) f.sizeBytes())),
                        "server " + s + ": the blob of " + f.name() + " hashes to its SHA-256 (seed " + seed + ")");
            }
        }
    }

    /** Begin, chunks of random sizes, commit; null when an outcome was unknown. */
    private static KvResult upload(ServerCluster c, int leader, long id, String name, byte[] content,
                                   SplittableRandom random) throws Exception {
        KvResult begun = write(c, leader, new FileCommand.Begin(id, name, ""));
        if (begun == null || !begun.isOk()) return begun == null ? null : begun;
        int at = 0;
        while (at < content.length) {
            int n = Math.min(content.length - at, 1 + random.nextInt(1_500));
            KvResult r = write(c, leader, new FileCommand.Chunk(id, at, java.util.Arrays.copyOfRange(content, at, at + n), ""));
            if (r == null || !r.isOk()) return r;
            at += n;
        }
        return write(c, leader, new FileCommand.Commit(id, content.length, sha256(content), 1, ""));
    }

    private static KvResult write(ServerCluster c, int server, KvCommand command) throws IOException {
        AtomicReference<Outcome> outcome = c.submit(server, a -> new ClientRequest.Write(command, c.deadlineNs(), a),
                null);
        for (int t = 0; t < 300 && outcome.get() == null; t++) c.tick(1);
        return outcome.get() instanceof Outcome.Done d ? d.result() : null;
    }

    private static byte[] blob(ServerCluster c, int server, long id, int length) throws IOException {
        byte[] out = new byte[length];
        String path = BlobStore.path("wal", id);
        int done = 0;
        while (done < length) {
            int n = c.disks[server].read(path, done, out, done, length - done);
            if (n <= 0) throw new AssertionError("server " + server + ": blob " + id + " ends at " + done + " of " + length);
            done += n;
        }
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
