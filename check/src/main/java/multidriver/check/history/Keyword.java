package multidriver.check.history;

import java.util.Objects;

/**
 * An EDN keyword such as {@code :k1}, kept distinct from strings so EDN histories round-trip.
 * Models and key partitioning compare keys by {@link Values#keyName(Object)}, so {@code :x} and {@code "x"}
 * name the same key.
 */
public record Keyword(String name) implements Comparable<Keyword> {
    public Keyword {
        Objects.requireNonNull(name, "name");
        if (name.startsWith(":")) {
            throw new IllegalArgumentException("keyword name must not start with ':': " + name);
        }
    }

    public static Keyword of(String name) {
        return new Keyword(name.startsWith(":") ? name.substring(1) : name);
    }

    @Override
    public int compareTo(Keyword o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
