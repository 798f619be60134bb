package multidriver.check.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operation values: {@code null}, {@link Long}, {@link String}, {@link Keyword}, {@link Boolean},
 * {@link Double}, {@link BigInteger}, and immutable {@link List}/{@link Map}/{@link Set} of those.
 * Normalising on the way in (Integer to Long, arrays of any collection to immutable lists) makes
 * {@code equals} the model's notion of "the same value", whoever recorded the history.
 */
public final class Values {
    /** Longest value text put into a message. */
    private static final int MAX_SHOWN_CHARS = 160;

    private Values() {
    }

    /** Returns the normal form of a value; throws on types a history cannot carry. */
    public static Object normalize(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Keyword
                || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] arr) {
            return normalize(List.of(arr));
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(normalize(o));
            }
            return Collections.unmodifiableSet(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(normalize(e.getKey()), normalize(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof EdnTagged t) {
            return t;
        }
        throw new IllegalArgumentException("unsupported value type " + v.getClass().getName() + ": " + v);
    }

    /**
     * A tuple value such as Jepsen's {@code [k v]} or {@code [old new]}; unlike {@code List.of} it allows
     * {@code null} (e.g. {@code tuple("k1", null)} for a read invocation).
     */
    @SuppressWarnings("unchecked")
    public static List<Object> tuple(Object... items) {
        return (List<Object>) normalize(java.util.Arrays.asList(items));
    }

    /** The name a key is compared by: {@code :x} and {@code "x"} are the same key. */
    public static String keyName(Object key) {
        if (key instanceof Keyword k) {
            return k.name();
        }
        return String.valueOf(key);
    }

    /** Short human form, EDN-like, for reports and messages. */
    public static String show(Object v) {
        String s = EdnWriter.toEdn(v);
        return s.length() <= MAX_SHOWN_CHARS ? s : s.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
