package multidriver.chaos.nemesis;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.cluster.ClusterControl;

/** What nemeses act through: the docker controls, the iptables partitioner, the cluster's status, a seeded RNG. */
public final class NemesisContext {
    private final ClusterControl control;
    private final IptablesPartitioner partitioner;
    private final ClusterProbe probe;
    private final Random random;

    public NemesisContext(ClusterControl control, ClusterProbe probe, long seed) {
        this.control = control;
        this.partitioner = new IptablesPartitioner(control);
        this.probe = probe;
        this.random = new Random(seed);
    }

    public ClusterControl control() {
        return control;
    }

    public IptablesPartitioner partitioner() {
        return partitioner;
    }

    public ClusterProbe probe() {
        return probe;
    }

    public Random random() {
        return random;
    }

    public int nodes() {
        return control.cluster().size();
    }

    public OptionalInt leader() {
        Optional<Integer> l = probe.leader();
        return l.isPresent() ? OptionalInt.of(l.get()) : OptionalInt.empty();
    }

    /** Half of the time the current leader (faults there hurt most), else a random node. */
    public int target() {
        if (random.nextBoolean()) {
            OptionalInt l = leader();
            if (l.isPresent()) {
                return l.getAsInt();
            }
        }
        return random.nextInt(nodes());
    }
}
