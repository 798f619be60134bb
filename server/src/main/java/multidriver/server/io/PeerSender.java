package multidriver.server.io;

import multidriver.core.raft.message.Message;

/**
 * Where the server core's outbound Raft messages go. The binding encodes them with {@code MessageCodec} and carries
 * the bytes: TCP frames in production (encoded on the peer's writer thread), the simulated network in the simulator.
 * Inbound bytes come back through {@code ServerCore.receive}, which decodes them in both worlds. Never blocks:
 * Raft tolerates a dropped message (it retries), not a stalled event loop.
 */
@FunctionalInterface
public interface PeerSender {
    void send(Message message);
}
