package multidriver.sim.shrink;

/** The git commit this build was made from (written into the jar at build time), or "unknown". */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** The commit id, with a "-dirty" suffix when the working tree had uncommitted changes at build time. */
    public static String gitCommit() {
        return multidriver.check.cli.CliSupport.gitCommit();
    }
}
