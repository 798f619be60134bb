package multidriver.server.io;

import multidriver.core.raft.message.Message;
import multidriver.server.PeerForward;

/**
 * Where the server core's outbound peer traffic goes: Raft messages, and client requests a follower forwards to its
 * leader with the leader's replies. The binding encodes them ({@code MessageCodec}, {@code ForwardCodec}) and carries
 * the bytes: TCP frames in production, the simulated network in the simulator. Inbound bytes come back through
 * {@code ServerCore.receive}, which decodes them in both worlds. Never blocks: Raft tolerates a dropped message (it
 * retries), a forwarded request ends at its deadline, and neither may stall the event loop.
 */
public interface PeerSender {
    void send(Message message);

    /** Returns false when the frame could not be queued (no link to that server, or its queue is full). */
    boolean send(PeerForward forward);
}
