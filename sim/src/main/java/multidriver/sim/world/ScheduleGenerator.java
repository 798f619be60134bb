package multidriver.sim.world;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import multidriver.sim.fault.Fault;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.fault.FaultPlanner;
import multidriver.sim.fault.SwarmProfile;
import multidriver.sim.workload.ClientOp;
import multidriver.sim.workload.WorkloadPlanner;

/**
 * Turns a schedule seed into an explicit {@link Schedule}: swarm profile, faults inside the fault window, the client
 * plan, and the liveness phase: the last 3 s of the run (the last half of a run shorter than 6 s).
 */
public final class ScheduleGenerator {
    public static final int DEFAULT_CLIENTS = 4;
    public static final int DEFAULT_KEYS = 3;
    public static final int DEFAULT_THINK_MS = 15;
    public static final long MAX_LIVENESS_BOUND_MS = 3_000;

    private final int nodes;
    private final long simMs;
    private final Set<SimBug> bugs;
    private final FaultPlanner faultPlanner;
    private final WorkloadPlanner workloadPlanner;
    private final int clients;

    public ScheduleGenerator(int nodes, long simMs, Set<FaultKind> faults, Set<SimBug> bugs) {
        if (nodes < 1 || nodes > 9) throw new IllegalArgumentException("nodes must be in [1, 9], got " + nodes);
        if (simMs < 100) throw new IllegalArgumentException("simulated time must be >= 100 ms, got " + simMs);
        this.nodes = nodes;
        this.simMs = simMs;
        this.bugs = Set.copyOf(bugs);
        this.faultPlanner = new FaultPlanner(faults);
        this.clients = DEFAULT_CLIENTS;
        this.workloadPlanner = new WorkloadPlanner(clients, DEFAULT_KEYS, DEFAULT_THINK_MS);
    }

    public Schedule generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // Raft's liveness is probabilistic (randomized timeouts, §5.2): give the healed core up to 3 s, or half of a
        // short run, to elect a leader and finish the pending operations.
        long boundMs = Math.min(MAX_LIVENESS_BOUND_MS, simMs / 2);
        long healAtMs = simMs - boundMs;
        SplittableRandom profileRandom = random.split();
        SplittableRandom faultRandom = random.split();
        SplittableRandom coreRandom = random.split();
        SwarmProfile profile = faultPlanner.drawProfile(profileRandom, nodes);
        List<Integer> core = FaultPlanner.drawCore(coreRandom, nodes);
        List<Fault> faults = faultPlanner.drawFaults(faultRandom, profile, nodes, healAtMs, core);
        List<ClientOp> ops = workloadPlanner.plan(random.split(), simMs);
        return new Schedule(seed, nodes, clients, simMs, healAtMs, core, boundMs, bugs, profile, faults, ops);
    }
}
