package multidriver.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import multidriver.sim.api.CampaignResult;
import multidriver.sim.shrink.Reproducer;
import multidriver.sim.world.Failure;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@code @SimulationTest} in use: a correct system passes, a broken one fails with a replayable reproducer. */
class SimulationTestTest {
    @SimulationTest(system = ProjectRaftSystem.class, schedules = 8, nodes = 3, simMs = 3_000,
            faults = "crash,partition,drop")
    void theProjectsRaftPasses(CampaignResult result) {
        assertTrue(result.passed(), result::describe);
        assertEquals(8, result.schedules());
        assertNull(result.reproducer());
    }

    @SimulationTest(system = ForgetfulSystem.class, schedules = 10, nodes = 3, simMs = 3_000, faults = "crash",
            expectViolation = true)
    void aBrokenSystemIsCaughtAndShrunk(CampaignResult result) throws Exception {
        assertEquals(Failure.Kind.LINEARIZABILITY, result.failure().kind());
        assertTrue(result.eventsAfter() < result.eventsBefore(), result::describe);
        Reproducer saved = Reproducer.read(result.reproducer());
        assertEquals(SimulationTestTest.class.getName() + "#aBrokenSystemIsCaughtAndShrunk", saved.source());
        assertTrue(Files.isRegularFile(result.reportDir().resolve("timeline.html")));
    }

    /** Not run by Surefire (a nested class); run below through the JUnit Platform, as a user's test would run. */
    static final class UsersFailingTest {
        @SimulationTest(system = ForgetfulSystem.class, schedules = 10, nodes = 3, simMs = 3_000, faults = "crash")
        void registerIsLinearizable() {
        }
    }

    @Test
    void aFailingCampaignSaysSeedFailureReproducerAndReplayAndTheReplayFailsAgain() throws Exception {
        String message = failureMessage();
        assertTrue(message.contains("10 schedules (seed 1)"), message);
        assertTrue(message.contains("failure: linearizability"), message);
        String replayLine = message.lines().filter(l -> l.contains("replay: ")).findFirst().orElseThrow();
        String command = replayLine.substring(replayLine.indexOf("replay: ") + "replay: ".length());
        assertTrue(command.startsWith("mvn test -Dtest='SimulationTestTest$UsersFailingTest#registerIsLinearizable'"
                + " -Dmultidriver.replay="), command);
        String quoted = command.substring(command.indexOf("-Dmultidriver.replay=") + "-Dmultidriver.replay=".length());
        assertTrue(quoted.startsWith("'") && quoted.endsWith("'"), "the path is quoted for the shell: " + quoted);
        Path reproducer = Path.of(quoted.substring(1, quoted.length() - 1));
        assertTrue(Files.isRegularFile(reproducer), command);
        assertTrue(message.contains("reproducer: " + reproducer), message);

        String replayed;
        System.setProperty(SimulationExtension.REPLAY_PROPERTY, reproducer.toString());
        try {
            replayed = failureMessage();
        } finally {
            System.clearProperty(SimulationExtension.REPLAY_PROPERTY);
        }
        assertTrue(replayed.contains("REPRODUCED linearizability"), replayed);
        assertTrue(replayed.contains("replay of " + reproducer), replayed);
    }

    @Test
    void aSystemThatCannotBeBuiltIsAClearError() {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoSystemTest.class))
                .execute().testEvents().failed().list();
        assertEquals(1, failed.size());
        String message = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow().getMessage();
        assertTrue(message.contains("names no system"), message);
    }

    static final class NoSystemTest {
        @SimulationTest(schedules = 1)
        void nothingToRun() {
        }
    }

    private static String failureMessage() {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsersFailingTest.class))
                .execute().testEvents().failed().list();
        assertEquals(1, failed.size(), "one failed test");
        Throwable thrown = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
        assertNotNull(thrown.getMessage());
        return thrown.getMessage();
    }
}
