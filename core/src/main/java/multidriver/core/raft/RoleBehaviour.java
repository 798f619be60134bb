package multidriver.core.raft;

import multidriver.core.raft.message.Message;

/**
 * What a server does on a tick and with a message of its own term, depending on its role (etcd's swapped
 * {@code step}/{@code tick} functions). {@link RaftNode} handles terms first (§5.1) and then dispatches here.
 */
interface RoleBehaviour {
    void tick();

    /** A message whose term equals the server's current term (vote requests are handled by the node). */
    void step(Message message);
}
