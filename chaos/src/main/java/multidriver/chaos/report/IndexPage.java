package multidriver.chaos.report;

import java.util.List;
import java.util.Map;

/** index.html of a run: the verdict, the plots inline, and links to everything else. */
final class IndexPage {
    private IndexPage() {
    }

    static String render(RunFindings f, Map<String, Object> results) {
        Object valid = f.valid();
        String color = Boolean.TRUE.equals(valid) ? "#2ca02c" : Boolean.FALSE.equals(valid) ? "#d62728" : "#ff7f0e";
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>chaos run ")
                .append(SvgCanvas.escape(f.runId())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "code{background:#f4f4f4}td,th{padding:2px 8px;text-align:left}</style></head><body>\n");
        h.append("<h1>chaos run ").append(SvgCanvas.escape(f.runId())).append("</h1>\n");
        h.append("<p style=\"font-size:1.4em;color:").append(color).append("\">valid: <b>").append(valid)
                .append("</b> — ").append(SvgCanvas.escape(f.reason())).append("</p>\n");
        h.append("<p>").append(SvgCanvas.escape(f.clusterDescription())).append("; ops: ").append(results.get("ops"))
                .append("; availability: ").append(results.get("availability")).append("; counts: <code>")
                .append(SvgCanvas.escape(String.valueOf(results.get("counts")))).append("</code></p>\n");
        h.append("<p>").append(f.totalWorkload() ? "" : "<a href=\"explorer.html\"><b>explorer</b> (nodes, clients, faults"
                + " and the failure on one zoomable page)</a> · ");
        h.append("<a href=\"timeline.html\">timeline (linearizability report)</a> · <a href=\"results.json\">results.json</a>"
                + " · <a href=\"history.edn\">history.edn</a> · <a href=\"history.jsonl\">history.jsonl</a>"
                + " · <a href=\"logs/\">node logs</a></p>\n");
        appendList(h, "Anomalies: keys that are not linearizable (stale reads, reads of values never written; the offending op and the states the register could be in)",
                results.get("invalidKeys"));
        appendList(h, "Lost acknowledged writes", results.get("lostWrites"));
        if (f.total() != null) {
            // The workload's checker in Jepsen's words: what was acknowledged and then lost, what came from nowhere.
            h.append("<h2>").append(SvgCanvas.escape(f.total().workload())).append(" check</h2><p>")
                    .append(SvgCanvas.escape(f.total().explanation())).append("</p>\n");
            f.total().lists().forEach((title, entries) -> appendList(h, title, entries));
        }
        appendList(h, "Problems during the run", results.get("problems"));
        appendList(h, "Faults (seconds since the workload began)", results.get("nemesis"));
        appendLogLines(h, f.logFindings());
        h.append("<p><img src=\"latency.svg\" alt=\"latency\"></p>\n<p><img src=\"throughput.svg\" alt=\"throughput\"></p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    /** One readable line per entry: {@code key K: reason} for keys, the text itself otherwise. */
    private static String line(Object entry) {
        if (entry instanceof Map<?, ?> m && m.containsKey("key")) {
            if (m.containsKey("anomaly")) {
                return m.get("anomaly") + " (key " + m.get("key") + ": " + m.get("reason") + ")";
            }
            if (m.containsKey("reason")) {
                return "key " + m.get("key") + ": " + m.get("reason");
            }
            return "lost write: key " + m.get("key") + " ends as " + m.get("finalValue") + ", but only "
                    + m.get("possibleValues") + " were possible; last acknowledged: " + m.get("lastAcknowledged");
        }
        if (entry instanceof Map<?, ?> m && m.containsKey("nemesis") && m.containsKey("startS")) {
            return m.get("startS") + " s to " + m.get("stopS") + " s: " + m.get("nemesis") + " (" + m.get("what") + ")";
        }
        return String.valueOf(entry);
    }

    /** The members' own error and exception lines (a sample per member), as the system logged them. */
    private static void appendLogLines(StringBuilder h, LogFindings logs) {
        if (logs.samples().values().stream().allMatch(List::isEmpty)) return;
        h.append("<h2>The system's own log lines (errors and exceptions, a sample per member; all in logs/)</h2>\n");
        new java.util.TreeMap<>(logs.samples()).forEach((member, lines) -> {
            if (lines.isEmpty()) return;
            h.append("<h3>").append(SvgCanvas.escape(member)).append(" (")
                    .append(logs.exceptionLines().getOrDefault(member, lines.size())).append(" lines)</h3>\n<pre>");
            lines.forEach(l -> h.append(SvgCanvas.escape(l)).append('\n'));
            h.append("</pre>\n");
        });
    }

    /** A heading and one {@code <li>} per entry, or nothing when the list is empty. */
    private static void appendList(StringBuilder h, String title, Object entries) {
        if (!(entries instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        h.append("<h2>").append(SvgCanvas.escape(title)).append("</h2>\n<ul>\n");
        for (Object e : list) {
            h.append("<li><code>").append(SvgCanvas.escape(line(e))).append("</code></li>\n");
        }
        h.append("</ul>\n");
    }
}
