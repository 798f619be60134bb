package multidriver.core.raft;

/**
 * Deliberate protocol deviations, off by default, reachable only through {@link RaftConfig#bugs()}.
 * They exist so that the simulator can prove it finds real Raft bugs; production code never sets them.
 */
public enum DeliberateBug {
    /** Leader advances commitIndex by counting replicas of entries from older terms (violates §5.4.2). */
    COMMIT_OLD_TERM,
    /** A server grants a second vote to a different candidate in the same term (violates §5.2). */
    VOTE_TWICE,
    /** A follower keeps conflicting entries instead of truncating them (violates §5.3). */
    NO_TRUNCATE,
    /** A leader answers ReadIndex immediately, without confirming leadership with a quorum (thesis §6.4). */
    STALE_READ,
    /** Heartbeats carry no commit index: a follower's commit index stops advancing once writes stop (§5.3). */
    NO_CONVERGE,
    /** A follower installs a snapshot that is not ahead of its commit index: its state machine goes back (§7). */
    APPLY_SNAPSHOT_OUT_OF_ORDER,
    /** Servers count with the latest committed configuration instead of the latest one in the log (thesis §4.1). */
    CONFIG_FROM_COMMITTED_ONLY,
    /** A server removed from the configuration keeps acting as a voter: a removed leader goes on leading (§4.2.2). */
    REMOVE_WITHOUT_STEPDOWN
}
