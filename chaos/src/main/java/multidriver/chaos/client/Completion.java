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

    /** How {@link #refused} errors begin: the system answered and said no, so it was available. */
    public static final String REFUSED = "refused: ";

    /**
     * A {@code :fail} that the system itself decided (a compare that did not hold, an error reply): it did not
     * happen, and the system was up to say so (the report's availability counts it as answered).
     */
    public static Completion refused(String why) {
        return fail(REFUSED + why);
    }

    /**
     * The completion {@code call} returns; if a target's client throws instead (a bug in it, or a library error it did
     * not classify), the operation may have been sent: {@code :info} for a write, {@code :fail} for a read, and the
     * client thread goes on.
     */
    public static Completion guarded(boolean isRead, java.util.function.Supplier<Completion> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            String why = "the client threw " + e;
            return isRead ? fail(why) : info(why);
        }
    }

    public static Completion info(String error) {
        return new Completion(OpType.INFO, null, error);
    }
}
