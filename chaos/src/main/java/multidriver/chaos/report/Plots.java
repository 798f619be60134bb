package multidriver.chaos.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import multidriver.check.history.OpType;

/** The report's two plots, as SVG text: latency of every op and throughput per second, faults shaded. */
public final class Plots {
    static final Map<OpType, String> TYPE_COLORS = Map.of(OpType.OK, "#2ca02c", OpType.FAIL, "#d62728",
            OpType.INFO, "#ff7f0e");

    private Plots() {
    }

    /** Latency (ms, log scale) of each completed op at its completion time, by outcome. */
    public static String latency(List<CompletedOp> ops, List<NemesisWindow> windows, long endNs) {
        double maxMs = ops.stream().mapToDouble(o -> o.latencyNs() / 1e6).max().orElse(1);
        SvgCanvas c = new SvgCanvas("Latency per operation (log scale)", "latency (ms)", endNs / 1e9, 0.1,
                Math.max(maxMs * 1.2, 1), true);
        c.windows(windows);
        c.axes();
        for (CompletedOp o : ops) {
            double ms = o.latencyNs() / 1e6;
            c.point(o.completion().timeNs() / 1e9, Math.max(ms, 0.1), TYPE_COLORS.get(o.type()),
                    o.f() + " " + o.type().jepsenName() + " " + String.format(Locale.ROOT, "%.1f ms", ms));
        }
        c.legend(legend());
        return c.finish();
    }

    /** Completions per second, one line per outcome. */
    public static String throughput(List<CompletedOp> ops, List<NemesisWindow> windows, long endNs) {
        int buckets = (int) Math.max(1, Math.ceil(endNs / 1e9));
        Map<OpType, double[]> counts = new LinkedHashMap<>();
        for (OpType t : List.of(OpType.OK, OpType.FAIL, OpType.INFO)) {
            counts.put(t, new double[buckets]);
        }
        for (CompletedOp o : ops) {
            int b = (int) Math.min(buckets - 1, o.completion().timeNs() / 1_000_000_000L);
            counts.get(o.type())[b]++;
        }
        double max = counts.values().stream().flatMapToDouble(Arrays::stream).max().orElse(1);
        SvgCanvas c = new SvgCanvas("Throughput (completed operations per second)", "ops/s", buckets, 0,
                Math.max(max * 1.1, 1), false);
        c.windows(windows);
        c.axes();
        double[] xs = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            xs[i] = i + 0.5;
        }
        counts.forEach((type, ys) -> c.polyline(xs, ys, TYPE_COLORS.get(type)));
        c.legend(legend());
        return c.finish();
    }

    private static Map<String, String> legend() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ok", TYPE_COLORS.get(OpType.OK));
        m.put("fail", TYPE_COLORS.get(OpType.FAIL));
        m.put("info", TYPE_COLORS.get(OpType.INFO));
        return m;
    }
}
