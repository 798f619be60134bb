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

    /** The compose nodes speak the newest wire version by default: an older default would refuse every upload. */
    @Test
    void theNodesDefaultToTheNewestWireVersion() throws IOException {
        assertContains(Files.readString(repo.resolve("docker-compose.yml")), "WIRE_VERSION: \"${MULTIDRIVER_WIRE_VERSION:-"
                + multidriver.server.codec.MessageCodec.WIRE_VERSION + "}\"");
    }

    @Test
    void projectNameGivesTheGuidesNetworkAndVolumeNames() throws IOException {
        // multi_driver + _cluster-network / _node0_data, for v1 and v2 alike (v1 has no top-level `name:`).
        assertContains(Files.readString(repo.resolve(".env")), "COMPOSE_PROJECT_NAME=multi_driver\n");
        assertContains(Files.readString(repo.resolve("scripts/lib/docker_cluster_common.sh")), "COMPOSE_PROJECT=multi_driver\n");
    }

    /** The guide's next steps: the three services, published on loopback only, each with a volume and a health check. */
    @Test
    void theServicesFileHasTheGuidesNamingLoopbackPortsVolumesAndHealthChecks() throws IOException {
        String services = Files.readString(repo.resolve("docker-compose.services.yml"));
        String[][] expected = {{"postgres", "5432", "20"}, {"redis", "6379", "21"}, {"rabbitmq", "5672", "22"}};
        for (String[] e : expected) {
            assertContains(services, "container_name: multi-driver-" + e[0] + "\n");
            assertContains(services, "image: multi-driver-" + e[0] + ":bookworm");
            assertContains(services, "\"127.0.0.1:" + e[1] + ":" + e[1] + "\"");
            assertContains(services, "- " + e[0] + "_data:/data");
            assertContains(services, "ipv4_address: 172.28.0." + e[2]);
            assertContains(services, "./secrets/services/" + e[0] + ".password:/run/secrets/" + e[0] + ".password:ro");
            assertTrue(Files.isRegularFile(repo.resolve("deploy/services/" + e[0] + ".sh")), e[0] + ".sh");
        }
        assertTrue(services.split("healthcheck:", -1).length - 1 == 3, "a health check per service");
        for (String line : services.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("- \"") && l.matches("- \"[0-9.:]+\"")) {
                assertTrue(l.startsWith("- \"127.0.0.1:"), "every published port is on loopback: " + l);
            }
        }
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), "expected to find: " + expected.strip());
    }
}
