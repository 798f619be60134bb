package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.check.history.OpType;
import multidriver.check.history.Values;
import multidriver.check.search.Explanation;
import multidriver.check.search.Operation;
import multidriver.check.search.Outcome;
import multidriver.check.search.PartitionResult;

/** Builds results.json: the verdict first, then what a person needs to judge it. */
public final class ResultsJson {
    /** Keys listed one by one at most; the rest are only counted. */
    private static final int MAX_KEYS_LISTED = 500;

    private ResultsJson() {
    }

    public static Map<String, Object> build(RunFindings f, List<CompletedOp> completed, List<NemesisWindow> windows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", f.valid());
        m.put("reason", f.reason());
        m.put("runId", f.runId());
        m.put("cluster", f.clusterDescription());
        m.put("ops", completed.size());
        m.put("counts", counts(completed));
        long answered = completed.stream().filter(ResultsJson::answered).count();
        m.put("availability", completed.isEmpty() ? 0.0 : Math.round(1e4 * answered / completed.size()) / 1e4);
        m.put("linearizability", linearizability(f));
        m.put("invalidKeys", invalidKeys(f));
        m.put("lostWrites", lostWrites(f.lostWrites()));
        if (f.total() != null) {
            // The workload's own checker, in Jepsen's words (lost, unexpected, duplicated, recovered, bad reads).
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("valid", f.total().valid());
            total.putAll(f.total().details());
            total.put("explanation", f.total().explanation());
            m.put(f.total().workload(), total);
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("keys", f.keysWritten().size());
        finals.put("read", f.finalReads().size());
        m.put("finalReads", finals);
        m.put("nemesis", windows(windows));
        m.put("run", multidriver.check.cli.CliSupport.runRecord((f.options().containsKey("target") ? "chaos.sh"
                : "maelstrom.sh") + " with " + f.options()));
        m.put("options", f.options()); // the target and its settings among them
        m.put("problems", f.problems());
        Map<String, Object> logs = new LinkedHashMap<>();
        logs.put("exceptionLines", f.logFindings().exceptionLines());
        logs.put("samples", f.logFindings().samples());
        m.put("logScan", logs);
        m.put("perKey", perKey(f));
        m.put("options", f.options());
        m.put("timingsMs", f.timingsMs());
        m.put("reportFiles", List.of("results.json", "history.edn", "history.jsonl", "timeline.html", "latency.svg",
                "throughput.svg", "logs/"));
        return m;
    }

    /**
     * The cluster answered the op on its merits: ok, or a compare-and-set refused because the value differed
     * (409) or the key did not exist (404), or any other target's refusal ({@link Completion#refused}). Timeouts, 5xx
     * and refused connections count as unavailable.
     */
    private static boolean answered(CompletedOp o) {
        String error = o.completion().error();
        return o.type() == OpType.OK
                || (o.type() == OpType.FAIL && error != null && (error.startsWith("409 ") || error.startsWith("404 ")
                        || error.startsWith(multidriver.chaos.client.Completion.REFUSED)));
    }

    private static Map<String, Map<String, Long>> counts(List<CompletedOp> completed) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (CompletedOp o : completed) {
            out.computeIfAbsent(o.f(), k -> new TreeMap<>()).merge(o.type().jepsenName(), 1L, Long::sum);
        }
        return out;
    }

    private static Map<String, Object> linearizability(RunFindings f) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (f.totalWorkload()) {
            m.put("outcome", "NOT_CHECKED");
            m.put("reason", "a " + f.options().get("workload") + " workload has a checker of its own: see \""
                    + f.options().get("workload") + "\"");
            return m;
        }
        if (f.verdict() == null) {
            m.put("outcome", "ERROR");
            m.put("reason", f.checkError());
            return m;
        }
        m.put("outcome", f.verdict().outcome().name());
        m.put("reason", f.verdict().reason());
        m.put("model", f.verdict().modelName());
        m.put("keys", f.verdict().partitions().size());
        m.put("searchSteps", f.verdict().searchSteps());
        return m;
    }

    private static List<Object> invalidKeys(RunFindings f) {
        List<Object> out = new ArrayList<>();
        if (f.verdict() == null) {
            return out;
        }
        List<multidriver.check.search.Operation> paired = null; // the history paired once, if a key is invalid
        for (PartitionResult p : f.verdict().partitions()) {
            if (p.outcome() != Outcome.INVALID) {
                continue;
            }
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("key", Values.show(p.key()));
            k.put("reason", p.reason());
            Explanation e = p.explanation();
            if (e != null) {
                if (paired == null) paired = multidriver.check.search.Partitioner.pair(f.clientHistory());
                k.put("anomaly", Anomaly.name(paired, p.key(), e.failingOp()));
                k.put("offendingOp", describe(e.failingOp()));
                k.put("explanation", e.describe());
                k.put("possibleStatesBefore", e.reachableStates());
            }
            out.add(k);
        }
        return out;
    }

    /** The offending op with its completion, so a stale read shows the value it returned and when. */
    private static Map<String, Object> describe(Operation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("process", op.process());
        m.put("f", op.f());
        m.put("value", Values.show(op.value()));
        m.put("invokeIndex", op.callIndex());
        m.put("invokeTimeNs", op.invoke().timeNs());
        if (op.completion() != null) {
            m.put("completion", op.completion().type().jepsenName());
            m.put("completeIndex", op.completion().index());
            m.put("completeTimeNs", op.completion().timeNs());
        }
        return m;
    }

    private static List<Object> lostWrites(List<LostWrite> lost) {
        List<Object> out = new ArrayList<>();
        for (LostWrite l : lost) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", Values.show(l.key()));
            m.put("finalValue", Values.show(l.finalValue()));
            m.put("possibleValues", l.possibleValues().stream().map(Values::show).toList());
            m.put("lastAcknowledged", l.lastAcked());
            out.add(m);
        }
        return out;
    }

    private static List<Object> windows(List<NemesisWindow> windows) {
        List<Object> out = new ArrayList<>();
        for (NemesisWindow w : windows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nemesis", w.nemesis());
            m.put("what", w.description());
            m.put("startS", Math.round(w.startNs() / 1e6) / 1e3);
            m.put("stopS", Math.round(w.stopNs() / 1e6) / 1e3);
            out.add(m);
        }
        return out;
    }

    private static List<Object> perKey(RunFindings f) {
        List<Object> out = new ArrayList<>();
        if (f.verdict() == null) {
            return out;
        }
        for (PartitionResult p : f.verdict().partitions()) {
            if (out.size() >= MAX_KEYS_LISTED) {
                break;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", Values.show(p.key()));
            m.put("outcome", p.outcome().name());
            m.put("ops", p.operations());
            m.put("finalValue", Values.show(f.finalReads().get(p.key() instanceof Long l ? l : -1L)));
            if (!p.reason().isEmpty()) {
                m.put("reason", p.reason());
            }
            out.add(m);
        }
        return out;
    }
}
