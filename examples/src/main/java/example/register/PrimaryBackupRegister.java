package example.register;

import multidriver.sim.api.SimulatedNode;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.world.Schedule;

/** The register as it should be: only the primary answers reads. */
public class PrimaryBackupRegister implements SimulatedSystem {
    private final int nodes;

    public PrimaryBackupRegister(Schedule schedule) {
        this.nodes = schedule.nodes();
    }

    @Override
    public SimulatedNode newNode(int machine, int nodeId) {
        return new RegisterNode(nodes, backupsServeReads());
    }

    /** Clients open a session and number their writes in it (a retried write is answered, not applied twice). */
    @Override
    public boolean sessions() {
        return true;
    }

    protected boolean backupsServeReads() {
        return false;
    }
}
