package multidriver.sim.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Two stacked plots of cumulative distributions (percent of trials vs. ms without a leader), like Figure 16. */
final class CdfSvg {
    private static final int WIDTH = 720;
    private static final int PLOT_HEIGHT = 260;
    private static final int LEFT = 60;
    private static final int TOP = 30;
    private static final List<String> COLOURS = List.of("#d32f2f", "#f57c00", "#388e3c", "#1976d2", "#7b1fa2",
            "#455a64");

    private CdfSvg() {
    }

    static String render(Map<TimeoutRange, long[]> results, long capMs) {
        StringBuilder svg = new StringBuilder();
        int height = 2 * (PLOT_HEIGHT + 2 * TOP) + 20;
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(WIDTH).append("' height='")
                .append(height).append("' font-family='sans-serif' font-size='11'>\n");
        plot(svg, results, true, 0, 600, "varying randomness (150 ms minimum)");
        plot(svg, results, false, PLOT_HEIGHT + 2 * TOP + 20, 600, "scaling the minimum timeout");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void plot(StringBuilder svg, Map<TimeoutRange, long[]> results, boolean top, int y0, long xMaxMs,
                             String title) {
        int plotWidth = WIDTH - LEFT - 150;
        int baseY = y0 + TOP + PLOT_HEIGHT;
        svg.append(String.format("<text x='%d' y='%d' font-weight='bold'>%s</text>%n", LEFT, y0 + TOP - 10, title));
        svg.append(String.format("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>%n", LEFT,
                y0 + TOP, plotWidth, PLOT_HEIGHT));
        for (int pct = 0; pct <= 100; pct += 20) {
            int y = baseY - pct * PLOT_HEIGHT / 100;
            svg.append(String.format("<text x='%d' y='%d' text-anchor='end'>%d%%</text>%n", LEFT - 4, y + 4, pct));
        }
        for (long ms = 0; ms <= xMaxMs; ms += 100) {
            double x = LEFT + (double) ms * plotWidth / xMaxMs;
            svg.append(String.format("<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n", x, baseY + 14, ms));
        }
        svg.append(String.format("<text x='%d' y='%d'>time without leader (ms)</text>%n", LEFT + plotWidth / 2 - 60,
                baseY + 28));
        int line = 0;
        for (Map.Entry<TimeoutRange, long[]> e : results.entrySet()) {
            if (e.getKey().top() != top) continue;
            String colour = COLOURS.get(line % COLOURS.size());
            long[] sorted = Arrays.stream(e.getValue()).map(v -> v < 0 ? Long.MAX_VALUE : v).sorted().toArray();
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] == Long.MAX_VALUE) break;
                double x = LEFT + Math.min(1.0, (double) sorted[i] / xMaxMs) * plotWidth;
                double y = baseY - (double) (i + 1) / sorted.length * PLOT_HEIGHT;
                points.append(String.format("%.1f,%.1f ", x, y));
            }
            svg.append(String.format("<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>%n", colour,
                    points));
            int ly = y0 + TOP + 14 + line * 16;
            svg.append(String.format("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='2'/>", LEFT
                    + plotWidth + 10, ly - 4, LEFT + plotWidth + 30, ly - 4, colour));
            svg.append(String.format("<text x='%d' y='%d'>%s</text>%n", LEFT + plotWidth + 34, ly,
                    e.getKey().label()));
            line++;
        }
    }
}
