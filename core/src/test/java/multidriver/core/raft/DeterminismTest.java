package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** One seed reproduces a whole cluster run exactly: no clock, no unseeded randomness, no hash-order dependence. */
class DeterminismTest {

    private static String run(long seed) {
        TestCluster c = TestCluster.of(5, seed);
        RandomSchedule schedule = new RandomSchedule(c, seed, 0.1, 0.05, true);
        schedule.run(4000);
        StringBuilder trace = new StringBuilder(c.describe()).append(" delivered=").append(c.delivered);
        for (TestCluster.Member m : c.members) trace.append(' ').append(m.kv.contents()).append(m.stableLog);
        return trace.toString();
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertEquals(run(1234), run(1234));
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        assertNotEquals(run(1), run(2));
    }
}
