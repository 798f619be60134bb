package multidriver.sim.cli;

import multidriver.check.search.Outcome;
import multidriver.sim.world.Failure;
import multidriver.sim.world.RunStats;

/** What a campaign keeps of one schedule (the full result only for failures, to bound memory). */
public record ScheduleOutcome(long index, long seed, Failure failure, Outcome linearizable, long traceHash, long events,
                       long simulatedMs, long searchSteps, RunStats stats, String determinismProblem,
                       multidriver.sim.disk.DiskFaultCounters diskFaults) {
}
