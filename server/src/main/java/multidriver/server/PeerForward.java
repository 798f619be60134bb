package multidriver.server;

import java.util.Objects;

/**
 * What one server core says to another about a client request, beside the Raft messages on the same authenticated
 * peer link: a follower hands a request to the leader it knows ({@link Request}) and the leader sends back how it
 * ended ({@link Reply}). This is the server core's follower-to-leader forwarding, so that both worlds run it: the
 * node over TCP, the simulator over its faulty network (lost, duplicated, late).
 *
 * <p>A request makes at most one hop: a server that is handed a request and is not the leader answers
 * {@link Outcome.NotLeader}, it never forwards again. A duplicated or late copy may run twice on the leader; client
 * sessions (thesis §6.3) make a write run once, and the follower takes only the first reply for an id.
 */
public sealed interface PeerForward {
    /** The sending server. */
    int from();

    /** The receiving server. */
    int to();

    /**
     * Follower {@code from} asks leader {@code to} to run {@code call}, answering within {@code waitMs} (what is left
     * of the client's wait on the follower; clocks of two machines are not comparable, durations are).
     * {@code forwardId} is unique per follower across restarts (it starts at a random value).
     */
    record Request(int from, int to, long forwardId, long waitMs, ForwardCall call) implements PeerForward {
        public Request {
            Objects.requireNonNull(call, "call");
            if (waitMs < 0) throw new IllegalArgumentException("waitMs must be >= 0, got " + waitMs);
        }
    }

    /** Leader {@code from} tells follower {@code to} how forwarded request {@code forwardId} ended. */
    record Reply(int from, int to, long forwardId, Outcome outcome) implements PeerForward {
        public Reply {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
