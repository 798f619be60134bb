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
 * RabbitMQ under the harness (issue 12): a three-member cluster with a quorum queue, publisher confirms and manual
 * acks, under partitions that cut the queue's leader off and kill -9 of members; the total-queue checker finds every
 * confirmed message consumed and nothing unexpected, as RabbitMQ's Raft-based queue promises. (Partial partitions,
 * such as {@code partition-one-way}, are left out here: under {@code pause_minority} RabbitMQ 3.10 then pauses members
 * "until the entire cluster recovers", and in one CI run the cluster was not whole again 60 s after the heal, which
 * the harness reports as unknown. So does a partition shorter than the failure detector, healed before the minority
 * paused: both sides ran, and RabbitMQ records the partition until a restart; seen in 2 of 3 runs with 8 s faults.) The image comes from
 * {@code scripts/build_target_image.sh rabbitmq}.
 */
class RabbitTargetDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void docker() {
        DockerRequirement.requireDockerOrSkip();
    }

    @Test
    void aQuorumQueueLosesNoConfirmedMessageUnderPartitionsAndCrashes() throws Exception {
        // Faults of 16 s, longer than Erlang's failure detection (net_ticktime 10 s: 7.5-12.5 s), so the isolated
        // member pauses (pause_minority) and comes back on its own; 42 s is one round of both faults. A shorter
        // partition, healed before either side noticed it, leaves Mnesia "running_partitioned_network" on both
        // sides, which RabbitMQ 3.10 keeps until a member restarts: the run would be unknown (see the class comment).
        RunOptions options = new RunOptions(3, 42, "isolate-primary,kill", 40, 6, ClusterSource.TESTCONTAINERS,
                Map.of(), RepoRoot.find().resolve("chaos/target/chaos-reports-rabbitmq"), 81, 3, 16, 60, 5)
                .withTarget("rabbitmq", Map.of()).withWorkload("queue");
        ChaosRun.Summary s = new ChaosRun(options, System.out).execute();

        JsonNode results = JSON.readTree(s.reportDir().resolve("results.json").toFile());
        JsonNode queue = results.get("queue");
        assertEquals(Boolean.TRUE, s.valid(), s.reason() + " (report " + s.reportDir() + ")");
        assertEquals(0, queue.get("lostCount").asInt(), queue.toString());
        assertEquals(0, queue.get("unexpected").size(), queue.toString());
        assertTrue(queue.get("acknowledged").asInt() > 200, "the clients got messages confirmed: " + queue);
        assertTrue(results.get("counts").get("dequeue").get("ok").asInt() > 100, "and consumed: " + results.get("counts"));
        assertTrue(results.get("nemesis").size() >= 2, "the partitions happened: " + results.get("nemesis"));
    }
}
