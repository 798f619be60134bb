package multidriver.core.log;

import java.util.Arrays;

/**
 * One log entry (§5.3). A {@link EntryType#COMMAND} entry with empty {@code data} is a no-op, such as the one a new
 * leader appends at the start of its term so that it can commit entries from earlier terms (§5.4.2, §8). A
 * {@link EntryType#CONFIG} entry holds an encoded cluster configuration (thesis §4.1), which the core reads and the
 * state machine never sees as a command.
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        if (index < 1) throw new IllegalArgumentException("entry index must be >= 1, got " + index);
        if (term < 1) throw new IllegalArgumentException("entry term must be >= 1, got " + term);
        java.util.Objects.requireNonNull(type, "type");
        if (type == EntryType.CONFIG && (data == null || data.length == 0)) {
            throw new IllegalArgumentException("a configuration entry needs its configuration, at index " + index);
        }
        data = data == null || data.length == 0 ? EMPTY : data.clone();
    }

    /** A command entry. */
    public Entry(long index, long term, byte[] data) {
        this(index, term, EntryType.COMMAND, data);
    }

    public static Entry noop(long index, long term) {
        return new Entry(index, term, EntryType.COMMAND, EMPTY);
    }

    public boolean isNoop() {
        return type == EntryType.COMMAND && data.length == 0;
    }

    public boolean isConfig() {
        return type == EntryType.CONFIG;
    }

    /** A copy, so that nobody can change a logged entry behind the log's back. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.index == index && e.term == term && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Long.hashCode(term) * 17 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Entry{" + index + "@t" + term + (isNoop() ? " noop" : isConfig() ? " config" : " " + data.length + "B") + "}";
    }
}
