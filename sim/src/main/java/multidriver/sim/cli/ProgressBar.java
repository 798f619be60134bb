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

    synchronized void update(int done, int violations) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDrawNs < REFRESH_NS) return;
        lastDrawNs = now;
        out.print("\r" + line(done, total, violations, (now - startNs) / 1e9) + "   ");
        if (done >= total) out.println();
        out.flush();
    }

    /** The bar's text: progress, rate, the time still to go at that rate, and the violations found so far. */
    static String line(int done, int total, int violations, double elapsedSeconds) {
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        String eta = done >= total ? "done in " + seconds(elapsedSeconds)
                : rate > 0 ? "ETA " + seconds((total - done) / rate) : "ETA ?";
        return String.format(java.util.Locale.ROOT, "[%s%s] %d/%d schedules  %.1f/s  %s  %d violation%s",
                "#".repeat(filled), ".".repeat(width - filled), done, total, rate, eta, violations,
                violations == 1 ? "" : "s");
    }

    private static String seconds(double s) {
        long whole = Math.round(s);
        return whole >= 60 ? whole / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", whole % 60) + "s"
                : whole + "s";
    }
}
