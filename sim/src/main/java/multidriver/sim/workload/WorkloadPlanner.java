package multidriver.sim.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the explicit list of client operations of a schedule: {@code clients} clients, each issuing an op every
 * few milliseconds of think time on one of {@code keys} keys (few keys: contention is what makes histories
 * interesting; independent keys keep each per-key history small enough to check quickly).
 */
public final class WorkloadPlanner {
    private final int clients;
    private final int keys;
    private final int meanThinkMs;

    public WorkloadPlanner(int clients, int keys, int meanThinkMs) {
        if (clients < 1 || keys < 1 || meanThinkMs < 1) {
            throw new IllegalArgumentException("clients, keys and meanThinkMs must be >= 1");
        }
        this.clients = clients;
        this.keys = keys;
        this.meanThinkMs = meanThinkMs;
    }

    /** Ops of all clients in time order (ties: client order), covering [0, simMs). */
    public List<ClientOp> plan(SplittableRandom random, long simMs) {
        List<ClientOp> ops = new ArrayList<>();
        long nextValue = 1;
        long[] nextAtMs = new long[clients];
        for (int c = 0; c < clients; c++) nextAtMs[c] = random.nextInt(meanThinkMs * 2 + 1);
        while (true) {
            int client = -1;
            for (int c = 0; c < clients; c++) {
                if (nextAtMs[c] < simMs && (client < 0 || nextAtMs[c] < nextAtMs[client])) client = c;
            }
            if (client < 0) return ops;
            int roll = random.nextInt(100);
            OpKind kind = roll < 45 ? OpKind.READ : roll < 80 ? OpKind.WRITE : OpKind.CAS;
            long value = kind == OpKind.READ ? 0 : nextValue++;
            ops.add(new ClientOp(client, nextAtMs[client], kind, random.nextInt(keys), value));
            nextAtMs[client] += 1 + random.nextInt(meanThinkMs * 2);
        }
    }
}
