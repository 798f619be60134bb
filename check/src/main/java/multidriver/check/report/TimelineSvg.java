package multidriver.check.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import multidriver.check.history.OpType;
import multidriver.check.history.Values;
import multidriver.check.search.Operation;

/**
 * Inline SVG timeline: one row per process, one bar per op from its invocation to its completion. The x axis is
 * the rank of history positions (not wall time, which real histories record unreliably), so bars never
 * overlap incorrectly and idle gaps do not waste space; its ticks name the history position and, when the history
 * records times, the milliseconds since the first drawn op. The process labels stay in view while the lanes scroll.
 */
final class TimelineSvg {
    private static final int ROW_PX = 20;
    /** Horizontal px per history position: wide for small timelines, at least this for big ones. */
    private static final int MIN_STEP_PX = 18;
    private static final int MAX_STEP_PX = 60;
    private static final int TARGET_WIDTH_PX = 1600;
    private static final int LABEL_PX = 70;

    private TimelineSvg() {
    }

    /** Height of the axis row above the lanes. */
    private static final int AXIS_PX = 18;
    /** About this many px between two axis ticks. */
    private static final int TICK_SPACING_PX = 110;

    /**
     * Draws the lanes: a fixed column of process labels beside a horizontally scrolling timeline with an axis (history
     * positions, and milliseconds since the first op when the history records times). The failing op's group gets
     * {@code id} {@code failId} (and class {@code failing}), the target of the page's jump links.
     */
    static void draw(StringBuilder sb, List<Operation> ops, Map<Long, Integer> orderOfCall, long failCall,
                     String failId, List<FaultBands.Band> faults) {
        TreeSet<Long> positions = new TreeSet<>();
        TreeMap<Long, Integer> rows = new TreeMap<>();
        TreeMap<Long, Long> timeAt = new TreeMap<>();
        for (Operation o : ops) {
            positions.add(o.callIndex());
            if (o.invoke().timeNs() != multidriver.check.history.Op.NO_TIME) {
                timeAt.put(o.callIndex(), o.invoke().timeNs());
            }
            if (!o.indeterminate()) {
                positions.add(o.completion().index());
                if (o.completion().timeNs() != multidriver.check.history.Op.NO_TIME) {
                    timeAt.put(o.completion().index(), o.completion().timeNs());
                }
            }
            rows.putIfAbsent(o.process(), 0);
        }
        int r = 0;
        for (Map.Entry<Long, Integer> e : rows.entrySet()) {
            e.setValue(r++);
        }
        List<Long> rankList = new ArrayList<>(positions);
        int step = Math.max(MIN_STEP_PX, Math.min(MAX_STEP_PX, TARGET_WIDTH_PX / Math.max(1, rankList.size())));
        int width = (rankList.size() + 2) * step;
        int height = AXIS_PX + rows.size() * ROW_PX + 10;
        sb.append("<div class=\"lanes\"><svg class=\"labels\" width=\"").append(LABEL_PX).append("\" height=\"")
                .append(height).append("\">\n");
        for (Map.Entry<Long, Integer> e : rows.entrySet()) {
            int y = AXIS_PX + e.getValue() * ROW_PX + 14;
            sb.append("<text x=\"2\" y=\"").append(y).append("\">p").append(e.getKey()).append("</text>\n");
        }
        sb.append("</svg><div class=\"scroll\"><svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\">\n");
        axis(sb, rankList, timeAt, step, height);
        bands(sb, faults, rankList, step, width, height);
        for (Operation o : ops) {
            int x1 = rank(rankList, o.callIndex()) * step;
            int x2 = o.indeterminate() ? width - 4 : rank(rankList, o.completion().index()) * step + step / 2;
            int y = AXIS_PX + rows.get(o.process()) * ROW_PX + 3;
            boolean failed = o.completion() != null && o.completion().type() == OpType.FAIL;
            boolean failing = o.callIndex() == failCall;
            String fill = failing ? "#ff6b6b" : failed ? "#f7f7f7" : o.indeterminate() ? "#e0e0e0" : "#a6dba0";
            String stroke = failing ? "stroke=\"#a00\" stroke-width=\"3\"" : o.indeterminate()
                    ? "stroke=\"#666\" stroke-dasharray=\"4 2\"" : "stroke=\"#555\"";
            sb.append("<g class=\"op").append(failing ? " failing\" id=\"" + failId : "").append("\"><title>")
                    .append(HtmlReport.esc(describe(o, failed, failing))).append("</title>")
                    .append("<rect x=\"").append(x1).append("\" y=\"").append(y).append("\" width=\"")
                    .append(Math.max(4, x2 - x1)).append("\" height=\"").append(ROW_PX - 6).append("\" fill=\"")
                    .append(fill).append("\" ").append(stroke).append("/>");
            Integer order = orderOfCall.get(o.callIndex());
            // The order number always shows; the op text as far as the bar is wide (the tooltip has all).
            String number = order == null ? "" : "#" + order + " ";
            String text = clip(o.f() + " " + Values.show(o.value()), Math.max(0, (x2 - x1) / 6 - number.length()));
            sb.append("<text x=\"").append(x1 + 3).append("\" y=\"").append(y + 11).append("\"")
                    .append(failed ? " fill=\"#999\"" : "").append(">")
                    .append(HtmlReport.esc(number + text)).append("</text></g>\n");
        }
        sb.append("</svg></div></div>\n");
    }

