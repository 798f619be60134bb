package multidriver.check.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.check.history.Values;

/**
 * Knossos's {@code multi-register}: {@code :txn} values are lists of {@code [:read k v]} / {@code [:write k v]}
 * applied in order. Keys are compared by name ({@code :x} = {@code "x"}); a read of {@code nil} matches
 * anything. State: an immutable sorted map from key name to value.
 */
record MultiRegister(Map<String, Object> init) implements Model {
    static MultiRegister of(Object initValue) {
        Map<String, Object> m = new TreeMap<>();
        if (initValue instanceof Map<?, ?> given) {
            given.forEach((k, v) -> m.put(Values.keyName(k), v));
        } else if (initValue != null) {
            throw new IllegalArgumentException("multi-register model: expected an initial map like {:x 0 :y 0}, got "
                    + Values.show(initValue));
        }
        return new MultiRegister(Collections.unmodifiableMap(m));
    }

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public Object step(Object state, String f, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) state;
        TreeMap<String, Object> next = null;
        for (Object o : (List<?>) value) {
            List<?> mop = (List<?>) o;
            String k = Values.keyName(mop.get(1));
            Object v = mop.get(2);
            Map<String, Object> cur = next == null ? s : next;
            if (Values.keyName(mop.get(0)).equals("read")) {
                if (v != null && !v.equals(cur.get(k))) {
                    return INCONSISTENT;
                }
            } else {
                if (next == null) {
                    next = new TreeMap<>(s);
                }
                next.put(k, v);
            }
        }
        return next == null ? s : Collections.unmodifiableMap(next);
    }

    @Override
    public void validate(String f, Object value) {
        if (!f.equals("txn")) {
            throw new IllegalArgumentException("multi-register model: unknown :f :" + f + " (expected :txn)");
        }
        if (!(value instanceof List<?> l)) {
            throw new IllegalArgumentException("multi-register model: expected :txn value [[:read k v] ...], got "
                    + Values.show(value));
        }
        for (Object o : l) {
            if (!(o instanceof List<?> mop) || mop.size() != 3
                    || !List.of("read", "write").contains(Values.keyName(mop.get(0)))) {
                throw new IllegalArgumentException("multi-register model: expected [:read k v] or [:write k v], got "
                        + Values.show(o));
            }
        }
    }

    @Override
    public boolean isReadOnly(String f, Object value) {
        for (Object o : (List<?>) value) {
            if (!Values.keyName(((List<?>) o).get(0)).equals("read")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isNoOp(String f, Object value) {
        for (Object o : (List<?>) value) {
            List<?> mop = (List<?>) o;
            if (!Values.keyName(mop.get(0)).equals("read") || mop.get(2) != null) {
                return false;
            }
        }
        return true;
    }
}
