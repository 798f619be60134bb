package multidriver.core.raft;

/**
 * A linearizable read that became safe (thesis §6.4): once the state machine has applied {@code readIndex},
 * the read identified by {@code requestId} may be served from local state.
 */
public record ReadState(RequestId requestId, long readIndex) {
}
