package multidriver.core.raft;

import java.io.ByteArrayOutputStream;

/** {@link SnapshotReceiver} in a byte buffer: memory grows with the bytes received, never with a size claimed. */
final class InMemorySnapshotReceiver implements SnapshotReceiver {
    private ByteArrayOutputStream incoming;

    @Override
    public long maxBytes() {
        return 1L << 30;
    }

    @Override
    public void begin(long index, long term, long totalBytes) {
        incoming = new ByteArrayOutputStream((int) Math.min(totalBytes, 1 << 20));
    }

    @Override
    public void append(byte[] chunk) {
        incoming.write(chunk, 0, chunk.length);
    }

    @Override
    public SnapshotData finish() {
        SnapshotData data = SnapshotData.of(incoming.toByteArray());
        incoming = null;
        return data;
    }

    @Override
    public void discard() {
        incoming = null;
    }
}
