package multidriver.sim.workload;

/**
 * One attempt of a client operation as sent to a node. Writes and cas carry the client's session
 * ({@code session}, {@code seq}): a retry of the same operation reuses them so that the state machine applies it
 * at most once (thesis §6.3); 0 when the system has no sessions. {@code expected} is the cas's expected value ({@code null}: key absent).
 */
public record ClientRequest(int client, long attemptId, OpKind kind, int key, long value, Long expected,
                            long session, long seq) {
    /** The key as stored in the key-value state machine. */
    public String keyName() {
        return "k" + key;
    }
}
