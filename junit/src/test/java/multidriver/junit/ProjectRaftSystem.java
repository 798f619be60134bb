package multidriver.junit;

import java.util.List;
import multidriver.sim.api.ClusterCheck;
import multidriver.sim.api.SimulatedNode;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.raft.RaftKvSystem;
import multidriver.sim.world.Schedule;

/** The project's Raft KV as a user would name it in {@code @SimulationTest(system = ...)}: built per schedule. */
public final class ProjectRaftSystem implements SimulatedSystem {
    private final RaftKvSystem raft;

    public ProjectRaftSystem(Schedule schedule) {
        this.raft = RaftKvSystem.forSchedule(schedule);
    }

    @Override
    public SimulatedNode newNode(int machine, int nodeId) {
        return raft.newNode(machine, nodeId);
    }

    @Override
    public List<ClusterCheck> checks() {
        return raft.checks();
    }

    @Override
    public boolean sessions() {
        return raft.sessions();
    }
}
