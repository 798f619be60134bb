package multidriver.sim.experiment;

/**
 * One election timeout range of the Raft paper's Figure 16, with what the paper reports for it (null: not
 * reported in the text). {@code top}: the upper graph (varying randomness); else the lower one (scaling).
 */
public record TimeoutRange(int minMs, int maxMs, boolean top, String paperSays) {
    public String label() {
        return minMs + "-" + maxMs + "ms";
    }

    /** Heartbeat interval: half the minimum election timeout, as in the paper's setup. */
    public int heartbeatMs() {
        return Math.max(1, minMs / 2);
    }
}
