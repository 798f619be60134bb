package multidriver.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.cluster.RepoRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files workload on a fresh five-node cluster (issue 11): uploads of up to 3 MiB and downloads while leaders
 * are killed and the network is partitioned; after the heal every acknowledged upload must read back byte for byte.
 * Snapshots every 64 entries, so files also travel inside InstallSnapshot to the members that were away.
 */
class FilesWorkloadDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
    }

    @Test
    void everyAcknowledgedUploadReadsBackAfterKillsAndPartitions() throws Exception {
        RunOptions options = new RunOptions(5, 30, "kill,partition", 10, 4, ClusterSource.TESTCONTAINERS,
                Map.of("SNAPSHOT_EVERY_ENTRIES", "64"), RepoRoot.find().resolve("chaos/target/chaos-reports-files"),
                91, 3, 5, 60, 5).withWorkload("files");
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        assertEquals(Boolean.TRUE, s.valid(), "valid: " + s.reason() + " (report " + s.reportDir() + ")");
        JsonNode files = JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("files");
        assertTrue(files.get("acknowledged").asInt() > 20, "the clients got uploads done: " + files);
        assertEquals(0, files.get("lostCount").asInt(), files.toString());
        assertTrue(s.reason().startsWith("files: every acknowledged file was seen"), s.reason());
    }
}
