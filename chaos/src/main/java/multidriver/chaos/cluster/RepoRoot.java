package multidriver.chaos.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository checkout (for node/Dockerfile, the node jar and store/). */
public final class RepoRoot {
    private RepoRoot() {
    }

    /**
     * System property {@code multidriver.repoRoot} (set by the build for tests), else environment variable
     * {@code MULTIDRIVER_REPO_ROOT}, else the first directory upwards from the working directory that holds
     * {@code node/Dockerfile}.
     */
    public static Path find() {
        String prop = System.getProperty("multidriver.repoRoot");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("MULTIDRIVER_REPO_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("node/Dockerfile"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no node/Dockerfile above "
                + Path.of("").toAbsolutePath() + "); set MULTIDRIVER_REPO_ROOT");
    }
}
