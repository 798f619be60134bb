package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.Set;
import multidriver.check.search.Outcome;
import multidriver.sim.fault.FaultKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Randomized schedules through the same engine as the campaign: with every fault on and no deliberate bug, no
 * schedule may violate safety, linearizability or liveness, and every schedule is deterministic.
 */
class ScheduleProperties {
    @Property(tries = 250)
    void correctRaftSurvivesEveryFaultSchedule(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int size) {
        int nodes = size == 0 ? 3 : 5;
        Schedule schedule = new ScheduleGenerator(nodes, 4_000, EnumSet.allOf(FaultKind.class), Set.of())
                .generate(seed);
        ScheduleResult result = Simulation.run(schedule, RunOptions.campaign());
        assertNull(result.failure(), () -> schedule.describe() + "\nfailed: " + result.failure());
        assertEquals(Outcome.VALID, result.linearizable(), schedule::describe);
    }

    @Property(tries = 40)
    void aScheduleIsAFunctionOfItsSeed(@ForAll long seed) {
        Schedule schedule = new ScheduleGenerator(5, 2_000, EnumSet.allOf(FaultKind.class), Set.of()).generate(seed);
        assertEquals(schedule, new ScheduleGenerator(5, 2_000, EnumSet.allOf(FaultKind.class), Set.of()).generate(seed));
        assertEquals(Simulation.run(schedule, RunOptions.campaign()).traceHash(),
                Simulation.run(schedule, RunOptions.campaign()).traceHash());
    }
}
