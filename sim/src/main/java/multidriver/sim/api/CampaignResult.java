package multidriver.sim.api;

import java.nio.file.Path;
import multidriver.sim.world.Failure;
import multidriver.sim.world.Schedule;

/**
 * What a {@link SystemCampaign} found.
 *
 * @param source            what ran it (a test's {@code Class#method})
 * @param seed              the campaign's root seed: the same seed, options and code give the same result
 * @param schedules         schedules run
 * @param violations        schedules that failed
 * @param firstFailingIndex the first failing schedule's index, -1 if none failed
 * @param failure           the shrunk reproducer's failure (the campaign's first failure when it could not be re-run),
 *                          null when every schedule passed
 * @param shrunk            the shrunk schedule, null when none failed
 * @param eventsBefore      faults plus operations of the first failing schedule as generated, -1 if none
 * @param eventsAfter       faults plus operations of the shrunk one, -1 if none
 * @param reproducer        the shrunk {@code reproducer.json}, null if none failed
 * @param reportDir         the directory with the reproducers, histories and timelines, null if none failed
 * @param nondeterminism    the first determinism problem seen, null if none: a run that is not a function of its seed
 *                          cannot be replayed, so this is a failure too
 * @param traceHash         every schedule's trace hash combined in seed order
 * @param wallMs            wall time of the campaign itself (not the shrinking), for progress reports only
 */
public record CampaignResult(String source, long seed, int schedules, int violations, long firstFailingIndex,
                             Failure failure, Schedule shrunk, int eventsBefore, int eventsAfter, Path reproducer,
                             Path reportDir, String nondeterminism, long traceHash, long wallMs) {
    /** No schedule failed and every run was deterministic. */
    public boolean passed() {
        return violations == 0 && nondeterminism == null;
    }

    /** A report of a few lines: what failed, where, how small it shrank, where the files are. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(schedules).append(" schedules (seed ").append(seed).append("): ");
        if (violations == 0) {
            sb.append("no violations");
        } else {
            sb.append(violations).append(violations == 1 ? " violation" : " violations")
                    .append(", the first in schedule ").append(firstFailingIndex);
            sb.append("\n  failure: ").append(failure);
            if (shrunk != null) {
                sb.append("\n  shrunk: ").append(eventsBefore).append(" -> ").append(eventsAfter)
                        .append(" faults and operations on ").append(shrunk.nodes()).append(" nodes, ")
                        .append(shrunk.simMs()).append(" simulated ms");
            }
            if (reproducer != null) sb.append("\n  reproducer: ").append(reproducer);
            if (reportDir != null) sb.append("\n  timeline: ").append(reportDir.resolve("timeline.html"));
        }
        if (nondeterminism != null) sb.append("\n  NONDETERMINISM: ").append(nondeterminism);
        return sb.toString();
    }
}
