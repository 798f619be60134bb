package multidriver.check.history;

import java.util.Objects;

/**
 * One event of a Jepsen history: an invocation or a completion.
 *
 * @param index   position in the history (0-based, unique); the search orders events by it, never by time
 * @param process client process id; a crashed process continues under a new id (Jepsen semantics)
 * @param type    invoke, ok, fail or info
 * @param f       operation name without colon, e.g. {@code "read"}, {@code "write"}, {@code "cas"}, {@code "txn"}
 * @param value   normalised value (see {@link Values}): Long, String, Keyword, null, or a List such as
 *                {@code [k v]} (independent keys) or {@code [old new]} (cas)
 * @param timeNs  wall or simulated time in ns, or {@link #NO_TIME}; informational only
 */
public record Op(long index, long process, OpType type, String f, Object value, long timeNs) {
    /** Marker for "no time recorded". */
    public static final long NO_TIME = -1L;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (f.startsWith(":")) {
            f = f.substring(1);
        }
        value = Values.normalize(value);
    }

    public boolean isInvoke() {
        return type == OpType.INVOKE;
    }

    /** Returns a copy with another index (used when a history is re-numbered). */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, process, type, f, value, timeNs);
    }

    /** Returns a copy with another value (used when independent keys are split off). */
    public Op withValue(Object newValue) {
        return new Op(index, process, type, f, newValue, timeNs);
    }

    @Override
    public String toString() {
        return EdnWriter.toEdn(this);
    }
}
