package multidriver.check.total;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * Pairs each insert's invocation with its completion, by process (Jepsen semantics: one open operation per process;
 * a process that invokes again, or an invocation never completed, leaves its insert indeterminate).
 */
final class Inserts {
    private final String f;
    private final DeliveryCount count;
    private final Function<Object, Object> element;
    private final Map<Long, Object> open = new HashMap<>();

    /** Inserts whose value is the element itself. */
    Inserts(String f, DeliveryCount count) {
        this(f, count, v -> v);
    }

    /** Inserts whose element is {@code element} of the value (a transfer's id). */
    Inserts(String f, DeliveryCount count, Function<Object, Object> element) {
        this.f = f;
        this.count = count;
        this.element = element;
    }

    /** Feeds one op of {@code f}; other functions are not this class's. */
    void accept(Op op) {
        if (!op.f().equals(f)) return;
        if (op.type() == OpType.INVOKE) {
            Object inserted = element.apply(op.value());
            Object earlier = open.put(op.process(), inserted);
            if (earlier != null) count.maybe(earlier);
            count.attempted(inserted);
            return;
        }
        Object invoked = open.remove(op.process());
        if (invoked == null) {
            throw new IllegalArgumentException("op " + op.index() + ": a " + f + " completion without an invocation"
                    + " by process " + op.process());
        }
        if (op.type() == OpType.OK) count.acknowledged(invoked);
        else if (op.type() == OpType.INFO) count.maybe(invoked);
        else count.failed(invoked); // :fail: it surely did not happen
    }

    /** At the end: inserts never completed may have happened. */
    void finish() {
        open.values().forEach(count::maybe);
        open.clear();
    }
}
