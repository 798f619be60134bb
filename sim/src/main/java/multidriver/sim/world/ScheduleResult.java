package multidriver.sim.world;

import multidriver.check.history.History;
import multidriver.check.search.Outcome;

/**
 * The outcome of one schedule.
 *
 * @param failure        the violation found, or null
 * @param linearizable   the checker's verdict on the history (null when not checked, e.g. after a safety failure)
 * @param traceHash      rolling hash over every processed event
 * @param events         events processed
 * @param simulatedMs    simulated time covered (a run stops early once the liveness phase is satisfied)
 * @param searchSteps    linearizability search steps spent
 * @param history        the recorded client history
 * @param timeline       spans for the report, or null when not recorded
 * @param trace          the full trace when recorded (determinism checks), else a summary-only trace
 * @param diskFaults     per disk-fault kind, summed over the nodes: injected and took effect
 */
public record ScheduleResult(Schedule schedule, Failure failure, Outcome linearizable, long traceHash, long events,
                             long simulatedMs, long searchSteps, History history, Timeline timeline,
                             TraceHash trace, RunStats stats, multidriver.sim.disk.DiskFaultCounters diskFaults) {
    public boolean failed() {
        return failure != null;
    }
}
