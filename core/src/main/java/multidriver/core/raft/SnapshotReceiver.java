package multidriver.core.raft;

/**
 * Where a follower puts the chunks of a snapshot arriving from its leader (§7), so that a snapshot larger than memory
 * can arrive. The core decides which chunk is next (offsets, duplicates, a new leader's snapshot); the receiver only
 * stores what it is handed, in order. The default keeps the bytes in memory; the server binds one that writes a
 * temporary file through its file system port. Nothing it holds needs to be durable: a restart starts the transfer
 * over, and the complete snapshot is made durable by the driver from the next {@link Ready}.
 *
 * <p>Failures are {@link java.io.UncheckedIOException}s, which the driver treats as a failed disk.
 */
public interface SnapshotReceiver {
    /** The largest snapshot this receiver accepts; a leader offering more is refused at the first chunk. */
    long maxBytes();

    /** A new snapshot of {@code totalBytes} starts; whatever an earlier one left is discarded. */
    void begin(long index, long term, long totalBytes);

    /** The next bytes, in order. */
    void append(byte[] chunk);

    /** Every byte arrived: the snapshot's data, readable until the driver has persisted it. */
    SnapshotData finish();

    /** The transfer was abandoned (another snapshot, another leader): drop what arrived. */
    void discard();

    /** Holds the chunks in memory, up to 1 GiB. */
    static SnapshotReceiver inMemory() {
        return new InMemorySnapshotReceiver();
    }
}
