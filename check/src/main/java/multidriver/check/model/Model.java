package multidriver.check.model;

/**
 * A sequential specification: a pure function from (state, operation) to the next state. States must be
 * immutable values with {@code equals}/{@code hashCode}, because the search memoises them.
 */
public interface Model {
    /** Returned by {@link #step} when the operation cannot happen in that state. */
    Object INCONSISTENT = new Object() {
        @Override
        public String toString() {
            return "INCONSISTENT";
        }
    };

    /** Short name, e.g. {@code "cas-register"}. */
    String name();

    /** The initial state. */
    Object init();

    /**
     * Applies an operation. {@code value} is the op's effective value: the completion's value for an
     * {@code :ok} op (so reads carry what they observed), the invocation's value for an indeterminate op.
     *
     * @return the next state, or {@link #INCONSISTENT}
     */
    Object step(Object state, String f, Object value);

    /**
     * Throws {@link IllegalArgumentException} with a clear message when the model does not know this
     * operation; called once per op before the search so {@link #step} can stay lean.
     */
    void validate(String f, Object value);

    /**
     * True when the op never changes the state (e.g. a read). An indeterminate read-only op constrains
     * nothing (it may never have happened), so the search drops it, and a determinate one is linearized as soon as it
     * is legal with no alternative tried in its place; so it must be exact (false when unsure).
     */
    default boolean isReadOnly(String f, Object value) {
        return false;
    }

    /**
     * True when the op is legal in every state and changes nothing (e.g. a read of {@code nil}, which
     * Knossos treats as "matches any state"). Such an op can always be placed in its interval, so the
     * search drops it.
     */
    default boolean isNoOp(String f, Object value) {
        return false;
    }

    /** What {@link #requiredState} and {@link #resultState} return when the model gives no hint. */
    Object NO_HINT = new Object() {
        @Override
        public String toString() {
            return "NO_HINT";
        }
    };

    /**
     * A hint for the search: the one state in which this op can take effect ({@code read 3} and {@code cas [3 4]}
     * need 3), or {@link #NO_HINT}. Hints are optional, but one that is given must be exact: the search skips crashed
     * ops on their word (see {@link #blind}), so a loose hint gives false invalid verdicts.
     */
    default Object requiredState(String f, Object value) {
        return NO_HINT;
    }

    /** A hint for the search: the state this op leaves whenever it takes effect ({@code write 5}: 5), or {@link #NO_HINT}. */
    default Object resultState(String f, Object value) {
        return NO_HINT;
    }

    /**
     * A hint for the search: true when the op takes effect in every state and leaves its {@link #resultState}
     * whatever the state was (a blind write). Together the three hints let the search skip a crashed op whose
     * result no remaining op could observe; the search also keeps blind crashed ops apart and skips them as a
     * whole where the state before them cannot matter, so this hint too must be exact.
     */
    default boolean blind(String f, Object value) {
        return false;
    }

    /** Human form of a state for explanations. */
    default String showState(Object state) {
        return multidriver.check.history.Values.show(state);
    }
}
