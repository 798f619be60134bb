package multidriver.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.cluster.RepoRoot;
import multidriver.check.history.EdnReader;
import multidriver.check.history.History;
import multidriver.check.report.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short chaos runs on a fresh five-node cluster (issue 6): the real node survives kill -9, pause and partitions
 * with a linearizable history and no lost write; with UNSAFE_STALE_READS the same machinery must catch the
 * stale reads. About a minute each, most of it the cluster's start.
 */
class ChaosRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path reports;

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
        reports = RepoRoot.find().resolve("chaos/target/chaos-reports");
    }

    @Test
    void killPauseAndPartitionLeaveALinearizableHistory() throws Exception {
        RunOptions options = new RunOptions(5, 30, "kill,pause,partition", 40, 10, ClusterSource.TESTCONTAINERS, Map.of(),
                reports, 11, 3, 5, 60, 5);
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        assertEquals(Boolean.TRUE, s.valid(), "valid: " + s.reason() + " (report " + s.reportDir() + ")");
        assertEquals(0, s.exitCode());
        for (String f : List.of("results.json", "history.edn", "history.jsonl", "timeline.html", "latency.svg",
                "throughput.svg", "index.html", "logs/node-0.log")) {
            assertTrue(Files.size(s.reportDir().resolve(f)) > 0, f + " written");
        }
        assertEquals(s.reportDir().toRealPath(), reports.resolve("latest").toRealPath(), "latest points at the run");

        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        Set<String> kinds = new HashSet<>();
        results.get("nemesis").forEach(w -> kinds.add(w.get("nemesis").asText().replaceAll("-.*", "")));
        assertEquals(Set.of("kill", "pause", "partition"), kinds, "every chosen nemesis struck once: " + results.get("nemesis"));
        assertTrue(results.get("ops").asInt() > 300, "the clients got work done: " + results.get("counts"));
        assertEquals(results.get("finalReads").get("keys").asInt(), results.get("finalReads").get("read").asInt());
        assertEquals(0, results.get("lostWrites").size());

        History history = EdnReader.read(s.reportDir().resolve("history.edn"));
        assertTrue(history.size() > 600, "the EDN history reads back with the checker (nemesis ops skipped)");
    }

    /**
     * Thesis §3.10 and §4 through the admin API while clients write: leadership handed around, members removed (the
     * leader among them) and added back as learners that catch up through snapshots and are promoted.
     */
    @Test
    void transfersAndMembershipChangesLeaveALinearizableHistory() throws Exception {
        RunOptions options = new RunOptions(5, 30, "transfer,membership", 40, 10, ClusterSource.TESTCONTAINERS,
                Map.of("SNAPSHOT_EVERY_ENTRIES", "50"), reports, 12, 3, 5, 60, 5);
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();
        assertEquals(Boolean.TRUE, s.valid(), "valid: " + s.reason() + " (report " + s.reportDir() + ")");
        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        Set<String> kinds = new HashSet<>();
        results.get("nemesis").forEach(w -> kinds.add(w.get("nemesis").asText().replaceAll("-.*", "")));
        assertEquals(Set.of("transfer", "membership"), kinds, "both struck: " + results.get("nemesis"));
        assertEquals(0, results.get("lostWrites").size());
        assertEquals(results.get("finalReads").get("keys").asInt(), results.get("finalReads").get("read").asInt());
    }

    @Test
    void staleReadsUnderPartitionsAreCaught() throws Exception {
        // The proof that it can fail: scripts/chaos.sh --nemesis partition --node-env UNSAFE_STALE_READS=true.
        // Longer-lived keys (200 ops) so that keys written before a partition are read on both of its sides.
        RunOptions options = new RunOptions(5, 30, "partition", 60, 10, ClusterSource.TESTCONTAINERS,
                Map.of("UNSAFE_STALE_READS", "true"), reports, 12, 3, 6, 200, 5);
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        assertEquals(Boolean.FALSE, s.valid(), "stale reads must make the run invalid: " + s.reason());
        assertEquals(1, s.exitCode());
        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        JsonNode invalid = results.get("invalidKeys");
        assertFalse(invalid.isEmpty(), "the offending keys are listed");
        JsonNode offending = invalid.get(0).get("offendingOp");
        assertEquals("read", offending.get("f").asText(), "the op that cannot be linearized is a read: " + invalid.get(0));
        assertEquals("ok", offending.get("completion").asText());
        assertTrue(Files.readString(s.reportDir().resolve("timeline.html")).contains("INVALID"),
                "the timeline shows the verdict");

        // The explorer, in a browser: its jump puts the stale read in view, with what every node said then.
        HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
        Path explorer = s.reportDir().resolve("explorer.html");
        HeadlessChromium.Page jumped = chromium.dumpDom(explorer, "fail");
        assertEquals("true", jumped.bodyData("fail-visible"), "the stale read is in view after its jump");
        assertTrue(jumped.dom().matches("(?s).*<td>n\\d</td><td>[^<]*</td><td>(LEADER|FOLLOWER|CANDIDATE|no answer).*"),
                "every node's status at that instant is shown");
        String shots = System.getProperty("multidriver.screenshots"); // -Dmultidriver.screenshots=$PWD/docs
        if (shots != null) chromium.screenshot(explorer, "fail", Path.of(shots).resolve("chaos-explorer.png"));
    }
}
