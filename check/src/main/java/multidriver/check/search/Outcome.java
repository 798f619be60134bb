package multidriver.check.search;

/** The three answers a checker may give. Exit codes follow the project: 0, 1, 2. */
public enum Outcome {
    VALID(0), INVALID(1), UNKNOWN(2);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The worse of two outcomes: INVALID beats UNKNOWN beats VALID (one bad partition makes a bad history). */
    public Outcome worst(Outcome other) {
        if (this == INVALID || other == INVALID) {
            return INVALID;
        }
        return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
    }
}
