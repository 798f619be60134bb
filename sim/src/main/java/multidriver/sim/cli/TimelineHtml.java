package multidriver.sim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.sim.world.Failure;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.Timeline;

/**
 * A self-contained HTML page (inline SVG, no scripts from elsewhere) showing a failing schedule as lanes over
 * simulated time: per node its leader/candidate terms, crashes and pauses; per client its operations coloured by
 * outcome, each with its process, what it returned and the node that answered; and a network lane with partitions,
 * the heal and the failure. The op a linearizability failure names is outlined in red, with a jump link to it.
 */
final class TimelineHtml {
    private static final int LANE_HEIGHT = 22;
    private static final int LEFT = 60;
    private static final int WIDTH = 1400;
    private static final Map<String, String> COLOURS = Map.of(
            "leader", "#2e7d32", "candidate", "#c0ca33", "crash", "#c62828", "pause", "#ef6c00",
            "partition", "#6a1b9a", "ok", "#1565c0", "fail", "#90a4ae", "info", "#ffb300", "heal", "#00897b",
            "failure", "#d50000");

    private TimelineHtml() {
    }

    static String render(Schedule schedule, Failure failure, Timeline timeline, String title) {
        TreeMap<String, List<Timeline.Span>> lanes = new TreeMap<>((a, b) -> laneOrder(a) - laneOrder(b) != 0
                ? laneOrder(a) - laneOrder(b) : a.compareTo(b));
        for (int n = 0; n < schedule.nodes(); n++) lanes.put("n" + n, new ArrayList<>());
        for (int c = 0; c < schedule.clients(); c++) lanes.put("c" + c, new ArrayList<>());
        lanes.put("net", new ArrayList<>());
        for (Timeline.Span span : timeline.spans()) lanes.computeIfAbsent(span.lane(), k -> new ArrayList<>()).add(span);
        long endMs = Math.max(1, schedule.simMs());
        double scale = (WIDTH - LEFT - 10) / (double) endMs;
        StringBuilder svg = new StringBuilder();
        int height = (lanes.size() + 2) * LANE_HEIGHT;
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(WIDTH).append("' height='").append(height)
                .append("' font-family='monospace' font-size='11'>\n");
        for (long t = 0; t <= endMs; t += tickStep(endMs)) {
            double x = LEFT + t * scale;
            svg.append(String.format("<line x1='%.1f' y1='0' x2='%.1f' y2='%d' stroke='#eee'/>", x, x, height));
            svg.append(String.format("<text x='%.1f' y='%d' fill='#999'>%dms</text>%n", x + 2, height - 4, t));
        }
        long[] failing = failingOp(failure);
        Timeline.Span failingSpan = null;
        int row = 0;
        for (Map.Entry<String, List<Timeline.Span>> lane : lanes.entrySet()) {
            int y = row * LANE_HEIGHT + 4;
            svg.append(String.format("<text x='4' y='%d'>%s</text>%n", y + 14, escape(lane.getKey())));
            for (Timeline.Span span : lane.getValue()) {
                double x = LEFT + span.fromMs() * scale;
                double w = Math.max(1.5, (span.toMs() - span.fromMs()) * scale);
                String colour = COLOURS.getOrDefault(span.kind(), "#757575");
                boolean isFailing = failing != null && span.process() == failing[0] && span.invokeIndex() == failing[1];
                if (isFailing) failingSpan = span;
                svg.append(String.format("<rect%s x='%.1f' y='%d' width='%.1f' height='%d' fill='%s' opacity='0.75'%s>"
                                + "<title>%s%s [%d-%d ms]</title></rect>%n", isFailing ? " id='fail' class='failing'" : "",
                        x, y + 2, Math.max(w, isFailing ? 4 : w), LANE_HEIGHT - 6, colour,
                        isFailing ? " stroke='#d50000' stroke-width='3'" : "", isFailing ? "CANNOT BE LINEARIZED: " : "",
                        escape(span.label()), span.fromMs(), span.toMs()));
            }
            row++;
        }
        if (failure != null && failure.atMs() >= 0) {
            double x = LEFT + failure.atMs() * scale;
            svg.append(String.format("<line x1='%.1f' y1='0' x2='%.1f' y2='%d' stroke='#d50000' stroke-width='2'/>%n",
                    x, x, height));
        }
        if (failingSpan != null) {
            // The checker's verdict concerns the whole history: mark the op it names, where it ended.
            double x = LEFT + failingSpan.toMs() * scale;
            svg.append(String.format("<line x1='%.1f' y1='0' x2='%.1f' y2='%d' stroke='#d50000' stroke-width='2'"
                    + " stroke-dasharray='2 3'/>%n", x, x, height));
        }
        double healX = LEFT + schedule.healAtMs() * scale;
        svg.append(String.format("<line x1='%.1f' y1='0' x2='%.1f' y2='%d' stroke='#00897b' stroke-dasharray='4'/>%n",
                healX, healX, height));
        svg.append("</svg>\n");
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset='utf-8'><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:20px} pre{background:#f5f5f5;padding:8px;"
                        + "white-space:pre-wrap} .k{display:inline-block;width:12px;height:12px;margin:0 4px}</style>"
                        + "</head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        html.append("<p><b>Failure:</b> ").append(escape(failure == null ? "none" : failure.toString())).append("</p>\n");
        if (failingSpan != null) {
            html.append("<p><a href='#fail' onclick=\"document.getElementById('fail').scrollIntoView({block:'center',"
                    + "inline:'center'});return false;\">Jump to the failing op</a>: ").append(escape(failingSpan.label()))
                    .append(" on lane ").append(escape(failingSpan.lane())).append(", ").append(failingSpan.fromMs())
                    .append("–").append(failingSpan.toMs()).append(" ms (red outline; dotted red line where it ended)</p>\n");
        }
        html.append("<p><b>Schedule:</b> ").append(escape(schedule.describe())).append("</p>\n<p>");
        for (Map.Entry<String, String> c : new TreeMap<>(COLOURS).entrySet()) {
            html.append("<span class='k' style='background:").append(c.getValue()).append("'></span>")
                    .append(c.getKey()).append(' ');
        }
        html.append("(dashed line: liveness heal; red line: failure detected; hover a bar for details)</p>\n");
        html.append(svg);
        html.append("<h2>Faults</h2><pre>");
        for (var f : schedule.faults()) html.append(escape(f.toString())).append('\n');
        html.append("</pre></body></html>\n");
        return html.toString();
    }

    /**
     * The op a linearizability failure names ({@code [process, invocation index]}, from the checker's
     * {@code op {:process P ... :index I}}), or null.
     */
    static long[] failingOp(Failure failure) {
        if (failure == null || failure.kind() != Failure.Kind.LINEARIZABILITY) return null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("op \\{:process (\\d+) [^}]*?:index (\\d+)\\}")
                .matcher(failure.message());
        return m.find() ? new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : null;
    }

    private static int laneOrder(String lane) {
        return lane.startsWith("n") ? 0 : lane.startsWith("c") ? 1 : 2;
    }

    /** A round grid step (1, 2, 5 times a power of ten) giving at most 20 grid lines. */
    private static long tickStep(long endMs) {
        long power = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (endMs / (m * power) <= 20) return m * power;
            }
            power *= 10;
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
