package multidriver.check.history;

/** A malformed history file: the message names the file (when known), the line, and what was expected. */
public final class HistoryFormatException extends IllegalArgumentException {
    private final int line;
    private final String detail;

    public HistoryFormatException(int line, String detail) {
        this(null, line, detail);
    }

    private HistoryFormatException(String source, int line, String detail) {
        super((source == null ? "" : source + ": ") + "line " + line + ": " + detail);
        this.line = line;
        this.detail = detail;
    }

    /** The same error, naming the file it came from. */
    public HistoryFormatException withSource(String source) {
        return new HistoryFormatException(source, line, detail);
    }

    /** 1-based line number of the problem. */
    public int line() {
        return line;
    }

    /** What was expected and found, without file or line. */
    public String detail() {
        return detail;
    }
}
