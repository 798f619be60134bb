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
     * nothing (it may never have happened), so the search drops it.
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

    /** Human form of a state for explanations. */
    default String showState(Object state) {
        return multidriver.check.history.Values.show(state);
    }
}
