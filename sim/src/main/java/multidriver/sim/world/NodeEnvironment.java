package multidriver.sim.world;

import java.io.IOException;
import multidriver.core.raft.Role;
import multidriver.core.raft.message.Message;
import multidriver.sim.workload.ClientReply;

/** What a simulated node may do to the world around it. */
interface NodeEnvironment extends multidriver.server.io.PeerSender {
    long nowMs();

    /** Puts a Raft message on the simulated network, which carries it as the codec's bytes. */
    @Override
    void send(Message message);

    /** Puts a forwarded client request or its reply on the simulated network, as the codec's bytes. */
    @Override
    boolean send(multidriver.server.PeerForward forward);

    void reply(ClientReply reply);

    /** The node's server stopped itself after an I/O error (fail-stop); the world takes the process down. */
    void failStopped(int node, IOException cause);

    /** The node's role or term changed (observed after each batch of output). */
    void roleChanged(int node, Role role, long term);
}
