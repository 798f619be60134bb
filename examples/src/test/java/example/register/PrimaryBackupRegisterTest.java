package example.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.junit.SimulationTest;
import multidriver.sim.api.CampaignResult;
import multidriver.sim.world.Failure;

/** The register under crashes, power failures, partitions and a lossy, reordering, duplicating network. */
class PrimaryBackupRegisterTest {
    static final String FAULTS = "crash,power-loss,kill-leaders,partition,pause,drop,duplicate,reorder,drift,slow-link";

    @SimulationTest(system = PrimaryBackupRegister.class, schedules = 200, nodes = 5, faults = FAULTS)
    void theRegisterIsLinearizable(CampaignResult result) {
        assertEquals(200, result.schedules());
    }

    /** Kept to show the simulator finds it: a backup outside the write's majority serves the old value. */
    @SimulationTest(system = ReadFromBackupsRegister.class, schedules = 200, nodes = 5, faults = FAULTS,
            expectViolation = true)
    void backupsThatServeReadsAreCaught(CampaignResult result) {
        assertEquals(Failure.Kind.LINEARIZABILITY, result.failure().kind(), result::describe);
        assertTrue(result.eventsAfter() * 10 < result.eventsBefore(), "shrunk to a small story: " + result.describe());
    }
}
