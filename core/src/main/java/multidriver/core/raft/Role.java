package multidriver.core.raft;

/** The role a server plays in its current term (§5.1), plus the PreVote phase (Ongaro thesis §9.6). */
public enum Role {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
