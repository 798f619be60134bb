package multidriver.chaos.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * PostgreSQL under the harness (issue 12), the bank workload with its ledger under {@code kill -9} of the primary:
 * with the default configuration every acknowledged transfer survives each crash and every read sums to the total;
 * with {@code synchronous_commit=off} commits acknowledged before the WAL writer flushed them are gone after the crash,
 * though every total stays right. The image comes from {@code scripts/build_target_image.sh postgres}.
 */
class PostgresTargetDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
    }

    /** Short quiet spells and one-second kills: about six crashes in 25 s, under 100 ops/s. */
    private static RunOptions bankUnderKills(long seed, Map<String, String> settings) {
        return new RunOptions(1, 25, "kill", 100, 6, ClusterSource.TESTCONTAINERS, Map.of(),
                RepoRoot.find().resolve("chaos/target/chaos-reports-postgres"), seed, 2.5, 1, 60, 5)
                .withTarget("postgres", settings).withWorkload("bank");
    }

    @Test
    void theDefaultConfigurationKeepsEveryAcknowledgedTransferThroughCrashes() throws Exception {
        ChaosRun.Summary s = new ChaosRun(bankUnderKills(71, Map.of()), System.out).execute();

        assertEquals(Boolean.TRUE, s.valid(), s.reason() + " (report " + s.reportDir() + ")");
        JsonNode bank = JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("bank");
        assertEquals(0, bank.get("badReads").asInt(), bank.toString());
        assertTrue(bank.get("reads").asInt() > 50, "the clients read the bank: " + bank);
        assertTrue(bank.get("transfers").get("acknowledged").asInt() > 200, "transfers committed: " + bank);
        assertTrue(JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("nemesis").size() >= 3,
                "the primary was killed several times");
    }

    @Test
    void synchronousCommitOffLosesAcknowledgedTransfersOnACrash() throws Exception {
        ChaosRun.Summary s = new ChaosRun(bankUnderKills(72, Map.of("synchronous_commit", "off")), System.out)
                .execute();

        assertEquals(Boolean.FALSE, s.valid(), "commits must be lost: " + s.reason() + " (report " + s.reportDir()
                + ")");
        JsonNode bank = JSON.readTree(s.reportDir().resolve("results.json").toFile()).get("bank");
        JsonNode transfers = bank.get("transfers");
        assertTrue(transfers.get("lostCount").asInt() > 0, transfers.toString());
        assertEquals(0, transfers.get("unexpected").size(), "no transfer appears that failed: " + transfers);
        assertEquals(0, bank.get("badReads").asInt(), "a lost transfer vanishes whole: totals stay right " + bank);
        assertTrue(s.reason().contains("acknowledged transfers lost"), s.reason());
    }
}
