package multidriver.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress bar shows the rate, the time to go, and the violations found so far. */
class ProgressBarTest {
    @Test
    void theLineShowsRateEtaAndViolations() {
        assertEquals("[###############...............] 500/1000 schedules  50.0/s  ETA 10s  3 violations",
                ProgressBar.line(500, 1000, 3, 10));
        assertEquals("[#.............................] 40/1000 schedules  0.5/s  ETA 32m00s  1 violation",
                ProgressBar.line(40, 1000, 1, 80));
        assertEquals("[##############################] 10/10 schedules  2.0/s  done in 5s  0 violations",
                ProgressBar.line(10, 10, 0, 5));
    }
}
