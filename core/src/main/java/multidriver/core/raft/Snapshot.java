package multidriver.core.raft;

import java.util.Objects;

/**
 * The state machine's state as of log entry ({@code index}, {@code term}) (§7): it replaces every entry up to and
 * including {@code index}. {@code membership} is the configuration in effect at {@code index} (thesis §4, §5.4 of
 * the thesis on snapshots: "the latest configuration as of the last included index"). {@code data} is opaque to the
 * core (the key-value store and its client sessions) and read a chunk at a time ({@link SnapshotData}).
 */
public record Snapshot(long index, long term, Membership membership, SnapshotData data) {
    public Snapshot {
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(data, "data");
        if (index < 1 || term < 1) throw new IllegalArgumentException("snapshot at " + index + "@t" + term);
    }

    /** A snapshot whose data is in memory. */
    public Snapshot(long index, long term, Membership membership, byte[] data) {
        this(index, term, membership, SnapshotData.of(data));
    }

    @Override
    public String toString() {
        return "Snapshot[" + index + "@t" + term + ", " + membership + ", " + data.sizeBytes() + " bytes]";
    }
}
