package multidriver.check.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;
import multidriver.check.history.Values;
import multidriver.check.model.Model;

/**
 * Pairs invocations with completions and splits a history into the partitions the search checks.
 * Jepsen semantics: a {@code :fail} op did not happen (dropped); {@code :info} or a missing completion means
 * indeterminate; an invocation by a process that still has one pending makes the pending one indeterminate
 * (the process crashed and its id was reused). Ops the model says are no-ops (a read of nil) or that are
 * read-only and indeterminate constrain nothing and are dropped.
 */
public final class Partitioner {
    private Partitioner() {
    }

    /** Pairs ops; throws {@link IllegalArgumentException} naming the op for a completion without invocation. */
    public static List<Operation> pair(History history) {
        List<Op[]> pairs = new ArrayList<>();
        Map<Long, Integer> pending = new HashMap<>();
        for (Op op : history.ops()) {
            if (op.type() == OpType.INVOKE) {
                pending.put(op.process(), pairs.size());
                pairs.add(new Op[] {op, null});
                continue;
            }
            Integer slot = pending.remove(op.process());
            if (slot == null) {
                if (op.type() == OpType.INFO) {
                    continue; // a crash report for a process with nothing in flight changes nothing
                }
                throw new IllegalArgumentException("op index " + op.index() + ": :" + op.type().jepsenName()
                        + " for process " + op.process() + " without a pending invocation: " + op);
            }
            Op[] pair = pairs.get(slot);
            if (!pair[0].f().equals(op.f())) {
                throw new IllegalArgumentException("op index " + op.index() + ": completion :f :" + op.f()
                        + " does not match invocation :f :" + pair[0].f() + " at index " + pair[0].index());
            }
            pair[1] = op;
        }
        List<Operation> out = new ArrayList<>(pairs.size());
        for (Op[] p : pairs) {
            Op inv = p[0];
            Op done = p[1];
            if (done != null && done.type() == OpType.FAIL) {
                continue;
            }
            Object value = done != null && done.type() == OpType.OK && done.value() != null ? done.value() : inv.value();
            out.add(new Operation(inv, done, inv.f(), value));
        }
        return out;
    }

    /** Splits a history into partitions, validated against the model. */
    public static List<Partition> partition(History history, Model model, boolean independent) {
        List<Operation> ops = pair(history);
        Map<String, Object> keyOfName = new LinkedHashMap<>();
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation o : ops) {
            Operation inner = o;
            String keyName = "";
            if (independent) {
                Object key = tupleKey(o.invoke(), o.invoke().value());
                keyName = Values.keyName(key);
                if (o.completion() != null && o.completion().value() != null) {
                    Object doneKey = tupleKey(o.completion(), o.completion().value());
                    if (!Values.keyName(doneKey).equals(keyName)) {
                        throw new IllegalArgumentException("op index " + o.completion().index() + ": completion key "
                                + Values.show(doneKey) + " differs from invocation key " + Values.show(key));
                    }
                }
                keyOfName.putIfAbsent(keyName, key);
                inner = new Operation(o.invoke(), o.completion(), o.f(), ((List<?>) o.value()).get(1));
            }
            try {
                model.validate(inner.f(), inner.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("op index " + o.callIndex() + ": " + e.getMessage(), e);
            }
            if (model.isNoOp(inner.f(), inner.value())
                    || (inner.indeterminate() && model.isReadOnly(inner.f(), inner.value()))) {
                // Still create the partition so every key appears in the verdict.
                byKey.computeIfAbsent(keyName, k -> new ArrayList<>());
                continue;
            }
            byKey.computeIfAbsent(keyName, k -> new ArrayList<>()).add(inner);
        }
        List<Partition> out = new ArrayList<>();
        if (!independent && byKey.isEmpty()) {
            out.add(new Partition(null, List.of()));
        }
        byKey.forEach((name, list) -> out.add(new Partition(independent ? keyOfName.get(name) : null, list)));
        return out;
    }

    private static Object tupleKey(Op op, Object value) {
        if (!(value instanceof List<?> l) || l.size() != 2) {
            throw new IllegalArgumentException("op index " + op.index() + ": independent checking expects a [k v] "
                    + "value, got " + Values.show(value));
        }
        return Objects.requireNonNullElse(l.get(0), "nil");
    }
}
