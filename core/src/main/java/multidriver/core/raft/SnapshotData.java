package multidriver.core.raft;

/**
 * The bytes of a {@link Snapshot}, read a piece at a time (§7: a snapshot is sent in chunks, so nobody needs it whole
 * in memory). The core never interprets them. A driver backs them with whatever holds the state: the node with the
 * snapshot file and the file blobs it names, tests with a byte array ({@link #of}).
 *
 * <p>Reads may fail: a file-backed snapshot whose files are gone (a newer snapshot replaced it) throws
 * {@link Unavailable}, and the leader then sends its newest snapshot instead; any other failure is an
 * {@link java.io.UncheckedIOException}, which the driver treats as a failed disk.
 */
public interface SnapshotData {
    /** Total length in bytes. */
    long sizeBytes();

    /**
     * {@code length} bytes at {@code offset}; {@code offset + length <= sizeBytes()}.
     *
     * @throws Unavailable the bytes are gone (replaced by a newer snapshot)
     */
    byte[] read(long offset, int length);

    /** Bytes held in memory (the core's tests, small state machines). */
    static SnapshotData of(byte[] bytes) {
        return new InMemorySnapshotData(bytes);
    }

    /** The whole content, for state machines small enough to hold in memory; bounded by {@code maxBytes}. */
    default byte[] readAll(int maxBytes) {
        long size = sizeBytes();
        if (size > maxBytes) {
            throw new IllegalArgumentException("snapshot of " + size + " bytes exceeds the bound of " + maxBytes);
        }
        return read(0, (int) size);
    }

    /** The snapshot's bytes no longer exist: it was replaced by a newer one. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
