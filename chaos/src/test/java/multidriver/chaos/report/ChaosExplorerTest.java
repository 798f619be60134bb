package multidriver.chaos.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import multidriver.check.history.History;
import multidriver.check.model.Models;
import multidriver.check.report.Explorer;
import multidriver.check.report.HeadlessChromium;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos run's explorer from its findings: node lanes from the status samples (a leader in term 1 that stops
 * answering, a new leader in term 2), client lanes from the history, the partition as a band, and a stale read
 * during the partition as the failing op, with the write it missed among its conflicts.
 */
class ChaosExplorerTest {
    @TempDir Path dir;

    private static final long MS = 1_000_000;

    private static RunFindings staleReadUnderAPartition() {
        History.Builder b = History.builder();
        b.invoke(0, "write", List.of(1L, 5L), 10 * MS);
        b.ok(0, "write", List.of(1L, 5L), 20 * MS);
        b.nemesis("start-partition", "isolate n0", 30 * MS);
        b.invoke(1, "write", List.of(1L, 6L), 40 * MS);
        b.invoke(2, "read", java.util.Arrays.asList(1L, null), 45 * MS);
        b.ok(1, "write", List.of(1L, 6L), 60 * MS);
        b.ok(2, "read", List.of(1L, 5L), 50 * MS);
        b.invoke(2, "read", java.util.Arrays.asList(1L, null), 70 * MS);
        b.ok(2, "read", List.of(1L, 5L), 80 * MS); // after the write of 6 completed: stale
        b.nemesis("stop-partition", "isolate n0", 90 * MS);
        History h = b.build();
        Verdict v = Linearizability.check(h, Models.casRegister(null, false), CheckOptions.defaults().withIndependent(true));
        List<NodeSample> samples = List.of(
                new NodeSample(0, 0, "LEADER", 1, 0, 3, 3), new NodeSample(0, 1, "FOLLOWER", 1, 0, 3, 3),
                new NodeSample(35 * MS, 1, "CANDIDATE", 2, -1, 3, 3),
                new NodeSample(38 * MS, 1, "LEADER", 2, 1, 4, 4),
                new NodeSample(36 * MS, 0, NodeSample.NO_ANSWER, -1, -1, -1, -1));
        return new RunFindings("test-run", "2 nodes", Map.of(), List.of(), h, 100 * MS, v, null, List.of(), Map.of(),
                List.of(1L), Map.of(), null, List.of(), Map.of(), null, samples);
    }

    @Test
    void nodesClientsFaultsAndTheStaleReadAreOnOnePage() throws Exception {
        RunFindings f = staleReadUnderAPartition();
        Explorer e = ChaosExplorer.of(f);
        List<String> jumps = e.jumpLines();
        assertTrue(jumps.get(0).startsWith("the op that cannot be linearized: p2: read [1 5]"), jumps.toString());
        assertTrue(jumps.stream().anyMatch(j -> j.startsWith("the last op of the longest linearizable prefix: p1: write")),
                "the write the read missed is a jump: " + jumps);
        assertEquals(5, e.stateCount(), "every sample is a state line");

        HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
        Path page = dir.resolve("explorer.html");
        multidriver.check.report.ExplorerPage.write(e, page);
        HeadlessChromium.Page jumped = chromium.dumpDom(page, "fail");
        assertEquals("true", jumped.bodyData("fail-visible"));
        assertTrue(jumped.dom().contains("<td>n1</td><td>leader t2</td><td>LEADER · term 2 · leader n1"),
                "at the stale read n1 leads term 2: " + jumped.dom().replaceAll("(?s).*(<table.*</table>).*", "$1"));
        assertTrue(jumped.dom().contains("<td>n0</td><td>no answer to /status</td><td>no answer"),
                "and n0 no longer answers");
        assertTrue(Files.size(page) < 100_000);
    }
}
