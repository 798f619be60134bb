package multidriver.chaos.nemesis;

import java.util.ArrayList;
import java.util.List;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ContainerState;

/**
 * Undoes every fault, whatever the nemeses left behind: resumes paused nodes, starts stopped ones, reconnects
 * disconnected ones and flushes every iptables grudge. Runs before the final reads and before a run gives up.
 */
public final class Healer {
    private Healer() {
    }

    /** Returns what could not be healed (empty when all is well). */
    public static List<String> healAll(ClusterControl control) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < control.cluster().size(); i++) {
            try {
                ContainerState state = control.state(i);
                if (state == ContainerState.PAUSED) {
                    control.unpause(i);
                } else if (state == ContainerState.STOPPED) {
                    control.start(i);
                } else if (state == ContainerState.MISSING) {
                    problems.add("node-" + i + ": container is gone");
                    continue;
                }
                if (!control.connected(i)) {
                    control.connect(i);
                }
            } catch (RuntimeException e) {
                problems.add("node-" + i + ": " + e.getMessage());
            }
        }
        problems.addAll(new IptablesPartitioner(control).healAll());
        return problems;
    }
}
