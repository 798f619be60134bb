package multidriver.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A follower's client requests that it handed to the leader ({@link PeerForward.Request}) and has not yet heard
 * back about. Each ends exactly once: with the leader's {@link PeerForward.Reply}; as {@link Outcome.TimedOut} at
 * its deadline (a lost request or reply: the outcome is unknown); or when this follower learns of another leader
 * (the old one may or may not have run it). Used by the server core's thread only; bounded.
 */
final class ForwardedRequests {
    /**
     * Requests in flight to a leader; beyond this, or beyond {@link #MAX_IN_FLIGHT_BYTES} of forwarded commands, a new
     * one is refused as overload (definitely not run). Well below the node's peer-link queue (8,192 frames), so a
     * burst of forwarded requests cannot crowd out the Raft messages that share the link.
     */
    static final int MAX_IN_FLIGHT = 2_048;
    static final long MAX_IN_FLIGHT_BYTES = 64L << 20;

    /**
     * How long a request sent to a leader this follower no longer follows may still be answered by it. A transfer, or
     * a write that committed just before an election, is answered by the old leader while the news of the new one
     * races its reply on another link (seen in CI: a transfer through a follower came back 503 "unknown" though it had
     * started); beyond this the old leader is taken to be gone.
     */
    static final long ORPHAN_GRACE_NS = 500_000_000L;

    private record InFlight(ClientRequest request, int leader, long bytes) {
    }

    // By id: ids grow with arrival, and requests share one timeout, so the oldest id is the earliest deadline.
    private final TreeMap<Long, InFlight> byId = new TreeMap<>();
    private long nextId;
    private long inFlightBytes;
    /** Requests whose leader is no longer followed, by id, with the time their grace ends. */
    private final TreeMap<Long, Long> orphanedUntilNs = new TreeMap<>();

    /** @param firstId where this incarnation's ids start: a random value, so a late reply to an earlier incarnation
     *                 of this server (ids from 1 again) can never complete a request of this one */
    ForwardedRequests(long firstId) {
        this.nextId = firstId;
    }

    int size() {
        return byId.size();
    }

    /**
     * Registers {@code request} (its command {@code bytes} long) as forwarded to {@code leader}; returns its id, or -1
     * when too many requests or bytes are in flight.
     */
    long add(ClientRequest request, int leader, long bytes) {
        if (byId.size() >= MAX_IN_FLIGHT || inFlightBytes + bytes > MAX_IN_FLIGHT_BYTES) return -1;
        long id = nextId++;
        byId.put(id, new InFlight(request, leader, bytes));
        inFlightBytes += bytes;
        return id;
    }

    /** The request was never sent (no link to the leader, or its queue is full): it ends as not run. */
    void onNotSent(long id) {
        InFlight f = remove(id);
        if (f != null) {
            f.request().answer().complete(new Outcome.Unavailable("the leader cannot be reached now", true));
        }
    }

    private InFlight remove(long id) {
        InFlight f = byId.remove(id);
        if (f != null) inFlightBytes -= f.bytes();
        orphanedUntilNs.remove(id);
        return f;
    }

    /** The leader's reply: completes the request if it is still waiting and the reply comes from where it went. */
    void onReply(PeerForward.Reply reply) {
        InFlight f = byId.get(reply.forwardId());
        if (f == null || f.leader() != reply.from()) return; // late, duplicated, or not the server we asked
        remove(reply.forwardId());
        f.request().answer().servedBy(reply.from());
        f.request().answer().complete(reply.outcome());
    }

    /**
     * This server now follows another leader (or none): requests sent to an earlier one end after a short grace
     * ({@link #ORPHAN_GRACE_NS}) instead of at their deadline, unless the old leader answers first. A read did nothing
     * that a retry could double; for anything else the outcome is unknown (the old leader may have committed a write,
     * or started the transfer that made the new leader).
     */
    void onLeaderChanged(int leader, long nowNs) {
        for (Map.Entry<Long, InFlight> e : byId.entrySet()) {
            if (e.getValue().leader() != leader) {
                orphanedUntilNs.putIfAbsent(e.getKey(), nowNs + ORPHAN_GRACE_NS);
            } else {
                orphanedUntilNs.remove(e.getKey()); // followed again: it may still answer in time
            }
        }
    }

    /**
     * Ends orphans whose grace is over, then times out every request whose deadline passed: lost on the way there
     * or back, its outcome is unknown.
     */
    void expire(long nowNs, long timeoutMs) {
        for (Iterator<Map.Entry<Long, Long>> it = orphanedUntilNs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> o = it.next();
            if (o.getValue() > nowNs) continue;
            it.remove();
            InFlight f = byId.remove(o.getKey());
            if (f == null) continue;
            inFlightBytes -= f.bytes();
            boolean harmless = f.request() instanceof ClientRequest.Read;
            f.request().answer().complete(new Outcome.Unavailable("the leader changed while the request was forwarded"
                    + (harmless ? "" : "; the outcome is unknown"), harmless));
        }
        while (!byId.isEmpty()) {
            Map.Entry<Long, InFlight> head = byId.firstEntry();
            if (head.getValue().request().deadlineNs() > nowNs) break;
            remove(head.getKey());
            head.getValue().request().answer().complete(new Outcome.TimedOut(timeoutMs));
        }
    }

    /** The server is stopping: every forwarded request ends with its outcome unknown. */
    void failAll(String reason) {
        List<InFlight> all = new ArrayList<>(byId.values());
        byId.clear();
        orphanedUntilNs.clear();
        inFlightBytes = 0;
        for (InFlight f : all) f.request().answer().complete(new Outcome.Unavailable(reason, false));
    }
}
