package multidriver.check.cli;

import java.nio.file.Path;
import multidriver.check.search.Outcome;

/**
 * One checked file, as the CLI prints it.
 *
 * @param file        the history file
 * @param outcome     the verdict (UNKNOWN also for errors)
 * @param reason      why invalid/unknown, or the error message
 * @param error       true when the file could not be checked at all
 * @param checkMs     in-process check time (reading excluded)
 * @param events      history events read
 * @param partitions  partitions checked
 * @param searchSteps search steps spent
 * @param report      HTML report written, or null
 * @param knossos     Knossos cross-check summary, or null when not requested
 */
record FileResult(Path file, Outcome outcome, String reason, boolean error, double checkMs, int events,
                  int partitions, long searchSteps, Path report, String knossos) {
    int exitCode() {
        return error ? 2 : outcome.exitCode();
    }
}
