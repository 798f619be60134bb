package multidriver.chaos.client;

import multidriver.check.history.OpType;

/**
 * How one client operation ended, before it is recorded.
 *
 * @param type  {@code OK}, {@code FAIL} (surely without effect) or {@code INFO} (effect unknown)
 * @param value for an ok read the value read (null when the key does not exist); else unused
 * @param error why it failed or is unknown; null when ok
 */
public record Completion(OpType type, Object value, String error) {
    public Completion {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion cannot be an invocation");
        }
    }

    public static Completion ok(Object value) {
        return new Completion(OpType.OK, value, null);
    }

    public static Completion fail(String error) {
        return new Completion(OpType.FAIL, null, error);
    }

    public static Completion info(String error) {
        return new Completion(OpType.INFO, null, error);
    }
}
