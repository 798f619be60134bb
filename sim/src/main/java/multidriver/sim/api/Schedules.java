package multidriver.sim.api;

import java.util.EnumSet;
import java.util.Set;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.ScheduleGenerator;
import multidriver.sim.world.SimBug;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Fault schedules for jqwik properties: {@code @Provide Arbitrary<Schedule> schedules() { return
 * Schedules.arbitrary(5, 10_000, FaultKind.parseList("all")); }}, then {@code @Property void p(@ForAll("schedules")
 * Schedule s)}. A schedule is a function of its seed, as in a campaign: the property draws seeds, and a failing sample
 * replays with {@code scripts/simulate.sh --seed-of-schedule} semantics by its {@link Schedule#seed()}. jqwik's own
 * shrinking only moves between seeds; for a small reproducer run the simulator's shrinker ({@code scripts/simulate.sh
 * --shrink}).
 *
 * <p>jqwik is an optional dependency of this module: a project that uses this class adds {@code net.jqwik:jqwik}.
 */
public final class Schedules {
    private Schedules() {
    }

    /** Schedules of {@code nodes} nodes and {@code simMs} simulated milliseconds with the given fault kinds. */
    public static Arbitrary<Schedule> arbitrary(int nodes, long simMs, Set<FaultKind> faults) {
        return arbitrary(nodes, simMs, faults, Set.of());
    }

    /** The same with deliberate bugs switched on (to see a property fail). */
    public static Arbitrary<Schedule> arbitrary(int nodes, long simMs, Set<FaultKind> faults, Set<SimBug> bugs) {
        ScheduleGenerator generator = new ScheduleGenerator(nodes, simMs, faults, bugs);
        return Arbitraries.longs().withoutEdgeCases().map(generator::generate);
    }

    /** The default campaign's shape: 5 nodes, 10 simulated seconds, every fault kind. */
    public static Arbitrary<Schedule> campaignLike() {
        return arbitrary(5, 10_000, EnumSet.allOf(FaultKind.class));
    }
}
