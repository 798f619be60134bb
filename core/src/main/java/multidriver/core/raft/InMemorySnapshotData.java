package multidriver.core.raft;

import java.util.Arrays;
import java.util.Objects;

/** {@link SnapshotData} in a byte array; equal to another with the same bytes. */
final class InMemorySnapshotData implements SnapshotData {
    private final byte[] bytes;

    InMemorySnapshotData(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long sizeBytes() {
        return bytes.length;
    }

    @Override
    public byte[] read(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") of " + bytes.length + " bytes");
        }
        return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InMemorySnapshotData d && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
