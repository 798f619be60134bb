package multidriver.check.history;

/** An EDN tagged literal such as {@code #inst "2015-01-01"}, kept as tag and value. */
public record EdnTagged(String tag, Object value) {
}