    /**
     * Faults behind the bars, across every lane: a shaded span (a moment: a line), its name at its start and in
     * its tooltip. Positions are client-op counts, so a fault starts just before the op it preceded.
     */
    private static void bands(StringBuilder sb, List<FaultBands.Band> faults, List<Long> rankList, int step,
                              int width, int height) {
        if (rankList.isEmpty()) return;
        long first = rankList.get(0);
        long last = rankList.get(rankList.size() - 1);
        for (FaultBands.Band b : faults) {
            if (b.to() < first || b.from() > last) continue; // outside the drawn window
            int x1 = Math.max(0, rank(rankList, b.from()) * step - step / 2);
            int x2 = b.to() == Long.MAX_VALUE || b.to() > last ? width
                    : Math.max(x1 + 2, rank(rankList, b.to()) * step - step / 2);
            sb.append("<g class=\"fault\"><title>").append(HtmlReport.esc(b.label())).append("</title><rect x=\"")
                    .append(x1).append("\" y=\"").append(AXIS_PX).append("\" width=\"").append(x2 - x1)
                    .append("\" height=\"").append(height - AXIS_PX).append("\"/><text x=\"").append(x1 + 2)
                    .append("\" y=\"").append(height - 2).append("\">")
                    .append(HtmlReport.esc(clip(b.label(), Math.max(8, (x2 - x1) / 6)))).append("</text></g>\n");
        }
    }

    /**
     * Ticks about {@link #TICK_SPACING_PX} apart, labelled with the history position ({@code @index}) and, when recorded, the time
     * since the first drawn event; a faint line runs down through the lanes at each.
     */
    private static void axis(StringBuilder sb, List<Long> rankList, TreeMap<Long, Long> timeAt, int step, int height) {
        int every = Math.max(1, TICK_SPACING_PX / step);
        long firstTime = timeAt.isEmpty() ? 0 : timeAt.firstEntry().getValue();
        for (int i = 0; i < rankList.size(); i += every) {
            int x = i * step;
            long position = rankList.get(i);
            Long t = timeAt.get(position);
            String label = "@" + position + (t == null ? "" : " " + (t - firstTime) / 1_000_000 + " ms");
            sb.append("<line class=\"tick\" x1=\"").append(x).append("\" y1=\"").append(AXIS_PX - 4)
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(height).append("\"/>")
                    .append("<text class=\"axis\" x=\"").append(x + 2).append("\" y=\"11\">")
                    .append(HtmlReport.esc(label)).append("</text>\n");
        }
    }

    private static int rank(List<Long> sorted, long position) {
        int i = java.util.Collections.binarySearch(sorted, position);
        return i >= 0 ? i : -i - 1;
    }

    private static String clip(String s, int chars) {
        if (s.length() <= chars) {
            return s;
        }
        return chars <= 1 ? "" : s.substring(0, chars - 1) + "…";
    }

    private static String describe(Operation o, boolean failed, boolean failing) {
        String status = failing ? "CANNOT BE LINEARIZED" : failed ? "failed: did not happen"
                : o.indeterminate() ? "indeterminate" : "ok";
        return o + " " + status + (o.completion() == null ? "" : " completed at index " + o.completion().index());
    }
}
