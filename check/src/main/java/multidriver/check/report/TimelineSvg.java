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
 * overlap incorrectly and idle gaps do not waste space.
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

    static void draw(StringBuilder sb, List<Operation> ops, Map<Long, Integer> orderOfCall, long failCall) {
        TreeSet<Long> positions = new TreeSet<>();
        TreeMap<Long, Integer> rows = new TreeMap<>();
        for (Operation o : ops) {
            positions.add(o.callIndex());
            if (!o.indeterminate()) {
                positions.add(o.completion().index());
            }
            rows.putIfAbsent(o.process(), 0);
        }
        int r = 0;
        for (Map.Entry<Long, Integer> e : rows.entrySet()) {
            e.setValue(r++);
        }
        List<Long> rankList = new ArrayList<>(positions);
        int step = Math.max(MIN_STEP_PX, Math.min(MAX_STEP_PX, TARGET_WIDTH_PX / Math.max(1, rankList.size())));
        int width = LABEL_PX + (rankList.size() + 2) * step;
        int height = rows.size() * ROW_PX + 10;
        sb.append("<svg width=\"").append(width).append("\" height=\"").append(height).append("\">\n");
        for (Map.Entry<Long, Integer> e : rows.entrySet()) {
            int y = e.getValue() * ROW_PX + 14;
            sb.append("<text x=\"2\" y=\"").append(y).append("\">p").append(e.getKey()).append("</text>\n");
        }
        for (Operation o : ops) {
            int x1 = LABEL_PX + rank(rankList, o.callIndex()) * step;
            int x2 = o.indeterminate() ? width - 4 : LABEL_PX + rank(rankList, o.completion().index()) * step + step / 2;
            int y = rows.get(o.process()) * ROW_PX + 3;
            boolean failed = o.completion() != null && o.completion().type() == OpType.FAIL;
            boolean failing = o.callIndex() == failCall;
            String fill = failing ? "#ff6b6b" : failed ? "#f7f7f7" : o.indeterminate() ? "#e0e0e0" : "#a6dba0";
            String stroke = failing ? "stroke=\"#a00\" stroke-width=\"3\"" : o.indeterminate()
                    ? "stroke=\"#666\" stroke-dasharray=\"4 2\"" : "stroke=\"#555\"";
            sb.append("<g class=\"op").append(failing ? " failing" : "").append("\"><title>")
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
        sb.append("</svg>\n");
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
