package multidriver.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeStatsTest {
    private static TrialOutcome trial(int i, long electionUs) {
        return new TrialOutcome(i, electionUs, electionUs < 0 ? -1 : electionUs + 5_000, 1, 0, "1 1 1 1 1L");
    }

    @Test
    void nearestRankQuantilesAndMeanOverFinishedTrials() {
        List<TrialOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 100; i++) outcomes.add(trial(i - 1, i * 1_000L));
        RangeStats st = RangeStats.of(outcomes, 10_000_000);
        assertEquals(50_000, st.medianUs());
        assertEquals(99_000, st.p99Us());
        assertEquals(100_000, st.maxUs());
        assertEquals(50_500, st.meanUs());
        assertEquals(0, st.timedOut());
        assertFalse(st.meanIsLowerBound());
    }

    @Test
    void timedOutTrialsAreCountedNeverDroppedAndMakeTheUpperQuantilesUnknown() {
        List<TrialOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) outcomes.add(trial(i, 100_000));
        outcomes.add(trial(8, -1));
        outcomes.add(trial(9, -1));
        RangeStats st = RangeStats.of(outcomes, 10_000_000);
        assertEquals(10, st.trials());
        assertEquals(2, st.timedOut());
        assertEquals(100_000, st.medianUs());
        assertEquals(-1, st.p99Us());
        assertEquals(-1, st.maxUs());
        assertEquals((8 * 100_000L + 2 * 10_000_000L) / 10, st.meanUs());
        assertTrue(st.meanIsLowerBound());
    }
}
