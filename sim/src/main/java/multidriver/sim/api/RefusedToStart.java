package multidriver.sim.api;

import java.io.IOException;

/**
 * Thrown by {@link SimulatedNode#start} when the disk holds what the node will not run on (a corrupt or missing log):
 * the process stays down until its machine is replaced, as a real node waits for its operator. Other
 * {@link IOException}s at start are transient (a full disk): the simulator tries again later.
 */
public class RefusedToStart extends IOException {
    public RefusedToStart(String message) {
        super(message);
    }

    public RefusedToStart(String message, Throwable cause) {
        super(message, cause);
    }
}
