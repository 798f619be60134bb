package multidriver.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import multidriver.sim.api.CampaignResult;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.api.SystemCampaign;
import multidriver.sim.shrink.Reproducer;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleResult;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the campaign of a {@link SimulationTest} before its method, fails the test when the campaign fails (or, with
 * {@code expectViolation}, when it does not), and hands the method the {@link CampaignResult}.
 */
public final class SimulationExtension implements BeforeTestExecutionCallback, ParameterResolver {
    /** Replays this reproducer instead of running the campaign, in the test that recorded it. */
    public static final String REPLAY_PROPERTY = "multidriver.replay";
    public static final String SEED_PROPERTY = "multidriver.seed";
    public static final String SCHEDULES_PROPERTY = "multidriver.schedules";
    public static final String REPORT_DIR_PROPERTY = "multidriver.reportDir";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SimulationExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        SimulationTest test = context.getRequiredTestMethod().getAnnotation(SimulationTest.class);
        if (test == null) {
            throw new IllegalStateException(SimulationExtension.class.getSimpleName() + " runs only @SimulationTest "
                    + "methods, not " + context.getRequiredTestMethod());
        }
        Class<?> testClass = context.getRequiredTestClass();
        String method = context.getRequiredTestMethod().getName();
        String source = testClass.getName() + "#" + method;
        // What Surefire's -Dtest matches: the class file's name without its package (Outer$Nested for a nested one).
        String className = testClass.getPackageName().isEmpty() ? testClass.getName()
                : testClass.getName().substring(testClass.getPackageName().length() + 1);
        Function<Schedule, SimulatedSystem> systems = SystemFactory.of(test.system(),
                context.getRequiredTestInstance());
        Path reportDir = Path.of(System.getProperty(REPORT_DIR_PROPERTY, "target/multidriver"))
                .resolve(className).resolve(method);
        SystemCampaign campaign = SystemCampaign.of(systems)
                .seed(longProperty(SEED_PROPERTY, test.seed()))
                .schedules((int) longProperty(SCHEDULES_PROPERTY, test.schedules()))
                .nodes(test.nodes())
                .faults(test.faults())
                .simMs(test.simMs())
                .threads(test.threads())
                .shrink(test.shrinkRuns(), test.shrinkRuns() == 0 ? 0 : SystemCampaign.DEFAULT_SHRINK_SIM_MS)
                .checkDeterminism(test.checkDeterminism())
                .reportDir(reportDir)
                .source(source);
        String replayCommand = "mvn test -Dtest='" + className + "#" + method + "' -D"
                + REPLAY_PROPERTY + "=";
        // Quoted for the shell: a nested test class's directory has a '$' in its name.

        Path replay = replayFor(source);
        CampaignResult result = replay != null ? replay(campaign, replay, test, source, replayCommand)
                : campaign.run();
        if (replay == null) {
            if (test.expectViolation()) {
                if (result.violations() == 0) {
                    throw new AssertionFailedError(result.describe() + "\n  expected a violation (expectViolation = "
                            + "true): the campaign did not find the bug; try more schedules or other faults");
                }
                System.out.println("expected violation found: " + result.describe());
            } else if (!result.passed()) {
                throw new AssertionFailedError(result.describe() + (result.reproducer() == null ? ""
                        : "\n  replay: " + replayCommand + "'" + result.reproducer() + "'"));
            }
        }
        context.getStore(NAMESPACE).put(CampaignResult.class, result);
    }

    /** The reproducer to replay when {@value #REPLAY_PROPERTY} names one recorded by this test; else null. */
    private static Path replayFor(String source) throws IOException {
        String value = System.getProperty(REPLAY_PROPERTY, "");
        if (value.isBlank()) return null;
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("-D" + REPLAY_PROPERTY + "=" + value + ": no such file");
        }
        Reproducer reproducer = Reproducer.read(file);
        if (!reproducer.source().equals(source)) {
            System.err.println("-D" + REPLAY_PROPERTY + ": " + file + " was recorded by " + reproducer.source()
                    + ", not " + source + ": running this test's campaign");
            return null;
        }
        return file;
    }

    private static CampaignResult replay(SystemCampaign campaign, Path file, SimulationTest test, String source,
                                         String replayCommand) throws IOException {
        ScheduleResult run = campaign.replay(file);
        Schedule schedule = run.schedule();
        CampaignResult result = new CampaignResult(source, schedule.seed(), 1, run.failed() ? 1 : 0,
                run.failed() ? 0 : -1, run.failure(), schedule, schedule.eventCount(), schedule.eventCount(),
                file.toAbsolutePath(), null, null, run.traceHash(), 0);
        String what = "replay of " + file + " (" + schedule.eventCount() + " faults and operations, "
                + schedule.nodes() + " nodes): ";
        if (run.failed() && !test.expectViolation()) {
            throw new AssertionFailedError(source + ": " + what + "REPRODUCED " + run.failure()
                    + "\n  history and timeline: " + file.toAbsolutePath().getParent()
                    + "\n  replay again: " + replayCommand + "'" + file.toAbsolutePath() + "'");
        }
        if (!run.failed() && test.expectViolation()) {
            throw new AssertionFailedError(source + ": " + what + "did not fail (expectViolation = true)");
        }
        System.out.println(source + ": " + what + (run.failed() ? "reproduced " + run.failure() : "passes"));
        return result;
    }

    private static long longProperty(String name, long fallback) {
        String value = System.getProperty(name, "");
        if (value.isBlank()) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + ": not a whole number");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CampaignResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        CampaignResult result = context.getStore(NAMESPACE).get(CampaignResult.class, CampaignResult.class);
        if (result == null) {
            throw new ParameterResolutionException("no campaign ran for " + context.getDisplayName());
        }
        return result;
    }
}
