package multidriver.sim.experiment;

/** The two graphs of the Raft paper's Figure 16 (§9.3). */
public enum Panel {
    /** Top graph: the minimum stays at 150 ms, the amount of randomness grows. */
    VARYING_RANDOMNESS("varying the randomness (minimum 150 ms)"),
    /** Bottom graph: the range is [T, 2T], T shrinks towards the broadcast time. */
    SCALING_MINIMUM("scaling the minimum timeout (range T to 2T)");

    private final String title;

    Panel(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
