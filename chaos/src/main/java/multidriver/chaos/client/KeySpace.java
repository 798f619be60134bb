package multidriver.chaos.client;

/**
 * Maps the history's key numbers to the node's key names. The prefix is unique per run, so a run against a
 * long-lived compose cluster never reads a key an earlier run wrote.
 */
public record KeySpace(String prefix) {
    public KeySpace {
        if (!prefix.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("key prefix must be 1..64 of [A-Za-z0-9_.-], got " + prefix);
        }
    }

    public String httpKey(long key) {
        return prefix + "-" + key;
    }
}
