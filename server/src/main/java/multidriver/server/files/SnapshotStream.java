package multidriver.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import multidriver.core.kv.KvStateMachine;
import multidriver.core.raft.SnapshotData;

/**
 * The snapshot a leader sends (§7): the key-value snapshot followed by the bytes of every blob it names, read from
 * the blob store as the chunks go out, so a snapshot holding gigabytes of files never sits in memory.
 *
 * <p>Layout: without blobs, exactly the key-value snapshot's bytes (what every earlier release sends and reads); with
 * blobs {@code [MAGIC][long kvLength][kv bytes][blob bytes, in blob id order, each as long as the key-value state
 * says]}. The receiver learns the blob layout from the key-value part, so nothing else frames it.
 */
public final class SnapshotStream implements SnapshotData {
    static final int MAGIC = 0x4D44534D; // "MDSM"
    private static final int HEADER_BYTES = 4 + 8;

    private final byte[] kv;
    private final long[] ids;
    private final long[] starts;
    private final long[] lengths;
    private final long size;
    private final BlobStore blobs;

    private SnapshotStream(byte[] kv, SortedMap<Long, Long> blobLengths, BlobStore blobs) {
        this.kv = kv;
        this.blobs = blobs;
        int n = blobLengths.size();
        ids = new long[n];
        starts = new long[n];
        lengths = new long[n];
        long at = n == 0 ? kv.length : HEADER_BYTES + kv.length;
        int i = 0;
        for (Map.Entry<Long, Long> e : blobLengths.entrySet()) {
            ids[i] = e.getKey();
            starts[i] = at;
            lengths[i] = e.getValue();
            at += e.getValue();
            i++;
        }
        size = at;
    }

    /** The stream of {@code kvSnapshot} (the key-value state's bytes) and the blobs that state names. */
    public static SnapshotStream of(byte[] kvSnapshot, KvStateMachine state, BlobStore blobs) {
        return new SnapshotStream(kvSnapshot, state.files().blobLengths(), blobs);
    }

    /** The key-value part of a received stream; bounded by {@code maxBytes}. */
    public static byte[] kvPart(SnapshotData data, int maxBytes) {
        if (data.sizeBytes() < HEADER_BYTES || ByteBuffer.wrap(data.read(0, 4)).getInt() != MAGIC) {
            return data.readAll(maxBytes);
        }
        long kvLength = ByteBuffer.wrap(data.read(4, 8)).getLong();
        if (kvLength < 0 || kvLength > maxBytes || HEADER_BYTES + kvLength > data.sizeBytes()) {
            throw new IllegalArgumentException("snapshot stream claims a key-value part of " + kvLength + " bytes");
        }
        return data.read(HEADER_BYTES, (int) kvLength);
    }

    /** One blob's place in the stream: {@code length} bytes of blob {@code id} from {@code start}. */
    public record BlobRange(long id, long start, long length) {
    }

    /** Every blob's place in this stream, in stream order (what a receiver copies out of the leader's bytes). */
    public List<BlobRange> blobRanges() {
        List<BlobRange> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) out.add(new BlobRange(ids[i], starts[i], lengths[i]));
        return out;
    }

    @Override
    public long sizeBytes() {
        return size;
    }

    @Override
    public byte[] read(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        long at = offset;
        try {
            while (out.hasRemaining()) {
                if (ids.length > 0 && at < HEADER_BYTES) {
                    byte[] header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putLong(kv.length).array();
                    int n = (int) Math.min(out.remaining(), HEADER_BYTES - at);
                    out.put(header, (int) at, n);
                    at += n;
                    continue;
                }
                long kvStart = ids.length > 0 ? HEADER_BYTES : 0;
                if (at < kvStart + kv.length) {
                    int n = (int) Math.min(out.remaining(), kvStart + kv.length - at);
                    out.put(kv, (int) (at - kvStart), n);
                    at += n;
                    continue;
                }
                int b = blobAt(at);
                long within = at - starts[b];
                int n = (int) Math.min(out.remaining(), lengths[b] - within);
                out.put(blobs.read(ids[b], within, n));
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.array();
    }

    private int blobAt(long at) {
        int lo = 0;
        int hi = ids.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= at) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
