package multidriver.sim.cli;

import java.util.Set;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.world.SimBug;

/** What a campaign runs: {@code schedules} schedules whose seeds all derive from {@code rootSeed}. */
public record CampaignOptions(long rootSeed, int schedules, int nodes, long simMs, Set<FaultKind> faults,
                              Set<SimBug> bugs, boolean checkDeterminism, int threads, long maxSearchSteps) {
    public CampaignOptions {
        faults = Set.copyOf(faults);
        bugs = Set.copyOf(bugs);
        if (schedules < 1 || schedules > 10_000_000) {
            throw new IllegalArgumentException("--schedules must be in [1, 10000000], got " + schedules);
        }
        if (nodes < 1 || nodes > 9) throw new IllegalArgumentException("--nodes must be in [1, 9], got " + nodes);
        if (simMs < 100) throw new IllegalArgumentException("--sim-seconds must be >= 0.1");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    }
}
