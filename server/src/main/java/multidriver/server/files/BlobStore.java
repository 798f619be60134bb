package multidriver.server.files;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import multidriver.core.raft.SnapshotData;
import multidriver.server.io.FileSystem;

/**
 * The bytes of uploaded files: one append-only blob per upload, {@code blobs/blob-<id>} below the WAL's directory,
 * written through the {@link FileSystem} port when chunk entries are applied. Which blobs are alive, and how long
 * each is, is the state machine's {@link multidriver.core.kv.FileTable}.
 *
 * <p>Durability: a chunk's bytes are durable in the WAL before they are applied, so a blob write may stay volatile
 * until the next snapshot, which {@link #syncDirty syncs} every blob written since before it is saved (the WAL
 * entries that could rewrite them are deleted after it). A blob dead in the state machine is deleted only after a
 * snapshot that no longer names it is durable ({@link #collect}): a restart from the older snapshot still finds it.
 */
public final class BlobStore {
    private static final int COPY_BYTES = 1 << 20;

    private final FileSystem fs;
    private final String dir;
    private final TreeSet<Long> dirty = new TreeSet<>();
    private boolean namesDirty;

    public BlobStore(FileSystem fs, String walDir) {
        this.fs = fs;
        this.dir = walDir + "/blobs";
    }

    /** The blob's path on the file system port (the node's HTTP layer reads committed blobs from it). */
    public static String path(String walDir, long id) {
        return walDir + "/blobs/" + name(id);
    }

    private static String name(long id) {
        return String.format("blob-%019d", id);
    }

    private String pathOf(long id) {
        return dir + "/" + name(id);
    }

    /** A chunk applied: its bytes at {@code offset} of blob {@code id} (volatile until the next snapshot). */
    public void write(long id, long offset, byte[] bytes) throws IOException {
        String p = pathOf(id);
        if (!fs.exists(p)) {
            fs.createDirectories(dir);
            fs.create(p);
            namesDirty = true;
        }
        fs.write(p, offset, bytes, 0, bytes.length);
        dirty.add(id);
    }

    /** Every blob written since the last call, and their names, are durable when this returns. */
    public void syncDirty() throws IOException {
        for (long id : dirty) {
            if (fs.exists(pathOf(id))) fs.sync(pathOf(id));
        }
        dirty.clear();
        if (namesDirty) fs.syncDirectory(dir);
        namesDirty = false;
    }

    /** The blob's current length on disk, or -1 when it does not exist. */
    public long size(long id) throws IOException {
        String p = pathOf(id);
        return fs.exists(p) ? fs.size(p) : -1;
    }

    /** {@code length} bytes of blob {@code id} at {@code offset}; a missing or short blob is {@link SnapshotData.Unavailable}. */
    public byte[] read(long id, long offset, int length) throws IOException {
        byte[] out = new byte[length];
        int done = 0;
        String p = pathOf(id);
        if (!fs.exists(p)) throw new SnapshotData.Unavailable("blob " + id + " is gone");
        while (done < length) {
            int n = fs.read(p, offset + done, out, done, length - done);
            if (n <= 0) throw new SnapshotData.Unavailable("blob " + id + " ends before " + (offset + length));
            done += n;
        }
        return out;
    }

    /**
     * Replaces blob {@code id} by {@code length} bytes of {@code source} at {@code from} (a snapshot from the leader):
     * a temporary file, fsynced, renamed over the old one. When {@code sha256} is given the bytes must hash to it.
     */
    public void install(long id, SnapshotData source, long from, long length, String sha256) throws IOException {
        if (sha256 != null && intact(id, length, sha256)) return; // a committed file this server already holds
        fs.createDirectories(dir);
        String tmp = pathOf(id) + ".tmp";
        if (fs.exists(tmp)) fs.delete(tmp);
        fs.create(tmp);
        MessageDigest digest = sha256 == null ? null : sha256();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(COPY_BYTES, length - done);
            byte[] piece = source.read(from + done, n);
            if (digest != null) digest.update(piece);
            fs.write(tmp, done, piece, 0, n);
            done += n;
        }
        if (digest != null && !HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
            fs.delete(tmp);
            throw new IllegalStateException("blob " + id + " from the leader's snapshot does not hash to " + sha256);
        }
        fs.sync(tmp);
        // rename replaces the old blob atomically: deleting it first would leave a moment (a crash) without either.
        fs.rename(tmp, pathOf(id));
        namesDirty = true;
        dirty.remove(id);
    }

    /** Whether blob {@code id} exists, {@code length} bytes long, and hashes to {@code sha256}. */
    private boolean intact(long id, long length, String sha256) throws IOException {
        if (size(id) != length) return false;
        MessageDigest digest = sha256();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(COPY_BYTES, length - done);
            digest.update(read(id, done, n));
            done += n;
        }
        return HexFormat.of().formatHex(digest.digest()).equals(sha256);
    }

    /**
     * Deletes every blob not in {@code alive} (and leftovers of an interrupted install). Called once a snapshot that
     * names exactly {@code alive} is durable.
     */
    public void collect(Map<Long, Long> alive) throws IOException {
        if (!fs.exists(dir)) return;
        boolean deleted = false;
        for (String n : fs.list(dir)) {
            boolean keep = false;
            if (n.startsWith("blob-") && !n.endsWith(".tmp")) {
                try {
                    keep = alive.containsKey(Long.parseLong(n.substring(5)));
                } catch (NumberFormatException e) {
                    keep = false;
                }
            }
            if (!keep) {
                fs.delete(dir + "/" + n);
                deleted = true;
                try {
                    dirty.remove(Long.parseLong(n.substring(5).replace(".tmp", "")));
                } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                    // not one of ours: nothing was pending for it
                }
            }
        }
        if (deleted) fs.syncDirectory(dir);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
