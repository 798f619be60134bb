package multidriver.core.raft;

/**
 * A broken Raft safety or sanity property, found by {@link Invariants} (one server) or {@link ClusterInvariants}
 * (the whole cluster). Distinct from other {@link IllegalStateException}s so that a simulator can report it as a
 * found bug rather than a crash of its own.
 */
public final class InvariantViolation extends IllegalStateException {
    private final String invariant;

    public InvariantViolation(String invariant, String details) {
        super(invariant + ": " + details);
        this.invariant = invariant;
    }

    /** Short name of the broken property, e.g. "election safety", "log matching". */
    public String invariant() {
        return invariant;
    }
}
