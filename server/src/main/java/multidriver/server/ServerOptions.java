package multidriver.server;

import java.util.EnumSet;
import java.util.Set;
import multidriver.core.raft.Membership;
import multidriver.core.raft.RaftConfig;
import multidriver.server.codec.MessageCodec;

/**
 * What a server core is configured with, in both worlds.
 *
 * @param nodeId            this server's id
 * @param bootstrap         the configuration a new cluster starts with (thesis §4), used until the log or a snapshot
 *                          holds one; {@link Membership#EMPTY} for a server that joins a running cluster
 * @param raft              the Raft core's configuration (durations in ticks)
 * @param walDir            the WAL's directory on the {@link multidriver.server.io.FileSystem}
 * @param walSegmentBytes   segment roll size
 * @param mayBootstrap      an empty data directory may be initialised (first start of a new cluster only)
 * @param requestTimeoutMs  bound on a client's wait for a commit or a read
 * @param unsafeStaleReads  reads answer from local state without ReadIndex (not linearizable; for checker demos)
 * @param maxSessions       client sessions kept; the least recently used is evicted beyond (thesis §6.3)
 * @param sessionExpiryEntries a session unused for this many log entries expires
 * @param bugs              deliberate defects for the simulator's self-tests; empty in any real use
 * @param snapshotEveryEntries take a snapshot and compact the log once this many entries were applied since the
 *                          last one (0: never, by count)
 * @param snapshotEveryBytes   ... or once the entries applied since the last one hold this many bytes (0: never)
 * @param wireVersion       the newest peer-message format this server decodes and announces
 *                          ({@link MessageCodec#WIRE_VERSION}; lower only to behave as an older release would, as a
 *                          mixed-version test or a paused upgrade does)
 */
public record ServerOptions(int nodeId, Membership bootstrap, RaftConfig raft, String walDir, long walSegmentBytes,
                            boolean mayBootstrap, long requestTimeoutMs, boolean unsafeStaleReads, int maxSessions,
                            long sessionExpiryEntries, Set<ServerBug> bugs, long snapshotEveryEntries,
                            long snapshotEveryBytes, int wireVersion) {
    /** A snapshot every 10,000 entries or 64 MiB of entries, whichever comes first. */
    public static final long DEFAULT_SNAPSHOT_EVERY_ENTRIES = 10_000;
    public static final long DEFAULT_SNAPSHOT_EVERY_BYTES = 64L << 20;

    /** At the newest wire version. */
    public ServerOptions(int nodeId, Membership bootstrap, RaftConfig raft, String walDir, long walSegmentBytes,
                         boolean mayBootstrap, long requestTimeoutMs, boolean unsafeStaleReads, int maxSessions,
                         long sessionExpiryEntries, Set<ServerBug> bugs, long snapshotEveryEntries,
                         long snapshotEveryBytes) {
        this(nodeId, bootstrap, raft, walDir, walSegmentBytes, mayBootstrap, requestTimeoutMs, unsafeStaleReads,
                maxSessions, sessionExpiryEntries, bugs, snapshotEveryEntries, snapshotEveryBytes,
                MessageCodec.WIRE_VERSION);
    }

    /** Without snapshots. */
    public ServerOptions(int nodeId, Membership bootstrap, RaftConfig raft, String walDir, long walSegmentBytes,
                         boolean mayBootstrap, long requestTimeoutMs, boolean unsafeStaleReads, int maxSessions,
                         long sessionExpiryEntries, Set<ServerBug> bugs) {
        this(nodeId, bootstrap, raft, walDir, walSegmentBytes, mayBootstrap, requestTimeoutMs, unsafeStaleReads,
                maxSessions, sessionExpiryEntries, bugs, 0, 0);
    }

    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    public static final long DEFAULT_SESSION_EXPIRY_ENTRIES = 1_000_000;

    public ServerOptions {
        java.util.Objects.requireNonNull(bootstrap, "bootstrap");
        if (nodeId < 0) throw new IllegalArgumentException("nodeId must be >= 0, got " + nodeId);
        if (requestTimeoutMs < 1) throw new IllegalArgumentException("requestTimeoutMs must be >= 1");
        if (snapshotEveryEntries < 0 || snapshotEveryBytes < 0) {
            throw new IllegalArgumentException("snapshot thresholds must be >= 0 (0: off)");
        }
        MessageCodec.requireWireVersion(wireVersion);
        bugs = bugs.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(bugs));
    }

    public boolean has(ServerBug bug) {
        return bugs.contains(bug);
    }
}
