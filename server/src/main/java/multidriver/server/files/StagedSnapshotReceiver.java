package multidriver.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import multidriver.core.raft.SnapshotData;
import multidriver.core.raft.SnapshotReceiver;
import multidriver.server.io.FileSystem;

/**
 * A follower's incoming snapshot (§7), chunk by chunk, in {@code snap-incoming-<n>.part} beside the WAL, so that
 * a snapshot carrying gigabytes of files arrives without being held in memory. Each transfer has its own file: a
 * finished snapshot waiting for its Ready must survive the first chunk of a newer one arriving in the same batch.
 * Nothing here is synced: a crash restarts the transfer, and the server makes the complete snapshot durable
 * (blobs, then the snapshot file) when it persists the Ready that carries it.
 */
public final class StagedSnapshotReceiver implements SnapshotReceiver {
    private static final String PREFIX = "snap-incoming-";
    private static final String SUFFIX = ".part";
    /** A snapshot is as large as the files it carries; the disk is the real bound. */
    public static final long MAX_BYTES = 1L << 40;

    private final FileSystem fs;
    private final String walDir;
    private long transfers;
    /** The file of the transfer in progress, or null. */
    private String path;
    private long written;

    public StagedSnapshotReceiver(FileSystem fs, String walDir) {
        this.fs = fs;
        this.walDir = walDir;
    }

    /** Removes what an earlier incarnation left (transfers a crash interrupted). */
    public static void removeLeftover(FileSystem fs, String walDir) throws IOException {
        for (String n : staged(fs, walDir)) fs.delete(walDir + "/" + n);
    }

    private static java.util.List<String> staged(FileSystem fs, String walDir) throws IOException {
        if (!fs.exists(walDir)) return java.util.List.of();
        return fs.list(walDir).stream().filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX)).toList();
    }

    /**
     * Deletes every staging file but the transfer in progress: called once a received snapshot is installed, it
     * also removes those of snapshots a newer one replaced before they were handed out.
     */
    public void removeFinished() throws IOException {
        for (String n : staged(fs, walDir)) {
            String p = walDir + "/" + n;
            if (!p.equals(path)) fs.delete(p);
        }
    }

    @Override
    public long maxBytes() {
        return MAX_BYTES;
    }

    @Override
    public void begin(long index, long term, long totalBytes) {
        try {
            if (path != null && fs.exists(path)) fs.delete(path);
            path = walDir + "/" + PREFIX + (++transfers) + SUFFIX;
            if (fs.exists(path)) fs.delete(path);
            fs.create(path);
            written = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void append(byte[] chunk) {
        try {
            fs.write(path, written, chunk, 0, chunk.length);
            written += chunk.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public SnapshotData finish() {
        Staged done = new Staged(fs, path, written);
        path = null; // the file now belongs to the finished snapshot, until it is installed
        return done;
    }

    @Override
    public void discard() {
        try {
            if (path != null && fs.exists(path)) fs.delete(path);
            path = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The received bytes, read from the staging file until the server has installed them; then {@link #rebind
     * rebound} to the same bytes in the installed snapshot and blob store (its staging file is deleted), so the core
     * can go on sending this snapshot if this server becomes leader.
     */
    public static final class Staged implements SnapshotData {
        private final FileSystem fs;
        private final String path;
        private final long size;
        private SnapshotData installed;

        Staged(FileSystem fs, String path, long size) {
            this.fs = fs;
            this.path = path;
            this.size = size;
        }

        /** From now on the bytes come from {@code sameBytes} (byte for byte the staged content). */
        public void rebind(SnapshotData sameBytes) {
            if (sameBytes.sizeBytes() != size) {
                throw new IllegalArgumentException("rebinding " + size + " staged bytes to " + sameBytes.sizeBytes());
            }
            installed = sameBytes;
        }


        @Override
        public long sizeBytes() {
            return size;
        }

        @Override
        public byte[] read(long offset, int length) {
            if (installed != null) return installed.read(offset, length);
            if (offset < 0 || length < 0 || offset + length > size) {
                throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + size + " bytes");
            }
            byte[] out = new byte[length];
            int done = 0;
            try {
                while (done < length) {
                    int n = fs.read(path, offset + done, out, done, length - done);
                    if (n <= 0) throw new SnapshotData.Unavailable(path + " ends before " + (offset + length));
                    done += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }
}
