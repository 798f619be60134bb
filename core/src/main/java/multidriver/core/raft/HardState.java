package multidriver.core.raft;

/**
 * The state a server must persist before it sends any message that depends on it (§5.1, Figure 2):
 * current term and vote. The commit index is persisted too, as etcd does, so a restarted server need not
 * re-learn it (it is only a hint: it is never ahead of what a quorum stored).
 *
 * @param votedFor the candidate voted for in {@code term}, or {@code null}
 */
public record HardState(long term, NodeId votedFor, long commitIndex) {
    public static final HardState INITIAL = new HardState(0, null, 0);

    public HardState {
        if (term < 0) throw new IllegalArgumentException("term must be >= 0, got " + term);
        if (commitIndex < 0) throw new IllegalArgumentException("commitIndex must be >= 0, got " + commitIndex);
    }
}
