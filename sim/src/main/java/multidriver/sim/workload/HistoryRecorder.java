package multidriver.sim.workload;

import java.util.Arrays;
import multidriver.check.history.History;
import multidriver.check.history.OpType;

/**
 * Records client operations as a Jepsen history with independent keys: values are {@code [key value]} tuples
 * ({@code [k [old new]]} for cas), so the checker splits the history per key and checks each as a cas-register
 * starting at nil. Times are simulated nanoseconds. Bounded by {@code maxOps}.
 */
public final class HistoryRecorder {
    private final History.Builder builder = History.builder();
    private final int maxOps;

    public HistoryRecorder(int maxOps) {
        this.maxOps = maxOps;
    }

    /** Records an invocation and returns its index in the history (what the checker's explanations cite). */
    public long invoke(long process, OpKind kind, int key, Object opValue, long atMs) {
        long index = builder.size();
        add(process, OpType.INVOKE, kind, key, opValue, atMs);
        return index;
    }

    public void complete(long process, OpType type, OpKind kind, int key, Object opValue, long atMs) {
        add(process, type, kind, key, opValue, atMs);
    }

    /** The value of a cas op: {@code [old new]}. */
    public static Object casValue(Long expected, long value) {
        return Arrays.asList(expected, value);
    }

    public History build() {
        return builder.build();
    }

    public int size() {
        return builder.size();
    }

    private void add(long process, OpType type, OpKind kind, int key, Object opValue, long atMs) {
        if (builder.size() >= maxOps) throw new IllegalStateException("history exceeds " + maxOps + " ops");
        builder.add(process, type, kind.jepsenName(), Arrays.asList((long) key, opValue), atMs * 1_000_000L);
    }
}
