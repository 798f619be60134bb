package multidriver.chaos.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.cluster.RepoRoot;
import multidriver.chaos.run.ChaosRun;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis with Sentinel under the harness (issue 12): the primary cut off with a minority keeps acknowledging writes
 * that the majority's failover discards, as Jepsen found in 2013. The run must end invalid with lost acknowledged
 * writes listed. The image comes from {@code scripts/build_target_image.sh redis} (.ci/run builds it).
 */
class RedisTargetDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
    }

    @Test
    void isolatingThePrimaryWithAMinorityLosesAcknowledgedWrites() throws Exception {
        RunOptions options = new RunOptions(5, 25, "isolate-primary", 40, 10, ClusterSource.TESTCONTAINERS, Map.of(),
                RepoRoot.find().resolve("chaos/target/chaos-reports-redis"), 51, 3, 8, 60, 5)
                .withTarget("redis", Map.of());
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        assertEquals(Boolean.FALSE, s.valid(), "Redis Sentinel must lose writes here: " + s.reason()
                + " (report " + s.reportDir() + ")");
        assertEquals(1, s.exitCode());
        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        assertFalse(results.get("lostWrites").isEmpty(), "the lost acknowledged writes are listed: " + s.reason());
        assertTrue(results.get("nemesis").get(0).get("nemesis").asText().equals("partition-isolate-primary"));
        assertEquals(results.get("finalReads").get("keys").asInt(), results.get("finalReads").get("read").asInt(),
                "after the heal every key is read from the surviving primary");
    }

    /** Jepsen's own measure: unique adds to one set, then the fraction of acknowledged adds missing at the end. */
    @Test
    void theSetWorkloadCountsTheAcknowledgedAddsThatAFailoverDiscards() throws Exception {
        RunOptions options = new RunOptions(5, 25, "isolate-primary", 60, 10, ClusterSource.TESTCONTAINERS, Map.of(),
                RepoRoot.find().resolve("chaos/target/chaos-reports-redis"), 61, 3, 8, 60, 5)
                .withTarget("redis", Map.of()).withWorkload("set");
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        assertEquals(Boolean.FALSE, s.valid(), "acknowledged adds must be lost: " + s.reason());
        JsonNode set = JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("set");
        assertTrue(set.get("lostCount").asInt() > 0 && set.get("lostFraction").asDouble() > 0, set.toString());
        assertTrue(set.get("acknowledged").asInt() > 300, "the clients got work done: " + set);
        assertEquals(0, set.get("unexpected").size(), "nothing appears that nobody added: " + set);
        assertTrue(s.reason().startsWith("set: ") && s.reason().contains("acknowledged elements lost"), s.reason());
    }
}
