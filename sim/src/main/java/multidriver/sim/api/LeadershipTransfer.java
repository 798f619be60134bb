package multidriver.sim.api;

import java.io.IOException;

/** A node that can hand its leadership over (thesis §3.10): enables the schedule's {@code transfer} fault. */
public interface LeadershipTransfer {
    /** Starts handing leadership to {@code targetNodeId}; false when it did not start (not the leader, say). */
    boolean transferLeadership(int targetNodeId) throws IOException;
}
