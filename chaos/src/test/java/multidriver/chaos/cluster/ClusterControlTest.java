package multidriver.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import multidriver.chaos.DockerRequirement;
import multidriver.chaos.client.NodeHttp;
import multidriver.chaos.nemesis.Grudge;
import multidriver.chaos.nemesis.IptablesPartitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nemeses' docker commands do what they claim, on real containers from the node image. */
class ClusterControlTest {
    private static Cluster cluster;
    private static ClusterControl control;
    private static NodeHttp HTTP;

    @BeforeAll
    static void startCluster() {
        DockerRequirement.requireDockerOrSkip();
        DockerCli docker = new DockerCli(60_000);
        String image = NodeImage.resolve(RepoRoot.find(), docker);
        cluster = TestcontainersCluster.start(ClusterSpec.of(3, Map.of()).withImage(image));
        control = new ClusterControl(cluster, docker);
        HTTP = new NodeHttp(Duration.ofMillis(500), Duration.ofMillis(1_500), cluster.apiToken());
        for (int i = 0; i < 3; i++) {
            assertTrue(awaitStatus(i, true), "node-" + i + " answers /status");
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedNodeComesBackOnTheSamePort() {
        control.kill(1);
        assertEquals(ContainerState.STOPPED, control.state(1));
        assertFalse(HTTP.status(cluster.node(1).httpBase()).isPresent(), "a killed node does not answer");
        control.start(1);
        assertEquals(ContainerState.RUNNING, control.state(1));
        assertTrue(awaitStatus(1, true), "node-1 answers again on 127.0.0.1:" + cluster.node(1).httpPort());
    }

    @Test
    void pausedNodeIsFrozenUntilResumed() {
        control.pause(2);
        assertEquals(ContainerState.PAUSED, control.state(2));
        assertFalse(HTTP.status(cluster.node(2).httpBase()).isPresent(), "a paused node does not answer");
        control.unpause(2);
        assertTrue(awaitStatus(2, true), "node-2 answers after unpause");
    }

    @Test
    void iptablesGrudgeDropsPeerTrafficUntilHealed() {
        IptablesPartitioner partitioner = new IptablesPartitioner(control);
        String ip1 = control.ipAddress(1);
        assertFalse(ip1.isEmpty(), "node-1 has an address on the cluster network");
        partitioner.apply(Grudge.cut(Set.of(0), Set.of(1)));
        assertTrue(control.exec(0, "iptables", "-S", "INPUT").stdout().contains("-s " + ip1 + "/32 -j DROP"));
        assertFalse(reaches(0, "node-1"), "node-0 cannot reach node-1 through the grudge");
        assertTrue(reaches(0, "node-2"), "node-0 still reaches node-2");
        assertTrue(partitioner.healAll().isEmpty());
        assertTrue(awaitReaches(0, "node-1"), "healed");
        assertTrue(HTTP.status(cluster.node(0).httpBase()).isPresent(), "the host still reaches a partitioned node");
    }

    @Test
    void disconnectedNodeRejoinsUnderItsAlias() {
        control.disconnect(2);
        assertFalse(control.connected(2));
        assertFalse(reaches(0, "node-2"));
        control.connect(2);
        assertTrue(control.connected(2));
        assertTrue(awaitReaches(0, "node-2"), "peers resolve and reach node-2 again after the reconnect");
    }

    /** Any HTTP answer from {@code host}'s API inside the cluster network (a 503 while it elects still counts). */
    private static boolean reaches(int from, String host) {
        return control.exec(from, "curl", "-s", "-o", "/dev/null", "-m", "2", "http://" + host + ":9081/health").ok();
    }

    private static boolean awaitReaches(int from, String host) {
        for (int i = 0; i < 10; i++) {
            if (reaches(from, host)) {
                return true;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean awaitStatus(int node, boolean expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (HTTP.status(cluster.node(node).httpBase()).isPresent() == expected) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
