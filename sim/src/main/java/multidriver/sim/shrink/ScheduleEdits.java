package multidriver.sim.shrink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import multidriver.sim.fault.Fault;
import multidriver.sim.world.Schedule;

/** Structural edits of a schedule used by the shrinker. */
public final class ScheduleEdits {
    private ScheduleEdits() {
    }

    /**
     * The schedule on the first {@code nodes} servers: faults naming a dropped server lose it (or vanish), partition
     * orders forget it, and the liveness core becomes a bare majority of what is left (its surviving members first).
     */
    public static Schedule withNodes(Schedule schedule, int nodes) {
        if (nodes < 1 || nodes > schedule.nodes()) throw new IllegalArgumentException("bad node count " + nodes);
        List<Fault> faults = schedule.faults().stream().map(f -> f.restrictedTo(nodes)).filter(Objects::nonNull)
                .toList();
        List<Integer> core = new ArrayList<>(schedule.core().stream().filter(n -> n < nodes).toList());
        for (int n = 0; n < nodes && core.size() < nodes / 2 + 1; n++) if (!core.contains(n)) core.add(n);
        while (core.size() > nodes / 2 + 1) core.remove(core.size() - 1);
        core.sort(Integer::compare);
        return new Schedule(schedule.seed(), nodes, schedule.clients(), schedule.simMs(), schedule.healAtMs(), core,
                schedule.livenessBoundMs(), schedule.bugs(), schedule.profile().restrictedTo(nodes), faults,
                schedule.ops());
    }
}
