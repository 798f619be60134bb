package multidriver.sim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.Set;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.SimBug;
import multidriver.sim.world.Simulation;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/** jqwik properties that draw whole fault schedules: the shipped server core keeps every invariant under them. */
class ScheduleProperties {
    /** 6 s schedules: the healed core gets the campaign's full 3 s liveness bound, as in a default campaign. */
    @Provide
    Arbitrary<Schedule> schedules() {
        return Schedules.arbitrary(5, 6_000, EnumSet.allOf(FaultKind.class));
    }

    @Property(tries = 25, shrinking = ShrinkingMode.OFF)
    void everyDrawnScheduleKeepsEveryInvariantAndIsLinearizable(@ForAll("schedules") Schedule schedule) {
        ScheduleResult r = Simulation.run(schedule, RunOptions.campaign());
        assertNull(r.failure(), () -> "seed " + schedule.seed() + ": " + r.failure());
        org.junit.jupiter.api.Assertions.assertTrue(r.events() > 1_000 && r.simulatedMs() > 1_000,
                "the whole schedule ran: " + r.events() + " events, " + r.simulatedMs() + " ms");
    }

    @Property(tries = 10)
    void aScheduleIsAFunctionOfItsSeed(@ForAll("schedules") Schedule schedule) {
        Schedule again = Schedules.arbitrary(5, 6_000, EnumSet.allOf(FaultKind.class)).sample();
        Schedule same = new multidriver.sim.world.ScheduleGenerator(5, 6_000, EnumSet.allOf(FaultKind.class),
                Set.of()).generate(schedule.seed());
        assertEquals(schedule, same, "drawn and regenerated from the seed");
        assertEquals(5, again.nodes());
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF)
    void theBugsAskedForAreInTheSchedule(@ForAll("buggy") Schedule schedule) {
        assertEquals(Set.of(SimBug.VOTE_TWICE), schedule.bugs());
    }

    @Provide
    Arbitrary<Schedule> buggy() {
        return Schedules.arbitrary(3, 2_000, EnumSet.of(FaultKind.CRASH), Set.of(SimBug.VOTE_TWICE));
    }
}
