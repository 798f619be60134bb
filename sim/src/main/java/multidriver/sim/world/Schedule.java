package multidriver.sim.world;

import java.util.List;
import java.util.Set;
import multidriver.sim.fault.Fault;
import multidriver.sim.fault.SwarmProfile;
import multidriver.sim.workload.ClientOp;

/**
 * Everything one simulated run depends on, explicitly: a run is a pure function of its schedule (and the code).
 * The seed feeds only the randomness that is not listed here (message delays, drops, election timeouts, torn-write
 * sizes); faults and client operations are explicit lists so that a failing schedule can be shrunk and replayed.
 *
 * @param seed      this schedule's seed (derived from the campaign's root seed)
 * @param nodes     cluster size
 * @param clients   simulated clients
 * @param simMs     simulated duration
 * @param healAtMs  start of the liveness phase: faults inside {@code core} end, crashed core nodes restart
 * @param core      the majority that is healed for the liveness phase (sorted node ids)
 * @param livenessBoundMs how long after the heal the core has to elect a leader and finish every pending op
 * @param bugs      deliberate bugs switched on
 * @param profile   swarm parameters drawn for this schedule
 * @param faults    fault events, in start order
 * @param ops       client operations, in time order
 */
public record Schedule(long seed, int nodes, int clients, long simMs, long healAtMs, List<Integer> core,
                       long livenessBoundMs, Set<SimBug> bugs, SwarmProfile profile, List<Fault> faults,
                       List<ClientOp> ops) {
    public Schedule {
        core = List.copyOf(core);
        bugs = bugs.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(bugs));
        faults = List.copyOf(faults);
        ops = List.copyOf(ops);
        if (nodes < 1 || nodes > 9) throw new IllegalArgumentException("nodes must be in [1, 9], got " + nodes);
        if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
        if (simMs < 1) throw new IllegalArgumentException("simMs must be >= 1, got " + simMs);
        if (profile.tickPeriodMs().size() != nodes) {
            throw new IllegalArgumentException("profile has " + profile.tickPeriodMs().size() + " tick periods for "
                    + nodes + " nodes");
        }
        if (core.size() != nodes / 2 + 1) {
            throw new IllegalArgumentException("liveness core " + core + " must be a bare majority of " + nodes);
        }
        for (int node : core) {
            if (node < 0 || node >= nodes) throw new IllegalArgumentException("core node " + node + " out of range");
        }
    }

    public boolean has(SimBug bug) {
        return bugs.contains(bug);
    }

    public Schedule withFaults(List<Fault> newFaults) {
        return new Schedule(seed, nodes, clients, simMs, healAtMs, core, livenessBoundMs, bugs, profile, newFaults,
                ops);
    }

    public Schedule withOps(List<ClientOp> newOps) {
        return new Schedule(seed, nodes, clients, simMs, healAtMs, core, livenessBoundMs, bugs, profile, faults,
                newOps);
    }

    public Schedule withTiming(long newSimMs, long newHealAtMs) {
        return new Schedule(seed, nodes, clients, newSimMs, newHealAtMs, core, livenessBoundMs, bugs, profile, faults,
                ops);
    }

    /** The same plan under other runtime draws (network, election timeouts, crashes): what the seed drives. */
    public Schedule withSeed(long newSeed) {
        return new Schedule(newSeed, nodes, clients, simMs, healAtMs, core, livenessBoundMs, bugs, profile, faults, ops);
    }

    public Schedule withProfile(SwarmProfile newProfile) {
        return new Schedule(seed, nodes, clients, simMs, healAtMs, core, livenessBoundMs, bugs, newProfile, faults, ops);
    }

    /**
     * The same schedule ending at {@code endMs}, with only the faults and operations that start before then and no
     * liveness or convergence phase: everything up to {@code endMs} happens exactly as in the full run.
     */
    public Schedule cutAt(long endMs) {
        return withTiming(endMs, endMs).withFaults(faults.stream().filter(f -> f.atMs() < endMs).toList())
                .withOps(ops.stream().filter(o -> o.atMs() < endMs).toList());
    }

    /** Faults plus client operations: the size of a reproducer's story. */
    public int eventCount() {
        return faults.size() + ops.size();
    }

    /** One line for people: seed, size, swarm parameters and how many faults and ops. */
    public String describe() {
        return "seed=" + seed + " nodes=" + nodes + " clients=" + clients + " simMs=" + simMs + " heal=" + healAtMs
                + "ms core=" + core + " bugs=" + bugs + " " + profile.describe() + " #faults=" + faults.size()
                + " #ops=" + ops.size();
    }
}
