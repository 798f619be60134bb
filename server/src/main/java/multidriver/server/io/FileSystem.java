package multidriver.server.io;

import java.io.IOException;
import java.util.List;

/**
 * The file system as the server core sees it: the few operations a write-ahead log needs, with their durability
 * spelled out. Paths are relative, '/'-separated names below the binding's root. The production binding maps them
 * to {@code FileChannel}s; the simulator's binding is a disk that loses, tears and corrupts what it holds.
 *
 * <p>Durability contract (Linux semantics, which both bindings model): a write is volatile until {@link #sync} of
 * its file returns; a created, renamed or deleted name is volatile until {@link #syncDirectory} of its parent
 * returns. Any method may fail with an {@link IOException} (a read error, a full disk, a failed fsync); after a
 * failed {@link #sync} the state of the unsynced writes is unknown and the caller must not carry on as if they were
 * durable (PostgreSQL's 2018 "fsyncgate").
 */
public interface FileSystem {
    /** Creates {@code dir} and its missing parents (like {@code mkdir -p}); the new names need a directory sync. */
    void createDirectories(String dir) throws IOException;

    /** Makes the names in {@code dir} (created, renamed, deleted) durable: fsync of the directory. */
    void syncDirectory(String dir) throws IOException;

    /** The names of the files in {@code dir}, sorted; empty when {@code dir} does not exist. */
    List<String> list(String dir) throws IOException;

    boolean exists(String path) throws IOException;

    /** Creates an empty file; fails if it exists. */
    void create(String path) throws IOException;

    long size(String path) throws IOException;

    /** Writes {@code length} bytes of {@code data} from {@code from} at {@code offset}, growing the file as needed. */
    void write(String path, long offset, byte[] data, int from, int length) throws IOException;

    /** Reads up to {@code length} bytes at {@code offset} into {@code into} at {@code at}; returns how many (0 at EOF). */
    int read(String path, long offset, byte[] into, int at, int length) throws IOException;

    /** fdatasync: every write to {@code path} so far is on stable storage when this returns. */
    void sync(String path) throws IOException;

    /** Cuts the file to {@code size} bytes (durable after {@link #sync}). */
    void truncate(String path, long size) throws IOException;

    /** Atomically replaces {@code to} by {@code from} (durable after a directory sync). */
    void rename(String from, String to) throws IOException;

    void delete(String path) throws IOException;

    /** Reads the whole file. Bounded by {@code maxBytes}: a larger file is an error, never a huge allocation. */
    default byte[] readAll(String path, int maxBytes) throws IOException {
        long size = size(path);
        if (size > maxBytes) throw new IOException(path + " has " + size + " bytes, more than the bound " + maxBytes);
        byte[] data = new byte[(int) size];
        int done = 0;
        while (done < data.length) {
            int n = read(path, done, data, done, data.length - done);
            if (n <= 0) throw new IOException(path + ": short read at " + done + " of " + size + " bytes");
            done += n;
        }
        return data;
    }
}
