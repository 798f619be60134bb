package multidriver.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docker-compose.yml carries the operations guide's names, ports, network and volumes (issue 5, item 5). */
class ComposeFileTest {
    private final Path repo = RepoRoot.find();

    @Test
    void everyNodeHasTheGuidesNamesPortsAndVolume() throws IOException {
        String compose = Files.readString(repo.resolve("docker-compose.yml"));
        for (int i = 0; i < 5; i++) {
            assertContains(compose, "  node-" + i + ":\n");
            assertContains(compose, "container_name: multi-driver-node-" + i + "\n");
            assertContains(compose, "\"127.0.0.1:" + (29001 + i) + ":29001\"");
            assertContains(compose, "\"127.0.0.1:" + (9081 + i) + ":9081\"");
            assertContains(compose, "node" + i + "_data:/data");
            assertContains(compose, "NODE_ID: \"${MULTIDRIVER_NODE" + i + "_ID:-" + i + "}\"");
            assertContains(compose, "./secrets/tls/machine-" + i + ":/run/secrets/tls:ro");
        }
        assertContains(compose, "image: multi-driver-node:latest");
        assertContains(compose, "cluster-network:\n    driver: bridge");
        assertContains(compose, "subnet: 172.28.0.0/16");
        assertContains(compose, "restart: unless-stopped");
        assertContains(compose, "- NET_ADMIN");
        assertContains(compose, "cpus: \"0.5\"");
        assertContains(compose, "memory: 512M");
        assertContains(compose, "driver: json-file");
        assertContains(compose, "max-size: \"10m\"");
        assertContains(compose, "http://localhost:9081/health");
        assertContains(compose, "PEERS: node-0:29001,node-1:29001,node-2:29001,node-3:29001,node-4:29001");
    }

    @Test
    void projectNameGivesTheGuidesNetworkAndVolumeNames() throws IOException {
        // multi_driver + _cluster-network / _node0_data, for v1 and v2 alike (v1 has no top-level `name:`).
        assertContains(Files.readString(repo.resolve(".env")), "COMPOSE_PROJECT_NAME=multi_driver\n");
        assertContains(Files.readString(repo.resolve("scripts/lib/docker_cluster_common.sh")), "COMPOSE_PROJECT=multi_driver\n");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), "expected to find: " + expected.strip());
    }
}
