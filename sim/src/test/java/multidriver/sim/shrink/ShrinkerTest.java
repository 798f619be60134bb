package multidriver.sim.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleGenerator;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.SimBug;
import multidriver.sim.world.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShrinkerTest {
    /** The first failing schedule of a small no-truncate campaign (the bug is found in most schedules). */
    private static ScheduleResult firstFailure(SimBug bug) {
        ScheduleGenerator generator = new ScheduleGenerator(5, 5_000, EnumSet.allOf(FaultKind.class), Set.of(bug));
        for (long seed = 1; seed < 200; seed++) {
            ScheduleResult result = Simulation.run(generator.generate(seed), RunOptions.campaign());
            if (result.failed()) return result;
        }
        throw new AssertionError("no failing schedule in 200 seeds with " + bug);
    }

    @Test
    void aShrunkScheduleIsSmallerAndStillFailsTheSameWay() {
        ScheduleResult failing = firstFailure(SimBug.NO_TRUNCATE);
        Shrinker.Shrunk shrunk = new Shrinker(s -> Simulation.run(s, RunOptions.campaign()), 200).shrink(failing);
        Schedule before = failing.schedule();
        Schedule after = shrunk.schedule();
        assertTrue(after.faults().size() + after.ops().size() < before.faults().size() + before.ops().size(),
                "shrinking removed something: " + before.describe() + " -> " + after.describe());
        assertTrue(shrunk.result().failed());
        assertEquals(failing.failure().kind(), shrunk.result().failure().kind());
        assertTrue(shrunk.runs() <= 201);
    }

    @Test
    void aReproducerRoundTripsThroughJsonAndReplaysToTheSameTrace(@TempDir Path dir) throws Exception {
        ScheduleResult failing = firstFailure(SimBug.VOTE_TWICE);
        Path file = dir.resolve("reproducer.json");
        new Reproducer(Reproducer.VERSION, 1, 0, "safety", failing.failure().message(),
                Reproducer.hex(failing.traceHash()), "0123abcd", failing.schedule()).write(file);
        Reproducer read = Reproducer.read(file);
        assertEquals("0123abcd", read.gitCommit());
        assertEquals(failing.schedule(), read.schedule());
        ScheduleResult replayed = Simulation.run(read.schedule(), RunOptions.campaign());
        assertEquals(failing.traceHash(), replayed.traceHash());
        assertEquals(failing.failure(), replayed.failure());
    }
}
