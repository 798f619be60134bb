package multidriver.check.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import multidriver.check.history.History;
import multidriver.check.history.OpType;
import multidriver.check.history.Values;
import multidriver.check.search.Explanation;
import multidriver.check.search.Operation;
import multidriver.check.search.Outcome;
import multidriver.check.search.PartitionResult;
import multidriver.check.search.Partitioner;
import multidriver.check.search.Verdict;

/**
 * A self-contained HTML report (inline CSS and SVG, no external resources): the verdict, then per key a
 * timeline with one row per process and each operation as a bar from invocation to completion. Bars carry
 * their position in the linearization found (or in the longest linearizable prefix); the op that cannot be
 * linearized is drawn in red. Invalid keys come first; at most {@link #MAX_KEYS} keys and
 * {@link #MAX_DRAWN_OPS} ops per key are drawn (around the failing op), so the file stays small.
 */
public final class HtmlReport {
    static final int MAX_KEYS = 20;
    static final int MAX_DRAWN_OPS = 300;

    private HtmlReport() {
    }

    public static void write(History history, Verdict verdict, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(history, verdict, file.getFileName().toString()), StandardCharsets.UTF_8);
    }

    public static String render(History history, Verdict verdict, String title) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        sb.append("<p class=\"verdict ").append(verdict.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .append("\">").append(verdict.outcome()).append("</p>\n");
        sb.append("<p>model <code>").append(esc(verdict.modelName())).append("</code>, ")
                .append(history.size()).append(" history events, ").append(verdict.partitions().size())
                .append(verdict.partitions().size() == 1 ? " partition" : " partitions").append(", ")
                .append(verdict.searchSteps()).append(" search steps</p>\n");
        if (!verdict.reason().isEmpty()) {
            sb.append("<p class=\"reason\">").append(esc(verdict.reason())).append("</p>\n");
        }
        if (verdict.outcome() == Outcome.INVALID) {
            sb.append("<p><a class=\"jump\" href=\"#fail\">Jump to the first op that cannot be linearized</a></p>\n");
        }
        sb.append(LEGEND);
        List<Operation> all = Partitioner.pair(history);
        List<FaultBands.Band> faults = FaultBands.of(history.nemesis());
        List<Operation> failed = failedOps(history);
        List<PartitionResult> ordered = new ArrayList<>(verdict.partitions());
        ordered.sort((a, b) -> Integer.compare(rank(a.outcome()), rank(b.outcome())));
        int shown = 0;
        for (PartitionResult p : ordered) {
            if (shown++ == MAX_KEYS) {
                sb.append("<p>").append(ordered.size() - MAX_KEYS).append(" more keys not drawn.</p>\n");
                break;
            }
            section(sb, p, opsOfKey(all, p.key()), opsOfKey(failed, p.key()), "fail-" + shown, faults);
        }
        sb.append("<script>").append(SCRIPT).append("</script>\n");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static int rank(Outcome o) {
        return o == Outcome.INVALID ? 0 : o == Outcome.UNKNOWN ? 1 : 2;
    }

    /** Failed ops are not in {@link Partitioner#pair}; draw them too, greyed, so the timeline is complete. */
    private static List<Operation> failedOps(History history) {
        List<Operation> out = new ArrayList<>();
        Map<Long, multidriver.check.history.Op> pending = new HashMap<>();
        for (multidriver.check.history.Op op : history.ops()) {
            if (op.type() == OpType.INVOKE) {
                pending.put(op.process(), op);
            } else {
                multidriver.check.history.Op inv = pending.remove(op.process());
                if (inv != null && op.type() == OpType.FAIL) {
                    out.add(new Operation(inv, op, inv.f(), inv.value()));
                }
            }
        }
        return out;
    }

    private static List<Operation> opsOfKey(List<Operation> ops, Object key) {
        if (key == null) {
            return ops;
        }
        String name = Values.keyName(key);
        List<Operation> out = new ArrayList<>();
        for (Operation o : ops) {
            if (o.invoke().value() instanceof List<?> l && l.size() == 2 && Values.keyName(l.get(0)).equals(name)) {
                Object inner = o.value() instanceof List<?> v && v.size() == 2 ? v.get(1) : o.value();
                out.add(new Operation(o.invoke(), o.completion(), o.f(), inner));
            }
        }
        return out;
    }

    private static void section(StringBuilder sb, PartitionResult p, List<Operation> ops, List<Operation> failed,
                                String failId, List<FaultBands.Band> faults) {
        String keyText = p.key() == null ? "history" : "key " + Values.show(p.key());
        sb.append("<h2>").append(esc(keyText)).append(": <span class=\"")
                .append(p.outcome().name().toLowerCase(java.util.Locale.ROOT)).append("\">").append(p.outcome())
                .append("</span></h2>\n");
        if (!p.reason().isEmpty()) {
            sb.append("<p class=\"reason\">").append(esc(p.reason())).append("</p>\n");
        }
        Explanation e = p.explanation();
        if (e != null) {
            sb.append("<p><a class=\"jump\" href=\"#").append(failId).append("\">Jump to the failing op</a></p>\n");
        }
        List<Operation> order = e != null ? e.longestPrefix() : p.linearization();
        Map<Long, Integer> orderOfCall = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            orderOfCall.put(order.get(i).callIndex(), i + 1);
        }
        long failCall = e == null ? -1 : e.failingOp().callIndex();
        List<Operation> drawn = new ArrayList<>(ops);
        drawn.addAll(failed);
        drawn.sort((a, b) -> Long.compare(a.callIndex(), b.callIndex()));
        int from = 0;
        if (drawn.size() > MAX_DRAWN_OPS) {
            int at = 0;
            for (int i = 0; i < drawn.size(); i++) {
                if (drawn.get(i).callIndex() == failCall) {
                    at = i;
                }
            }
            from = Math.max(0, Math.min(at - MAX_DRAWN_OPS * 3 / 4, drawn.size() - MAX_DRAWN_OPS));
            sb.append("<p>Drawing ops ").append(from + 1).append("–").append(from + MAX_DRAWN_OPS).append(" of ")
                    .append(drawn.size()).append(e != null ? ", around the failing op." : ".").append("</p>\n");
            drawn = drawn.subList(from, from + MAX_DRAWN_OPS);
        }
        TimelineSvg.draw(sb, drawn, orderOfCall, failCall, failId, faults);
        if (e != null) {
            explanation(sb, e);
        } else if (p.outcome() == Outcome.VALID && !order.isEmpty()) {
            sb.append("<p>Numbers on bars give the linearization found (").append(order.size())
                    .append(" ops that took effect).</p>\n");
        }
    }

    private static void explanation(StringBuilder sb, Explanation e) {
        sb.append("<div class=\"explain\"><p><b>Cannot be linearized:</b> <code>").append(esc(e.failingOp().toString()))
                .append("</code></p>\n<p>States reachable after the longest linearizable prefix (")
                .append(e.longestPrefix().size()).append(" ops): <code>").append(esc(String.join(", ", e.reachableStates())))
                .append("</code></p>\n<details><summary>Longest linearizable prefix</summary><ol>\n");
        for (Operation o : e.longestPrefix()) {
            sb.append("<li><code>").append(esc(o.toString())).append("</code></li>\n");
        }
        sb.append("</ol></details></div>\n");
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = "body{font-family:sans-serif;margin:1.5em;color:#222}"
            + "code{font-size:90%}.verdict{font-size:150%;font-weight:bold}"
            + ".valid{color:#1a7f37}.invalid{color:#cf222e}.unknown{color:#9a6700}"
            + ".reason{background:#f6f8fa;padding:.5em;border-left:4px solid #999}"
            + ".explain{background:#fff5f5;padding:.5em;border-left:4px solid #cf222e}"
            + ".legend span{display:inline-block;padding:0 .5em;margin-right:.5em;border:1px solid #555}"
            + ".lanes{display:flex;margin:.5em 0;border:1px solid #ddd}.lanes .labels{flex:none;background:#fafafa;"
            + "border-right:1px solid #ddd}.lanes .scroll{overflow-x:auto;flex:1}"
            + "svg text{font-size:10px;font-family:monospace}svg text.axis{fill:#666}line.tick{stroke:#eee}"
            + "g.failing.flash rect{animation:flash 1s 3}@keyframes flash{50%{fill:#ffd33d}}"
            + "g.fault rect{fill:#ffe8c2;opacity:.7}g.fault text{fill:#9a6700}";

    /**
     * The jump links: scroll the failing op to the middle of the view (both ways) and flash it; also on load when
     * the address names one ({@code #fail}: the first). For tests and tools the page records, on {@code body}, its
     * load time ({@code data-load-ms}), whether the first failing op was in view before any jump
     * ({@code data-fail-visible-at-load}) and whether the op a jump went to is in view ({@code data-fail-visible}).
     */
    private static final String SCRIPT = "function mdInView(el){var r=el.getBoundingClientRect();"
            + "return r.left>=0&&r.left<innerWidth&&r.top>=0&&r.bottom<=innerHeight;}"
            + "function mdJump(id){var el=id==='fail'?document.querySelector('g.failing')"
            + ":document.getElementById(id);if(!el)return;el.scrollIntoView({block:'center',inline:'center'});"
            + "el.classList.remove('flash');void el.getBBox();el.classList.add('flash');"
            + "document.body.dataset.failVisible=String(mdInView(el));}"
            + "document.querySelectorAll('a.jump').forEach(function(a){a.addEventListener('click',function(e){"
            + "e.preventDefault();mdJump(a.getAttribute('href').slice(1));});});"
            + "window.addEventListener('load',function(){document.body.dataset.loadMs=String(Math.round("
            + "performance.now()));var f=document.querySelector('g.failing');if(f)document.body.dataset"
            + ".failVisibleAtLoad=String(mdInView(f));if(location.hash)mdJump(location.hash.slice(1));});";

    private static final String LEGEND = "<p class=\"legend\">"
            + "<span style=\"background:#a6dba0\">ok</span>"
            + "<span style=\"background:#e0e0e0\">info / never completed (may take effect any time after, or never)</span>"
            + "<span style=\"background:#f7f7f7;color:#999\">fail (did not happen)</span>"
            + "<span style=\"background:#ff6b6b\">cannot be linearized</span>"
            + "<span style=\"background:#ffe8c2\">a fault (nemesis), when the history records them</span>"
            + " numbers: position in the linearization (or longest linearizable prefix); hover a bar for the op</p>\n";
}
