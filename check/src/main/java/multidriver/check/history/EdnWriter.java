package multidriver.check.history;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes histories as a Knossos-readable EDN vector, one op map per line. */
public final class EdnWriter {
    private EdnWriter() {
    }

    public static void write(History history, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, w);
        }
    }

    public static void write(History history, Writer w) throws IOException {
        w.write("[");
        boolean first = true;
        for (Op op : history.ops()) {
            if (!first) {
                w.write("\n ");
            }
            first = false;
            w.write(toEdn(op));
        }
        w.write("]\n");
    }

    public static String toString(History history) {
        StringBuilder sb = new StringBuilder();
        sb.append('[');
        for (int i = 0; i < history.size(); i++) {
            sb.append(i == 0 ? "" : "\n ").append(toEdn(history.get(i)));
        }
        return sb.append("]\n").toString();
    }

    public static String toEdn(Op op) {
        return toEdn(OpMaps.toMap(op, true));
    }

    /** EDN text of a value. */
    public static String toEdn(Object v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String s) {
            appendString(sb, s);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ");
                first = false;
                append(sb, e.getKey());
                sb.append(' ');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Set<?> s) {
            sb.append("#{");
            appendAll(sb, s);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            appendAll(sb, l);
            sb.append(']');
        } else if (v instanceof EdnTagged t) {
            sb.append('#').append(t.tag()).append(' ');
            append(sb, t.value());
        } else if (v instanceof java.math.BigInteger b) {
            sb.append(b).append('N');
        } else {
            sb.append(v);
        }
    }

    private static void appendAll(StringBuilder sb, Collection<?> c) {
        boolean first = true;
        for (Object o : c) {
            sb.append(first ? "" : " ");
            first = false;
            append(sb, o);
        }
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }
}
