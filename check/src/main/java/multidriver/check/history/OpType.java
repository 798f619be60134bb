package multidriver.check.history;

import java.util.Locale;

/** Jepsen's operation types: an invocation and its three possible completions. */
public enum OpType {
    /** The client sent the request. */
    INVOKE,
    /** The operation definitely happened, with the completion's value. */
    OK,
    /** The operation definitely did not happen. */
    FAIL,
    /** Indeterminate: it may have happened at any time after its invocation, or never. */
    INFO;

    /** The Jepsen name: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
    public String jepsenName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a Jepsen type name ({@code "ok"} or {@code ":ok"}). */
    public static OpType parse(String name) {
        String n = name.startsWith(":") ? name.substring(1) : name;
        for (OpType t : values()) {
            if (t.jepsenName().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected :type to be one of :invoke :ok :fail :info, got " + name);
    }
}
