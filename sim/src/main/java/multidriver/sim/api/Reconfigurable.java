package multidriver.sim.api;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A node whose cluster can change members: enables the schedule's {@code membership} fault, in which an operator
 * removes members, replaces their machines with empty ones and adds them back as learners, one change at a time.
 */
public interface Reconfigurable {
    /** The configuration this node uses now. */
    Configuration configuration();

    /**
     * Asks this node (the leader) for {@code change}; {@code done} gets true once it took effect, false when it was
     * refused, or nothing if the process dies first. The operator retries from what it sees, so it may ask twice.
     */
    void changeMembership(ConfigChange change, Consumer<Boolean> done) throws IOException;
}
