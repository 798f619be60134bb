package multidriver.chaos.report;

import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Event;
import multidriver.check.history.History;
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
 * @param total          the set, queue or bank workload's check, or null for registers (and when it could not run)
 * @param nodeSamples    each node's status over the workload (multi-driver targets), for the explorer
 */
public record RunFindings(String runId, String clusterDescription, Map<String, Object> options, List<Event> events,
                          History clientHistory, long workloadEndNs, Verdict verdict, String checkError,
                          List<LostWrite> lostWrites, Map<Long, Object> finalReads, List<Object> keysWritten,
                          Map<String, String> nodeLogs, LogFindings logFindings, List<String> problems,
                          Map<String, Long> timingsMs, TotalFinding total, List<NodeSample> nodeSamples) {
    public RunFindings {
        nodeSamples = nodeSamples == null ? List.of() : List.copyOf(nodeSamples);
    }

    /** Findings of a run whose nodes were not sampled. */
    public RunFindings(String runId, String clusterDescription, Map<String, Object> options, List<Event> events,
                       History clientHistory, long workloadEndNs, Verdict verdict, String checkError,
                       List<LostWrite> lostWrites, Map<Long, Object> finalReads, List<Object> keysWritten,
                       Map<String, String> nodeLogs, LogFindings logFindings, List<String> problems,
                       Map<String, Long> timingsMs, TotalFinding total) {
        this(runId, clusterDescription, options, events, clientHistory, workloadEndNs, verdict, checkError, lostWrites,
                finalReads, keysWritten, nodeLogs, logFindings, problems, timingsMs, total, List.of());
    }

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
        if (total != null) {
            return !total.valid() ? false : checkError == null ? true : "unknown";
        }
        if (totalWorkload()) {
            return "unknown"; // not checked: no final read, or not one to trust (see checkError)
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

    /** Whether the run's workload is checked by a total checker (set, queue, bank, files) rather than for linearizability. */
    public boolean totalWorkload() {
        return TOTAL_WORKLOADS.contains(String.valueOf(options.get("workload")));
    }

    /** The workloads checked by {@link TotalFinding}s. */
    public static final java.util.Set<String> TOTAL_WORKLOADS = java.util.Set.of("set", "queue", "bank", "files");

    /** 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        Object v = valid();
        return Boolean.TRUE.equals(v) ? 0 : Boolean.FALSE.equals(v) ? 1 : 2;
    }

    /** One line: why the verdict is what it is. */
    public String reason() {
        if (total != null) {
            return total.workload() + ": " + total.explanation();
        }
        if (totalWorkload()) {
            return options.get("workload") + " check failed to run: " + checkError;
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
