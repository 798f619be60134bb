package multidriver.chaos.nemesis;

import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Supplier;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.cluster.ClusterControl;

/**
 * What nemeses act through: the docker controls, the iptables partitioner, where the target's primary (leader) is,
 * the multi-driver admin API when the target has it, a seeded RNG.
 */
public final class NemesisContext {
    private final ClusterControl control;
    private final IptablesPartitioner partitioner;
    private final Supplier<OptionalInt> primary;
    private final ClusterProbe probe;
    private final Random random;

    /**
     * @param primary the member that leads now, as the target system reports it (empty: none, or unknown)
     * @param probe   multi-driver's admin API (transfer, membership), or null for other systems
     */
    public NemesisContext(ClusterControl control, Supplier<OptionalInt> primary, ClusterProbe probe, long seed) {
        this.control = control;
        this.partitioner = new IptablesPartitioner(control);
        this.primary = primary;
        this.probe = probe;
        this.random = new Random(seed);
    }

    public ClusterControl control() {
        return control;
    }

    public IptablesPartitioner partitioner() {
        return partitioner;
    }

    /** Multi-driver's admin API; only the nemeses that need it call this (see {@link NemesisCatalog#adminOnly}). */
    public ClusterProbe probe() {
        if (probe == null) {
            throw new IllegalStateException("this nemesis needs the multi-driver admin API (--target multidriver)");
        }
        return probe;
    }

    public Random random() {
        return random;
    }

    public int nodes() {
        return control.cluster().size();
    }

    /** The target's current primary (Raft leader), if it has one now. */
    public OptionalInt leader() {
        return primary.get();
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
