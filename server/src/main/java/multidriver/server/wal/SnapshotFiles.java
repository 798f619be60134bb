package multidriver.server.wal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import multidriver.core.raft.Membership;
import multidriver.core.raft.MembershipCodec;
import multidriver.core.raft.Snapshot;
import multidriver.server.io.FileSystem;

/**
 * Snapshot files {@code snap-NNNNNNNNNNNNNNNN.snap} (the last included index) beside the WAL segments:
 * {@code [magic v2][long index][long term][int configLength][int length][int crc32c(index, term, config, data)][config]
 * [data]}, the configuration in {@link MembershipCodec}'s bytes. (Version 1 files, written before configurations
 * could change, had no configuration and read back with the bootstrap one.) A snapshot is written to a
 * temporary name, fsynced, renamed and the directory fsynced, so a crash leaves either the old snapshot or the new
 * one, never half of one; older snapshots are deleted only after the new one is durable. On recovery the newest
 * snapshot must verify: a damaged one is reported with its file name, never half-loaded, and not silently replaced by
 * an older one (the WAL segments it covered may already be gone).
 */
public final class SnapshotFiles {
    static final byte[] MAGIC = {'M', 'D', 'S', 'N', 'A', 'P', 0, 2};
    private static final byte[] MAGIC_V1 = {'M', 'D', 'S', 'N', 'A', 'P', 0, 1};
    private static final int HEADER_BYTES = MAGIC.length + 8 + 8 + 4 + 4 + 4;
    private static final int HEADER_BYTES_V1 = MAGIC.length + 8 + 8 + 4 + 4;
    /** Bound on a snapshot read back at recovery. */
    public static final int MAX_SNAPSHOT_BYTES = 1 << 30;

    private final FileSystem fs;
    private final String dir;

    public SnapshotFiles(FileSystem fs, String dir) {
        this.fs = fs;
        this.dir = dir;
    }

    public static String fileName(long index) {
        return String.format("snap-%016d.snap", index);
    }

    /** Makes {@code snapshot} durable, then removes every older snapshot file. */
    public void save(Snapshot snapshot) throws IOException {
        byte[] data = snapshot.data().readAll(MAX_SNAPSHOT_BYTES);
        byte[] config = MembershipCodec.encode(snapshot.membership());
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + config.length + data.length);
        out.put(MAGIC).putLong(snapshot.index()).putLong(snapshot.term()).putInt(config.length).putInt(data.length)
                .putInt(crc(snapshot.index(), snapshot.term(), config, data, 0, data.length)).put(config).put(data);
        String name = fileName(snapshot.index());
        String tmp = dir + "/" + name + ".tmp";
        if (fs.exists(tmp)) fs.delete(tmp);
        fs.create(tmp);
        fs.write(tmp, 0, out.array(), 0, out.position());
        fs.sync(tmp);
        if (fs.exists(dir + "/" + name)) fs.delete(dir + "/" + name);
        fs.rename(tmp, dir + "/" + name);
        fs.syncDirectory(dir);
        for (String old : names()) {
            if (!old.equals(name)) fs.delete(dir + "/" + old);
        }
        fs.syncDirectory(dir);
    }

    /**
     * The newest snapshot, or null when there is none. Leftover temporary files (a save a crash interrupted) are
     * removed.
     *
     * @param bootstrap the configuration of a version 1 file (written before configurations could change)
     * @throws WalCorruptionException the newest snapshot file does not verify
     */
    public Snapshot loadNewest(Membership bootstrap) throws IOException {
        if (!fs.exists(dir)) return null;
        for (String n : fs.list(dir)) {
            if (n.startsWith("snap-") && n.endsWith(".tmp")) fs.delete(dir + "/" + n);
        }
        List<String> names = names();
        if (names.isEmpty()) return null;
        String newest = dir + "/" + names.get(names.size() - 1);
        byte[] bytes;
        try {
            bytes = fs.readAll(newest, MAX_SNAPSHOT_BYTES + HEADER_BYTES + 64 * 1024);
        } catch (IOException e) {
            throw damaged(newest, "cannot be read (" + e.getMessage() + ")");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            boolean v1 = Arrays.equals(magic, MAGIC_V1);
            if (!v1 && !Arrays.equals(magic, MAGIC)) throw damaged(newest, "has no snapshot header");
            long index = in.getLong();
            long term = in.getLong();
            int configLength = v1 ? 0 : in.getInt();
            int length = in.getInt();
            int crc = in.getInt();
            if (configLength < 0 || configLength > in.remaining() || length < 0 || length != in.remaining() - configLength) {
                throw damaged(newest, "claims " + configLength + "+" + length + " bytes, holds " + in.remaining());
            }
            byte[] config = new byte[configLength];
            in.get(config);
            int dataFrom = (v1 ? HEADER_BYTES_V1 : HEADER_BYTES) + configLength;
            if (crc != crc(index, term, v1 ? null : config, bytes, dataFrom, length)) {
                throw damaged(newest, "fails its checksum");
            }
            if (index < 1 || term < 1 || !names.get(names.size() - 1).equals(fileName(index))) {
                throw damaged(newest, "holds index " + index + "@t" + term + ", not what its name says");
            }
            Membership membership;
            try {
                membership = v1 ? bootstrap : MembershipCodec.decode(config);
            } catch (IllegalArgumentException e) {
                throw damaged(newest, "holds an unreadable configuration (" + e.getMessage() + ")");
            }
            return new Snapshot(index, term, membership, Arrays.copyOfRange(bytes, dataFrom, bytes.length));
        } catch (BufferUnderflowException e) {
            throw damaged(newest, "is cut short (" + bytes.length + " bytes)");
        }
    }

    private List<String> names() throws IOException {
        return fs.list(dir).stream().filter(n -> n.matches("snap-\\d{16}\\.snap")).sorted().toList();
    }

    private static int crc(long index, long term, byte[] config, byte[] data, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(16).putLong(index).putLong(term).array());
        if (config != null) crc.update(config);
        crc.update(data, from, length);
        return (int) crc.getValue();
    }

    private static WalCorruptionException damaged(String file, String what) {
        return new WalCorruptionException("snapshot " + file + " " + what + ". The node refuses to start rather than"
                + " load half a state machine (the WAL before it may be gone). To recover: remove this member's data"
                + " directory and re-add it to the cluster as a new member (its peers hold the state), or restore the"
                + " directory from a backup.");
    }
}
