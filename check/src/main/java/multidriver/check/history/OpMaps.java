package multidriver.check.history;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between a Jepsen op map ({@code {:process 3 :type :ok :f :read :value 5 :index 7 :time 12}}, keys as
 * keywords in EDN or strings in JSON) and an {@link Op}. Ops whose process is not an integer (Jepsen's
 * {@code :nemesis}) are not client operations and are dropped, as Knossos does.
 */
final class OpMaps {
    private OpMaps() {
    }

    /**
     * A nemesis op ({@code :process} not an integer, with an {@code :f}) as an event after {@code position} client
     * ops; empty for anything else (a client op, or a map without {@code :f}).
     */
    static Optional<NemesisEvent> nemesisOf(Object form, int position) {
        if (!(form instanceof Map<?, ?> raw)) return Optional.empty();
        Map<String, Object> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(Values.keyName(k), v));
        Object process = m.get("process");
        Object f = m.get("f");
        if (process == null || process instanceof Long || f == null) return Optional.empty();
        long timeNs = m.get("time") instanceof Long t ? t : Op.NO_TIME;
        return Optional.of(new NemesisEvent(position, Values.keyName(f), m.get("value"), timeNs));
    }

    /** A client op goes to {@code ops}; a nemesis op becomes an event after the ops read so far. */
    static void addTo(Object form, int line, java.util.List<Op> ops, java.util.List<NemesisEvent> nemesis) {
        Optional<Op> op = fromMap(form, line, ops.size());
        if (op.isPresent()) {
            ops.add(op.get());
        } else {
            nemesisOf(form, ops.size()).ifPresent(nemesis::add);
        }
    }

    /** Returns the op, or empty for a nemesis op; throws {@link HistoryFormatException} on a bad map. */
    static Optional<Op> fromMap(Object form, int line, int position) {
        if (!(form instanceof Map<?, ?> raw)) {
            throw new HistoryFormatException(line, "expected an op map like {:process 0 :type :invoke :f :read "
                    + ":value nil}, got " + Values.show(form));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(Values.keyName(k), v));
        Object process = m.get("process");
        if (process == null) {
            throw new HistoryFormatException(line, "expected :process in op map " + Values.show(form));
        }
        if (!(process instanceof Long p)) {
            // :nemesis and other named processes are fault injectors, not clients.
            return Optional.empty();
        }
        Object type = m.get("type");
        if (type == null) {
            throw new HistoryFormatException(line, "expected :type in op map " + Values.show(form));
        }
        OpType opType;
        try {
            opType = OpType.parse(Values.keyName(type));
        } catch (IllegalArgumentException e) {
            throw new HistoryFormatException(line, e.getMessage());
        }
        Object f = m.get("f");
        if (f == null) {
            throw new HistoryFormatException(line, "expected :f in op map " + Values.show(form));
        }
        long timeNs = Op.NO_TIME;
        Object time = m.get("time");
        if (time != null) {
            if (!(time instanceof Long t)) {
                throw new HistoryFormatException(line, "expected :time to be an integer (ns), got " + Values.show(time));
            }
            timeNs = t;
        }
        try {
            return Optional.of(new Op(position, p, opType, Values.keyName(f), m.get("value"), timeNs));
        } catch (IllegalArgumentException e) {
            throw new HistoryFormatException(line, e.getMessage());
        }
    }

    /** The op as a map with the given key style (Keyword keys for EDN, String keys for JSON). */
    static Map<Object, Object> toMap(Op op, boolean keywordKeys) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(key("process", keywordKeys), op.process());
        m.put(key("type", keywordKeys), keywordKeys ? new Keyword(op.type().jepsenName()) : op.type().jepsenName());
        m.put(key("f", keywordKeys), keywordKeys ? Keyword.of(op.f()) : op.f());
        m.put(key("value", keywordKeys), op.value());
        m.put(key("index", keywordKeys), op.index());
        if (op.timeNs() != Op.NO_TIME) {
            m.put(key("time", keywordKeys), op.timeNs());
        }
        return m;
    }

    private static Object key(String name, boolean keyword) {
        return keyword ? new Keyword(name) : name;
    }
}
