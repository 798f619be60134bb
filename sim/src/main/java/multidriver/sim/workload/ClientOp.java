package multidriver.sim.workload;

/**
 * One planned client operation: {@code client} issues it at {@code atMs} or, if still busy then, as soon as its
 * previous operation completes. Writes and cas carry a value unique in the schedule; a cas expects the value the
 * client last saw for the key (decided when it is invoked, so the plan stays valid when shrinking drops ops).
 */
public record ClientOp(int client, long atMs, OpKind kind, int key, long value) {
    public ClientOp {
        if (client < 0) throw new IllegalArgumentException("client must be >= 0, got " + client);
        if (atMs < 0) throw new IllegalArgumentException("atMs must be >= 0, got " + atMs);
        if (key < 0) throw new IllegalArgumentException("key must be >= 0, got " + key);
    }
}
