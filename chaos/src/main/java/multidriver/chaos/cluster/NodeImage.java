package multidriver.chaos.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the node image exists and is not older than the node's shaded jar: built with exactly the command
 * that {@code scripts/start_docker_cluster.sh} runs ({@code docker build -t multi-driver-node:latest -f
 * node/Dockerfile node}), after the local base image ({@code scripts/build_base_image.sh}) when it is missing.
 */
public final class NodeImage {
    private static final Logger LOG = LoggerFactory.getLogger(NodeImage.class);
    public static final String JAR = "node/target/node-0.1.0-SNAPSHOT-all.jar";
    private static final long BUILD_TIMEOUT_MS = 10 * 60_000;

    private NodeImage() {
    }

    /**
     * The image to run: {@code MULTIDRIVER_NODE_IMAGE} as it is when set (a prebuilt image, nothing is built),
     * else {@link ClusterSpec#DEFAULT_IMAGE}, built by {@link #ensure} when missing or stale.
     */
    public static String resolve(Path repoRoot, DockerCli docker) {
        String override = System.getenv("MULTIDRIVER_NODE_IMAGE");
        if (override != null && !override.isBlank()) {
            if (!docker.run("image", "inspect", override).ok()) {
                throw new IllegalStateException("MULTIDRIVER_NODE_IMAGE=" + override + " does not exist locally");
            }
            return override;
        }
        return ensure(repoRoot, ClusterSpec.DEFAULT_IMAGE, docker);
    }

    /** Builds {@code image} from the repository at {@code repoRoot} when missing or stale; returns it. */
    public static String ensure(Path repoRoot, String image, DockerCli docker) {
        Path jar = repoRoot.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("node jar " + jar + " is missing: run mvn -B -pl node -am package -DskipTests");
        }
        Instant jarTime = modified(jar);
        DockerCli.Result inspect = docker.run("image", "inspect", "-f", "{{.Created}}", image);
        if (inspect.ok() && !OffsetDateTime.parse(inspect.stdout().strip()).toInstant().isBefore(jarTime)) {
            return image;
        }
        ensureBaseImage(repoRoot, docker);
        LOG.info("building {} from node/Dockerfile ({} is newer than the image)", image, JAR);
        docker.run(BUILD_TIMEOUT_MS, List.of("build", "-q", "-t", image, "-f",
                repoRoot.resolve("node/Dockerfile").toString(), repoRoot.resolve("node").toString())).orThrow();
        // The previous build is now untagged: drop it (only our label's, never anyone else's dangling images).
        docker.run("image", "prune", "-f", "--filter", "label=io.multidriver.image=node");
        return image;
    }

    private static void ensureBaseImage(Path repoRoot, DockerCli docker) {
        String base = baseImage(repoRoot.resolve("node/Dockerfile"));
        if (docker.run("image", "inspect", base).ok()) {
            return;
        }
        LOG.info("base image {} missing: building it with scripts/build_base_image.sh", base);
        runScript(repoRoot, "scripts/build_base_image.sh");
    }

    /** Runs one of the repository's image scripts, its output on ours; a failure is an exception. */
    static void runScript(Path repoRoot, String script) {
        try {
            Process p = new ProcessBuilder("bash", repoRoot.resolve(script).toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /** The image named by the Dockerfile's first FROM line. */
    static String baseImage(Path dockerfile) {
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 2 && parts[0].equalsIgnoreCase("FROM")) {
                    return parts[1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no FROM line in " + dockerfile);
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
