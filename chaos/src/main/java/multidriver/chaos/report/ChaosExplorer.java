package multidriver.chaos.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.check.report.Explorer;
import multidriver.check.report.HistoryExplorer;

/**
 * The explorer page of a chaos run, {@code explorer.html}: a lane per node with its role and term over the run (from
 * the status samples, for multi-driver targets), a lane per client process with its ops and values, the nemesis's
 * faults as bands, and the checker's explanation of a failure (the failing op, the ops concurrent with it, the
 * longest linearizable prefix and the states it reaches). Clicking an instant shows what every node said then.
 */
final class ChaosExplorer {
    private ChaosExplorer() {
    }

    static Explorer of(RunFindings f) {
        Explorer e = new Explorer("chaos run " + f.runId());
        e.note("Cluster: " + f.clusterDescription());
        e.note("Options: " + f.options());
        if (f.checkError() != null) e.note("The check could not run: " + f.checkError());
        // The recorder's clock: time 0 is the workload's start, which the status samples share.
        HistoryExplorer.Clock clock = new HistoryExplorer.Clock(0, true);
        Map<Integer, List<NodeSample>> byNode = new TreeMap<>();
        for (NodeSample s : f.nodeSamples()) {
            byNode.computeIfAbsent(s.node(), k -> new java.util.ArrayList<>()).add(s);
        }
        byNode.keySet().forEach(id -> e.lane("n" + id, "node"));
        double endMs = f.workloadEndNs() > 0 ? clock.ms(f.workloadEndNs(), 0) : 0;
        for (Map.Entry<Integer, List<NodeSample>> node : byNode.entrySet()) {
            String lane = "n" + node.getKey();
            List<NodeSample> samples = node.getValue();
            // Runs of samples with one role and term: a span each (a role lasts until the next run, or the end).
            for (int i = 0, j; i < samples.size(); i = j) {
                NodeSample first = samples.get(i);
                for (j = i; j < samples.size() && samples.get(j).role().equals(first.role())
                        && samples.get(j).term() == first.term(); j++) {
                    e.state(lane, clock.ms(samples.get(j).timeNs(), 0), samples.get(j).describe());
                }
                double from = clock.ms(first.timeNs(), 0);
                double to = j < samples.size() ? clock.ms(samples.get(j).timeNs(), 0) : Math.max(from, endMs);
                String kind = switch (first.role()) {
                    case "LEADER" -> "leader";
                    case "CANDIDATE", "PRE_CANDIDATE" -> "candidate";
                    case NodeSample.NO_ANSWER -> "down";
                    default -> null;
                };
                if (kind != null) {
                    e.span(lane, from, to, kind, kind.equals("down") ? "no answer to /status" : kind + " t" + first.term());
                }
            }
        }
        HistoryExplorer.fill(e, f.clientHistory(), true, f.verdict(), clock);
        return e;
    }
}
