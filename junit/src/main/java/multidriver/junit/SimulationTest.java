package multidriver.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import multidriver.sim.api.SimulatedSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs a simulation campaign of your system: {@code schedules} randomized fault schedules of {@code nodes}
 * nodes, each checked for your invariants, linearizability, liveness and convergence. The test fails with the seed,
 * the failure, the shrunk {@code reproducer.json} and a one-line replay command:
 *
 * <pre>{@code
 * @SimulationTest(system = MyRegister.class, schedules = 200, nodes = 5, faults = "crash,partition,drop")
 * void registerIsLinearizable(CampaignResult result) {
 *     // runs only when the campaign passed; result tells how many schedules ran, the trace hash, the wall time
 * }
 * }</pre>
 *
 * <p>The system is {@link #system()}, built fresh for each schedule through its public constructor taking a
 * {@link multidriver.sim.world.Schedule}, or else its public no-argument one; left out, the test class itself
 * must implement {@link SimulatedSystem} and its instance serves every schedule.
 *
 * <p>System properties adjust a run without editing the test: {@code multidriver.seed}, {@code multidriver.schedules},
 * {@code multidriver.reportDir} (default {@code target/multidriver}), and {@code multidriver.replay=PATH}, which
 * instead of a campaign replays the reproducer a failing run of this test saved, and fails again if it still fails.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(SimulationExtension.class)
public @interface SimulationTest {
    /** Your system; {@code SimulatedSystem.class} (the default) means the test class itself. */
    Class<? extends SimulatedSystem> system() default SimulatedSystem.class;

    /** Schedules to run. */
    int schedules() default 200;

    /** Nodes per cluster, 1 to 9. */
    int nodes() default 5;

    /**
     * Fault kinds the schedules draw from, spelled as {@code scripts/simulate.sh --faults}: a comma list of
     * {@code partition, crash, kill-leaders, power-loss, pause, drop, duplicate, reorder, drift, torn-write, bit-flip,
     * read-error, fsync-error, disk-full, slow-link, lasting, snapshot, transfer, membership, misdirected-write}, or
     * {@code all}. Each schedule enables a random subset (swarm testing).
     */
    String faults() default "all";

    /** Simulated time per schedule, ms: faults until 70% of it, then a heal and a liveness phase. */
    long simMs() default 10_000;

    /** The campaign's root seed; every schedule's seed derives from it. */
    long seed() default 1;

    /** Worker threads for independent schedules; above 1 the system must be safe to use from several threads. */
    int threads() default 1;

    /** Bound on re-runs while shrinking the first failure (0: save it as generated). */
    int shrinkRuns() default multidriver.sim.api.SystemCampaign.DEFAULT_SHRINK_RUNS;

    /** Run every schedule twice and fail where the two runs differ (a node reading the wall clock, say). */
    boolean checkDeterminism() default false;

    /**
     * The test passes only if the campaign finds a violation (a known-buggy variant, kept to show the simulator
     * catches it); the method then runs with the {@link multidriver.sim.api.CampaignResult} to check what was found.
     */
    boolean expectViolation() default false;
}
