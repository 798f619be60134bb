package multidriver.check.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small EDN reader (enough for Jepsen histories): nil, booleans, integers (with N), decimals, strings,
 * characters, keywords, symbols (read as keywords), lists and vectors (as {@link List}), maps, sets,
 * tagged literals, comments, {@code #_} discards. Errors carry the line number.
 */
public final class EdnParser {
    /** Nesting limit: deeper input is rejected instead of overflowing the stack. */
    private static final int MAX_DEPTH = 200;
    private static final Object END = new Object();

    private final String text;
    private int pos;
    private int line = 1;

    public EdnParser(String text) {
        this.text = text;
    }

    /** Parses exactly one EDN value from a string (e.g. a CLI {@code --init} literal). */
    public static Object parseOne(String text) {
        EdnParser p = new EdnParser(text);
        if (!p.hasNext()) {
            throw new HistoryFormatException(p.line, "expected an EDN value, got end of input");
        }
        Object v = p.next();
        if (p.hasNext()) {
            throw new HistoryFormatException(p.line, "expected end of input after one EDN value");
        }
        return Values.normalize(v);
    }

    /** Line (1-based) where the next value starts, after skipping whitespace. */
    public int line() {
        skipWs();
        return line;
    }

    /** True when another top-level value follows. */
    public boolean hasNext() {
        skipWs();
        return pos < text.length();
    }

    /** Peeks the next non-blank character, or -1 at end. */
    public int peekChar() {
        skipWs();
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    /** Consumes one expected character (used by the history reader to walk a top-level vector). */
    public void expect(char c) {
        skipWs();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "', got " + describeHere());
        }
        pos++;
    }

    public Object next() {
        Object v = read(0);
        if (v == END) {
            throw error("unexpected " + describeHere());
        }
        return v;
    }

    public HistoryFormatException error(String message) {
        return new HistoryFormatException(line, message);
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of input";
        }
        return "'" + text.charAt(pos) + "'";
    }

    private void skipWs() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ',' || Character.isWhitespace(c)) {
                pos++;
            } else if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '#' && pos + 1 < text.length() && text.charAt(pos + 1) == '_') {
                pos += 2;
                Object discarded = read(0);
                if (discarded == END) {
                    throw error("expected a value after #_");
                }
            } else {
                return;
            }
        }
    }

    /** Reads one value; returns END at a closing delimiter (left unconsumed). */
    private Object read(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipWs();
        if (pos >= text.length()) {
            throw error("expected a value, got end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case ')', ']', '}':
                return END;
            case '(':
                pos++;
                return Collections.unmodifiableList(readSeq(')', depth));
            case '[':
                pos++;
                return Collections.unmodifiableList(readSeq(']', depth));
            case '{':
                pos++;
                return readMap(depth);
            case '"':
                pos++;
                return readString();
            case '\\':
                pos++;
                return readChar();
            case '#':
                return readDispatch(depth);
            case ':':
                pos++;
                return Keyword.of(readToken("keyword"));
            default:
                return readAtom();
        }
    }

    private List<Object> readSeq(char close, int depth) {
        int startLine = line;
        List<Object> out = new ArrayList<>();
        while (true) {
            skipWs();
            if (pos >= text.length()) {
                throw new HistoryFormatException(line, "expected '" + close + "' to close the collection opened on line "
                        + startLine + ", got end of input");
            }
            Object v = read(depth + 1);
            if (v == END) {
                char got = text.charAt(pos);
                if (got != close) {
                    throw error("expected '" + close + "' to close the collection opened on line " + startLine
                            + ", got '" + got + "'");
                }
                pos++;
                return out;
            }
            out.add(v);
        }
    }

    private Map<Object, Object> readMap(int depth) {
        int startLine = line;
        List<Object> items = readSeq('}', depth);
        if (items.size() % 2 != 0) {
            throw new HistoryFormatException(startLine, "expected an even number of forms in the map, got "
                    + items.size());
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(items.get(i), items.get(i + 1));
        }
        return Collections.unmodifiableMap(m);
    }

    private Object readDispatch(int depth) {
        pos++;
        if (pos >= text.length()) {
            throw error("expected a dispatch form after '#', got end of input");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            Set<Object> s = new LinkedHashSet<>(readSeq('}', depth));
            return Collections.unmodifiableSet(s);
        }
        String tag = readToken("tag");
        Object v = read(depth + 1);
        if (v == END) {
            throw error("expected a value after tag #" + tag);
        }
        return new EdnTagged(tag, v);
    }

    private String readString() {
        StringBuilder sb = new StringBuilder();
        int startLine = line;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("expected 4 hex digits after \\u");
                        }
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("unknown string escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
        throw new HistoryFormatException(startLine, "unterminated string");
    }

    private Object readChar() {
        String tok = readToken("character");
        return switch (tok) {
            case "newline" -> "\n";
            case "space" -> " ";
            case "tab" -> "\t";
            case "return" -> "\r";
            default -> {
                if (tok.length() == 1) {
                    yield tok;
                }
                throw error("unknown character literal \\" + tok);
            }
        };
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']'
                || c == '{' || c == '}' || c == '"' || c == ';';
    }

    private String readToken(String what) {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a " + what + ", got " + describeHere());
        }
        return text.substring(start, pos);
    }

    private Object readAtom() {
        String tok = readToken("value");
        switch (tok) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        char c0 = tok.charAt(0);
        boolean numeric = Character.isDigit(c0)
                || ((c0 == '-' || c0 == '+') && tok.length() > 1 && Character.isDigit(tok.charAt(1)));
        if (!numeric) {
            // Symbols only appear as names in Jepsen data; treat them like keywords.
            return Keyword.of(tok);
        }
        try {
            if (tok.endsWith("N")) {
                return Values.normalize(new BigInteger(tok.substring(0, tok.length() - 1)));
            }
            if (tok.endsWith("M")) {
                return new BigDecimal(tok.substring(0, tok.length() - 1)).doubleValue();
            }
            if (tok.contains(".") || tok.contains("e") || tok.contains("E")) {
                return Double.parseDouble(tok);
            }
            return Values.normalize(new BigInteger(tok.startsWith("+") ? tok.substring(1) : tok));
        } catch (NumberFormatException e) {
            throw error("expected a number, got '" + tok + "'");
        }
    }
}
