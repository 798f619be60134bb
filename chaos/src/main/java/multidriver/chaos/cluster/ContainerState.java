package multidriver.chaos.cluster;

/** Docker's container states that matter to the nemeses. */
public enum ContainerState {
    RUNNING, PAUSED, STOPPED, MISSING;

    static ContainerState parse(String dockerStatus) {
        return switch (dockerStatus.strip()) {
            case "running", "restarting" -> RUNNING;
            case "paused" -> PAUSED;
            case "" -> MISSING;
            default -> STOPPED; // created, exited, dead, removing
        };
    }
}
