package multidriver.sim.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and pipes stay clean). Uses the
 * wall clock for its refresh rate and rate estimate; it never influences a schedule.
 */
final class ProgressBar {
    private static final long REFRESH_NS = 200_000_000L;
    private final PrintStream out;
    private final int total;
    private final boolean enabled;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;

    ProgressBar(PrintStream out, int total, boolean enabled) {
        this.out = out;
        this.total = total;
        this.enabled = enabled;
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    synchronized void update(int done) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDrawNs < REFRESH_NS) return;
        lastDrawNs = now;
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        double seconds = (now - startNs) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        out.printf("\r[%s%s] %d/%d schedules  %.1f/s   ", "#".repeat(filled), ".".repeat(width - filled), done, total,
                rate);
        if (done >= total) out.println();
        out.flush();
    }
}
