package multidriver.sim.shrink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The git commit this build was made from (written into the jar at build time), or "unknown". */
public final class BuildInfo {
    private static final String COMMIT = load();

    private BuildInfo() {
    }

    /** The commit id, with a "-dirty" suffix when the working tree had uncommitted changes at build time. */
    public static String gitCommit() {
        return COMMIT;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/multidriver-git.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id", "unknown");
            return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
