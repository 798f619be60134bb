package multidriver.chaos.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ContainerState;
import multidriver.chaos.cluster.DockerCli;

/**
 * Applies a {@link Grudge} with iptables inside the containers (they run with NET_ADMIN): node {@code a} gets
 * {@code iptables -A INPUT -s <ip of b> -j DROP} for every {@code b} it holds a grudge against, as Jepsen does.
 * Traffic from the host (the clients, through the published ports) is not dropped: only peers' addresses are.
 */
public final class IptablesPartitioner {
    private final ClusterControl control;

    public IptablesPartitioner(ClusterControl control) {
        this.control = control;
    }

    public void apply(Grudge grudge) {
        // Addresses are looked up now: a node that was restarted or reconnected may have a new one.
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < control.cluster().size(); i++) {
            ips.add(control.ipAddress(i));
        }
        for (Map.Entry<Integer, SortedSet<Integer>> e : grudge.dropsFrom().entrySet()) {
            StringBuilder script = new StringBuilder("set -e");
            for (int from : e.getValue()) {
                String ip = ips.get(from);
                if (ip.isEmpty()) {
                    continue; // not on the network: nothing arrives from it anyway
                }
                script.append("; iptables -w -A INPUT -s ").append(ip).append(" -j DROP");
            }
            control.exec(e.getKey(), "sh", "-c", script.toString()).orThrow();
        }
    }

    /** Flushes the INPUT rules of every running node; returns the nodes it could not heal (with why). */
    public List<String> healAll() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < control.cluster().size(); i++) {
            if (control.state(i) != ContainerState.RUNNING) {
                continue; // a stopped container's rules die with its network namespace
            }
            DockerCli.Result r = control.exec(i, "iptables", "-w", "-F", "INPUT");
            if (!r.ok()) {
                problems.add("node-" + i + ": " + r.stderr().strip());
            }
        }
        return problems;
    }
}
