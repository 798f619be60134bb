package example.register;

import multidriver.sim.world.Schedule;

/** The same register with the load-spreading "optimisation": backups answer reads from their own copies. */
public class ReadFromBackupsRegister extends PrimaryBackupRegister {
    public ReadFromBackupsRegister(Schedule schedule) {
        super(schedule);
    }

    @Override
    protected boolean backupsServeReads() {
        return true;
    }
}
