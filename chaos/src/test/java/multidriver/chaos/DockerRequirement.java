package multidriver.chaos;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import multidriver.chaos.cluster.DockerCli;

/**
 * Docker tests skip only where Docker is absent and nothing requires it: with MULTIDRIVER_REQUIRE_DOCKER=true
 * (set by .ci/run) a missing engine fails the test instead.
 */
public final class DockerRequirement {
    private DockerRequirement() {
    }

    public static void requireDockerOrSkip() {
        boolean reachable = DockerCli.engineReachable();
        if (!reachable && Boolean.parseBoolean(System.getenv("MULTIDRIVER_REQUIRE_DOCKER"))) {
            fail("MULTIDRIVER_REQUIRE_DOCKER=true but no Docker engine answers `docker info`");
        }
        assumeTrue(reachable, "no Docker engine reachable (set MULTIDRIVER_REQUIRE_DOCKER=true to make this fail)");
    }
}
