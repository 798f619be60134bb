package multidriver.server;

/**
 * Deliberate defects of the server core, off by default and reachable only through {@link ServerOptions#bugs()}.
 * They exist so the simulator can prove that it finds this class of bug in the code that ships; a real node never
 * sets them. (The Raft core's own deliberate bugs are {@code multidriver.core.raft.DeliberateBug}.)
 */
public enum ServerBug {
    /** A Ready's messages go out while its fsync is deferred to the next tick (violates the Ready contract, §5.1). */
    ACK_BEFORE_FSYNC,
    /** The WAL is written but never fsynced: acknowledgements rest on the page cache. */
    SKIP_FSYNC,
    /** WAL recovery treats every damaged record as a torn tail and drops what follows (silent data loss). */
    ACCEPT_CORRUPT_RECORD,
    /** A pending write is answered by whatever entry is applied at its index, without comparing terms (§5.3). */
    MATCH_BY_INDEX,
    /** A write is answered once its entry commits, before it is applied, with the result it would usually have. */
    ACK_ON_COMMIT,
    /**
     * The leader's own new entries reach the disk through a background flush every few ticks while it already counts
     * them towards the commit quorum (§10.2.1 allows the parallel write, not counting before it completes).
     */
    LEADER_COUNTS_UNSYNCED,
    /**
     * The snapshot keeps the data and the sessions but not what each session last applied: after a restart from it,
     * or on a follower that installed it, a client's retry is applied a second time (thesis §6.3 needs the sessions'
     * state in the snapshot).
     */
    SNAPSHOT_WITHOUT_SESSIONS
}
