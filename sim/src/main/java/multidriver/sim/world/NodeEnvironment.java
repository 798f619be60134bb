package multidriver.sim.world;

import multidriver.core.raft.Role;
import multidriver.core.raft.message.Message;
import multidriver.sim.workload.ClientReply;

/** What a simulated node may do to the world around it. */
interface NodeEnvironment {
    long nowMs();

    void send(Message message);

    void reply(ClientReply reply);

    /** With ack-before-fsync: the node's writes up to {@code writeNumber} become durable {@code flushDelayMs} from now. */
    void scheduleFlush(int node, int incarnation, long writeNumber);

    /** The node's role or term changed (observed after each batch of output). */
    void roleChanged(int node, Role role, long term);
}
