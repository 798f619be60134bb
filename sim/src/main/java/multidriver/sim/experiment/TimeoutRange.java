package multidriver.sim.experiment;

import java.util.Objects;

/**
 * One election timeout range of the Raft paper's Figure 16, in which graph it is drawn, and what the paper reports
 * for it ({@code paperSays}, empty when the text gives no number).
 */
public record TimeoutRange(int minMs, int maxMs, Panel panel, String paperSays) {
    public TimeoutRange {
        // RaftConfig needs a minimum of 2 ticks and a heartbeat interval of at least one tick below it.
        if (minMs < 2) throw new IllegalArgumentException("minimum election timeout must be >= 2 ms, got " + minMs);
        if (maxMs < minMs) throw new IllegalArgumentException("range " + minMs + "-" + maxMs + " ms is empty");
        Objects.requireNonNull(panel, "panel");
        paperSays = paperSays == null ? "" : paperSays;
    }

    public String label() {
        return minMs + "-" + maxMs + "ms";
    }

    /**
     * §9.3: the heartbeat interval was half the minimum election timeout, in microseconds (25-50 ms: 12.5 ms). The
     * core counts it in whole ticks: with ticks that divide 500 us it is exact.
     */
    public long heartbeatIntervalUs() {
        return minMs * 1_000L / 2;
    }

    /** Parses "150-155" or "150-155ms" into a range of the given panel. */
    public static TimeoutRange parse(String text, Panel panel, String paperSays) {
        String t = text.trim();
        if (t.endsWith("ms")) t = t.substring(0, t.length() - 2);
        int dash = t.indexOf('-');
        if (dash <= 0) throw new IllegalArgumentException("expected a range like 150-155, got '" + text + "'");
        try {
            return new TimeoutRange(Integer.parseInt(t.substring(0, dash)), Integer.parseInt(t.substring(dash + 1)),
                    panel, paperSays);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a range like 150-155, got '" + text + "'");
        }
    }
}
