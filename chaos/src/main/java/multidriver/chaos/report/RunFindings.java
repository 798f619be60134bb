package multidriver.chaos.report;

import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Event;
import multidriver.check.history.History;
import multidriver.check.total.Delivery;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;

/**
 * All that one chaos run found, ready to be written as a report.
 *
 * @param verdict        the linearizability verdict, or null when the check could not run (see checkError)
 * @param checkError     why the check could not run, else null
 * @param finalReads     key → final value for the keys that could be read after the heal
 * @param keysWritten    every key the history touches
 * @param nodeLogs       node name → log text
 * @param problems       nemesis, heal and leader-wait problems, for people
 * @param timingsMs      phase → wall milliseconds
 * @param set            the set workload's check (lost, unexpected, recovered elements), or null for registers
 */
public record RunFindings(String runId, String clusterDescription, Map<String, Object> options, List<Event> events,
                          History clientHistory, long workloadEndNs, Verdict verdict, String checkError,
                          List<LostWrite> lostWrites, Map<Long, Object> finalReads, List<Object> keysWritten,
                          Map<String, String> nodeLogs, LogFindings logFindings, List<String> problems,
                          Map<String, Long> timingsMs, Delivery set) {
    /** Findings of a register workload. */
    public RunFindings(String runId, String clusterDescription, Map<String, Object> options, List<Event> events,
                       History clientHistory, long workloadEndNs, Verdict verdict, String checkError,
                       List<LostWrite> lostWrites, Map<Long, Object> finalReads, List<Object> keysWritten,
                       Map<String, String> nodeLogs, LogFindings logFindings, List<String> problems,
                       Map<String, Long> timingsMs) {
        this(runId, clusterDescription, options, events, clientHistory, workloadEndNs, verdict, checkError, lostWrites,
                finalReads, keysWritten, nodeLogs, logFindings, problems, timingsMs, null);
    }

    /** {@code true}, {@code false} or {@code "unknown"}, as results.json says it. */
    public Object valid() {
        if (set != null) {
            return !set.valid() ? false : checkError == null ? true : "unknown";
        }
        if ("set".equals(options.get("workload"))) {
            return "unknown"; // the set could not be checked: no final read, or not one to trust (see checkError)
        }
        if (!lostWrites.isEmpty() || (verdict != null && verdict.outcome() == Outcome.INVALID)) {
            return false;
        }
        if (verdict == null || verdict.outcome() != Outcome.VALID
                || finalReads.size() < keysWritten.size()) {
            return "unknown";
        }
        return true;
    }

    /** 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        Object v = valid();
        return Boolean.TRUE.equals(v) ? 0 : Boolean.FALSE.equals(v) ? 1 : 2;
    }

    /** One line: why the verdict is what it is. */
    public String reason() {
        if (set != null) {
            return "set: " + set.explain();
        }
        if ("set".equals(options.get("workload"))) {
            return "set check failed to run: " + checkError;
        }
        if (!lostWrites.isEmpty()) {
            return lostWrites.size() + " key(s) lost an acknowledged write, first: key " + lostWrites.get(0).key();
        }
        if (verdict == null) {
            return "linearizability check failed to run: " + checkError;
        }
        if (verdict.outcome() != Outcome.VALID) {
            return "linearizability " + verdict.outcome() + ": " + verdict.reason();
        }
        if (finalReads.size() < keysWritten.size()) {
            return "final reads after the heal got " + finalReads.size() + " of " + keysWritten.size() + " keys";
        }
        return "every key linearizable, no acknowledged write lost";
    }
}
