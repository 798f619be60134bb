package multidriver.chaos.target;

import java.util.List;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.run.RunOptions;

/**
 * A system the chaos harness can test, as a plug-in: how to build its image locally, how to start its members on a
 * Docker network, which client speaks its protocol, and how its histories are checked. Everything else of a run
 * (nemeses through Docker and iptables, the recorder, the heal, final reads, the checks, the report and the exit
 * code) is the same for every target. multi-driver's own node is one target among them ({@link MultiDriverTarget}).
 */
public interface TargetSystem {
    /** The {@code --target} name. */
    String name();

    /** One line for {@code --list-targets}. */
    String summary();

    /** What {@code --target-opt} accepts. */
    List<TargetSetting> settings();

    /** The workloads its clients speak ({@code --workload}): {@code register} always, {@code set} for some. */
    default List<String> workloads() {
        return List.of("register");
    }

    /** Whether the multi-driver admin API (the transfer and membership nemeses) is there. */
    default boolean hasMultiDriverAdminApi() {
        return false;
    }

    /**
     * Refuses a run this target cannot do (too few members, a nemesis it cannot take) with a one-line reason; called
     * before anything starts.
     */
    default void validate(RunOptions options) {
    }

    /**
     * Starts (or attaches to) {@code options.nodes()} members; the run then waits for
     * {@link RunningTarget#awaitReady}. Throws with a remedy when the image is missing.
     */
    RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker);
}
