package multidriver.sim.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 16 as SVG: two stacked panels (varying randomness, scaling the minimum) of cumulative distributions —
 * percent of trials with a leader again vs. time since the crash, log-scale x axis. Timed-out trials keep a curve
 * below 100%.
 */
final class CdfSvg {
    private static final int WIDTH = 820;
    private static final int PLOT_WIDTH = 560;
    private static final int PLOT_HEIGHT = 240;
    private static final int LEFT = 60;
    private static final int PANEL_HEIGHT = PLOT_HEIGHT + 80;
    private static final double MIN_X_MS = 10;
    private static final long[] GRID_MS = {10, 20, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000, 20000,
            50000, 100000, 200000, 500000};
    private static final List<String> COLOURS = List.of("#d32f2f", "#f57c00", "#388e3c", "#1976d2", "#7b1fa2",
            "#455a64");

    private CdfSvg() {
    }

    static String render(ExperimentResult result) {
        double maxXMs = Math.max(1000, result.options().capMs());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " font-family='sans-serif' font-size='11'>%n", WIDTH, 2 * PANEL_HEIGHT + 20));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='16' font-size='13' font-weight='bold'>Raft Figure 16"
                + " (simulated, seed %d, %d trials per range, PreVote/CheckQuorum off)</text>%n", LEFT,
                result.options().seed(), result.options().trials()));
        int y0 = 20;
        for (Panel panel : Panel.values()) {
            panel(svg, result, panel, y0, maxXMs);
            y0 += PANEL_HEIGHT;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, ExperimentResult result, Panel panel, int y0, double maxXMs) {
        int top = y0 + 30;
        int baseY = top + PLOT_HEIGHT;
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-weight='bold'>%s</text>%n", LEFT, top - 8,
                panel.title()));
        svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none'"
                + " stroke='#999'/>%n", LEFT, top, PLOT_WIDTH, PLOT_HEIGHT));
        for (int pct = 0; pct <= 100; pct += 20) {
            int y = baseY - pct * PLOT_HEIGHT / 100;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#eee'/>"
                    + "<text x='%d' y='%d' text-anchor='end'>%d%%</text>%n", LEFT, y, LEFT + PLOT_WIDTH, y,
                    LEFT - 4, y + 4, pct));
        }
        for (long ms : GRID_MS) {
            if (ms > maxXMs) break;
            double x = x(ms, maxXMs);
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>"
                    + "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n", x, top, x, baseY, x, baseY + 14, ms));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>time without leader (ms,"
                + " log scale)</text>%n", LEFT + PLOT_WIDTH / 2, baseY + 30));
        int line = 0;
        for (Map.Entry<TimeoutRange, List<TrialOutcome>> e : result.outcomes().entrySet()) {
            if (e.getKey().panel() != panel) continue;
            String colour = COLOURS.get(line % COLOURS.size());
            long[] sorted = e.getValue().stream().filter(o -> !o.timedOut()).mapToLong(TrialOutcome::electionUs)
                    .sorted().toArray();
            int n = e.getValue().size();
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < sorted.length; i++) {
                if (i + 1 < sorted.length && sorted[i + 1] == sorted[i]) continue; // one step per distinct value
                double x = x(sorted[i] / 1000.0, maxXMs);
                double yBefore = baseY - (double) countBelow(sorted, i) / n * PLOT_HEIGHT;
                double yAfter = baseY - (double) (i + 1) / n * PLOT_HEIGHT;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, yBefore, x, yAfter));
            }
            if (sorted.length > 0) {
                points.append(String.format(Locale.ROOT, "%d,%.1f", LEFT + PLOT_WIDTH,
                        baseY - (double) sorted.length / n * PLOT_HEIGHT));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5'"
                    + " points='%s'/>%n", colour, points.toString().trim()));
            int ly = top + 14 + line * 16;
            int timedOut = n - sorted.length;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s'"
                    + " stroke-width='2'/><text x='%d' y='%d'>%s%s</text>%n", LEFT + PLOT_WIDTH + 10, ly - 4,
                    LEFT + PLOT_WIDTH + 30, ly - 4, colour, LEFT + PLOT_WIDTH + 34, ly, e.getKey().label(),
                    timedOut > 0 ? " (" + timedOut + " timed out)" : ""));
            line++;
        }
    }

    /** Trials strictly below sorted[i]: the height of the curve just before its step at sorted[i]. */
    private static int countBelow(long[] sorted, int i) {
        int j = i;
        while (j > 0 && sorted[j - 1] == sorted[i]) j--;
        return j;
    }

    private static double x(double ms, double maxXMs) {
        double clamped = Math.max(MIN_X_MS, Math.min(maxXMs, ms));
        return LEFT + Math.log(clamped / MIN_X_MS) / Math.log(maxXMs / MIN_X_MS) * PLOT_WIDTH;
    }
}
