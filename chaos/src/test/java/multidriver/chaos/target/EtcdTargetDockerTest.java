package multidriver.chaos.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.cluster.RepoRoot;
import multidriver.chaos.run.ChaosRun;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Someone else's cluster under the same harness (issue 12): etcd from Debian's package, started as five (or three)
 * containers, driven by jetcd, checked like multi-driver. With linearizable reads it survives kill -9, pause and
 * partitions; with serializable reads a member cut off by a partition answers from its own stale copy, and the
 * checker must catch it. The image comes from {@code scripts/build_target_image.sh etcd} (.ci/run builds it).
 */
class EtcdTargetDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path reports;

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
        reports = RepoRoot.find().resolve("chaos/target/chaos-reports-etcd");
    }

    private static RunOptions etcd(int members, String nemeses, int opsPerKey, long seed, Map<String, String> opts) {
        return new RunOptions(members, 25, nemeses, 60, 2 * members, ClusterSource.TESTCONTAINERS, Map.of(), reports,
                seed, 3, 5, opsPerKey, Math.min(2 * members, 5)).withTarget("etcd", opts);
    }

    @Test
    void linearizableReadsSurviveKillPauseAndPartitions() throws Exception {
        ChaosRun.Summary s = new ChaosRun(etcd(3, "kill,pause,partition", 60, 21, Map.of()), System.out).execute();

        assertEquals(Boolean.TRUE, s.valid(), "valid: " + s.reason() + " (report " + s.reportDir() + ")");
        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        Set<String> kinds = new HashSet<>();
        results.get("nemesis").forEach(w -> kinds.add(w.get("nemesis").asText().replaceAll("-.*", "")));
        assertEquals(Set.of("kill", "pause", "partition"), kinds, "every nemesis struck: " + results.get("nemesis"));
        assertTrue(results.get("ops").asInt() > 200, "the clients got work done: " + results.get("counts"));
        assertEquals(0, results.get("lostWrites").size());
        assertEquals(results.get("finalReads").get("keys").asInt(), results.get("finalReads").get("read").asInt());
        assertEquals("etcd", results.get("options").get("target").asText());
    }

    @Test
    void serializableReadsAreCaughtStaleUnderAPartition() throws Exception {
        // Keys live long (200 ops) so that a key written on the majority side is read on the isolated member.
        ChaosRun.Summary s = new ChaosRun(etcd(5, "partition-isolate-one", 200, 12, Map.of("reads", "serializable")),
                System.out).execute();

        assertEquals(Boolean.FALSE, s.valid(), "stale reads must make the run invalid: " + s.reason());
        assertEquals(1, s.exitCode());
        JsonNode invalid = JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("invalidKeys");
        assertFalse(invalid.isEmpty(), "the offending keys are listed");
        assertEquals("read", invalid.get(0).get("offendingOp").get("f").asText(), "a read: " + invalid.get(0));
    }
}
