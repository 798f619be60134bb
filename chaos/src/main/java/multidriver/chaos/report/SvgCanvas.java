package multidriver.chaos.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A minimal self-contained SVG chart: time on x (seconds), one value on y (linear or log10), nemesis windows
 * shaded behind the data. No scripts, no external resources.
 */
final class SvgCanvas {
    static final int WIDTH = 960;
    static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Map<String, String> NEMESIS_COLORS = Map.of(
            "kill", "#e41a1c", "pause", "#377eb8", "partition", "#ff7f00", "disconnect", "#984ea3", "restart", "#777777");

    private final StringBuilder svg = new StringBuilder();
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean logY;
    private final DoubleUnaryOperator yTransform;

    SvgCanvas(String title, String yLabel, double xMaxSeconds, double yMin, double yMax, boolean logY) {
        this.xMax = Math.max(xMaxSeconds, 1);
        this.logY = logY;
        this.yTransform = logY ? v -> Math.log10(Math.max(v, yMin)) : v -> v;
        this.yMin = yTransform.applyAsDouble(yMin);
        this.yMax = Math.max(yTransform.applyAsDouble(yMax), this.yMin + 1e-9);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(WIDTH / 2.0, 20, title, "middle", 14);
        text(WIDTH / 2.0, HEIGHT - 10, "time since start (s)", "middle", 11);
        svg.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 15 %.1f)\">%s</text>\n",
                TOP + plotHeight() / 2.0, TOP + plotHeight() / 2.0, escape(yLabel)));
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    double x(double seconds) {
        return LEFT + Math.min(Math.max(seconds / xMax, 0), 1) * plotWidth();
    }

    double y(double value) {
        double v = (yTransform.applyAsDouble(value) - yMin) / (yMax - yMin);
        return TOP + plotHeight() - Math.min(Math.max(v, 0), 1) * plotHeight();
    }

    /** Shaded bands for the faults, labelled with the nemesis name, behind everything else. */
    void windows(List<NemesisWindow> windows) {
        for (NemesisWindow w : windows) {
            double x0 = x(w.startNs() / 1e9);
            double x1 = Math.max(x(w.stopNs() / 1e9), x0 + 1);
            String color = NEMESIS_COLORS.getOrDefault(w.kind(), "#999999");
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.15\">"
                            + "<title>%s</title></rect>\n",
                    x0, TOP, x1 - x0, plotHeight(), color, escape(w.nemesis() + ": " + w.description())));
            text(x0 + 2, TOP + 12, w.nemesis(), "start", 10, color);
        }
    }

    void axes() {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n",
                LEFT, TOP, plotWidth(), plotHeight()));
        double step = niceStep(xMax / 10);
        for (double t = 0; t <= xMax + 1e-9; t += step) {
            double px = x(t);
            line(px, TOP + plotHeight(), px, TOP + plotHeight() + 4, "#333");
            text(px, TOP + plotHeight() + 16, trim(t), "middle", 10);
        }
        if (logY) {
            for (int e = (int) Math.floor(yMin); e <= Math.ceil(yMax); e++) {
                double v = Math.pow(10, e);
                if (Math.log10(v) >= yMin - 1e-9 && Math.log10(v) <= yMax + 1e-9) {
                    yTick(v, trim(v));
                }
            }
        } else {
            double ys = niceStep((yMax - yMin) / 6);
            for (double v = yMin; v <= yMax + 1e-9; v += ys) {
                yTick(v, trim(v));
            }
        }
    }

    private void yTick(double value, String label) {
        double py = y(value);
        line(LEFT - 4, py, LEFT + plotWidth(), py, "#eee");
        text(LEFT - 6, py + 4, label, "end", 10);
    }

    void point(double seconds, double value, String color, String title) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.7\"><title>%s</title></circle>\n",
                x(seconds), y(value), color, escape(title)));
    }

    void polyline(double[] seconds, double[] values, String color) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < seconds.length; i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(seconds[i]), y(values[i])));
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
                .append(pts.toString().strip()).append("\"/>\n");
    }

    void legend(Map<String, String> entries) {
        double px = LEFT + plotWidth() - 10;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            text(px, TOP - 8, e.getKey(), "end", 11, e.getValue());
            px -= 12 + 7 * e.getKey().length();
        }
    }

    private void line(double x1, double y1, double x2, double y2, String color) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                x1, y1, x2, y2, color));
    }

    private void text(double px, double py, String s, String anchor, int size) {
        text(px, py, s, anchor, size, "#222");
    }

    private void text(double px, double py, String s, String anchor, int size, String color) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>\n",
                px, py, anchor, size, color, escape(s)));
    }

    String finish() {
        return svg + "</svg>\n";
    }

    private static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
