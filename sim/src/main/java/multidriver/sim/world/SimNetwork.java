package multidriver.sim.world;

import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.fault.SwarmProfile;

/**
 * The simulated network between servers: every message gets a delay of {@code base + exponential jitter}; with the
 * schedule's probabilities it is dropped, duplicated, or held back long enough to overtake later ones. A cut link
 * drops messages both when they are sent and when they would arrive (a partition also kills packets in flight).
 * Inside the healed core of the liveness phase messages are no longer dropped, so that the liveness bound holds.
 */
public final class SimNetwork {
    /** How long a reordered message is held back at most. */
    private static final int MAX_REORDER_EXTRA_MS = 60;

    private final SwarmProfile profile;
    /**
     * Each message's fate (drop, duplicate, delay, reordering, late copy) is a hash of the link, the send time and the
     * message's ordinal on that link in that millisecond ({@link Draws}); client traffic hashes client and attempt.
     */
    private final Draws draws;
    private final long[][] lastSendMs;
    private final int[][] ordinalInMs;
    private final LinkMatrix links;
    /** How long messages to or from each node are held back extra (slow links), by active fault. */
    private final java.util.List<java.util.TreeMap<Integer, Long>> slowHolds = new java.util.ArrayList<>();
    private long sent;
    private long dropped;
    /** A duplicate is a very late copy this often: it arrives up to this long after the original. */
    private static final double LATE_COPY_PROBABILITY = 0.5;
    private static final int MAX_LATE_COPY_MS = 2_000;
    // Decision names for Draws (the fourth key).
    private static final int DROP = 1, DUPLICATE = 2, DELAY = 3, REORDER = 4, REORDER_EXTRA = 5, LATE = 6, LATE_MS = 7,
            COPY_DELAY = 8, COPY_REORDER = 9, COPY_REORDER_EXTRA = 10;

    public SimNetwork(SwarmProfile profile, long seed, LinkMatrix links) {
        this.profile = profile;
        this.draws = new Draws(seed);
        this.links = links;
        int n = links.nodes();
        this.lastSendMs = new long[n][n];
        this.ordinalInMs = new int[n][n];
        for (long[] row : lastSendMs) java.util.Arrays.fill(row, -1);
        for (int i = 0; i < n; i++) slowHolds.add(new java.util.TreeMap<>());
    }

    /** By slow-link fault index: the last delivery to each node of a message that fault held back. */
    private final java.util.TreeMap<Integer, long[]> heldUntilByFault = new java.util.TreeMap<>();

    /**
     * When the last message that slow-link fault {@code faultIndex} held back reaches node {@code to} (0: none): a
     * link's fault may end while what it held is still on its way (a congested queue drains after the congestion),
     * and until then the receiver hears the past.
     */
    public long heldDeliveryMs(int faultIndex, int to) {
        long[] byNode = heldUntilByFault.get(faultIndex);
        return byNode == null ? 0 : byNode[to];
    }

    private void noteHeld(int from, int to, long deliverAtMs) {
        for (int fault : slowHolds.get(from).keySet()) noteHeldBy(fault, to, deliverAtMs);
        for (int fault : slowHolds.get(to).keySet()) noteHeldBy(fault, to, deliverAtMs);
    }

    private void noteHeldBy(int fault, int to, long deliverAtMs) {
        long[] byNode = heldUntilByFault.computeIfAbsent(fault, f -> new long[slowHolds.size()]);
        byNode[to] = Math.max(byNode[to], deliverAtMs);
    }

    /** Fault {@code faultIndex} holds messages to and from {@code node} back by {@code holdMs}. */
    public void slowDown(int node, int faultIndex, long holdMs) {
        slowHolds.get(node).put(faultIndex, holdMs);
    }

    public void speedUp(int node, int faultIndex) {
        slowHolds.get(node).remove(faultIndex);
    }

    /** Every link at its usual speed (the convergence phase). */
    public void speedUpAll() {
        for (java.util.TreeMap<Integer, Long> holds : slowHolds) holds.clear();
    }

    private long holdMs(int from, int to) {
        long hold = 0;
        for (long h : slowHolds.get(from).values()) hold = Math.max(hold, h);
        for (long h : slowHolds.get(to).values()) hold = Math.max(hold, h);
        return hold;
    }

    /**
     * Schedules the deliveries of {@code message} (none, one or two) on {@code queue}, as the bytes the node's codec
     * makes of it: the receiving server decodes them, as it does off a TCP frame.
     */
    public void send(Message message, int from, int to, long nowMs, EventQueue queue) {
        send(message.from().value(), message.to().value(), MessageCodec.toBytes(message), from, to, nowMs, queue);
    }

    /**
     * Schedules the deliveries of one peer frame's {@code bytes} from server {@code fromId} on machine {@code from}
     * to server {@code toId} on machine {@code to}: a Raft message or a forwarded client request, alike to the network.
     */
    public void send(int fromId, int toId, byte[] bytes, int from, int to, long nowMs, EventQueue queue) {
        sent++;
        if (links.isBlocked(from, to)) {
            dropped++;
            return;
        }
        if (lastSendMs[from][to] != nowMs) {
            lastSendMs[from][to] = nowMs;
            ordinalInMs[from][to] = 0;
        }
        long link = (long) from << 8 | to;
        long ordinal = ordinalInMs[from][to]++;
        boolean coreLink = links.isHealed(from) && links.isHealed(to);
        if (!coreLink && profile.has(FaultKind.DROP)
                && draws.uniform(link, nowMs, ordinal, DROP) < profile.dropProbability()) {
            dropped++;
            return;
        }
        SimEvent.Deliver delivery = new SimEvent.Deliver(from, to, fromId, toId, bytes, nowMs);
        long holdMs = holdMs(from, to);
        long deliverAtMs = nowMs + delayMs(link, nowMs, ordinal, DELAY, REORDER, REORDER_EXTRA) + holdMs;
        queue.schedule(deliverAtMs, delivery);
        if (holdMs > 0) noteHeld(from, to, deliverAtMs);
        if (profile.has(FaultKind.DUPLICATE)
                && draws.uniform(link, nowMs, ordinal, DUPLICATE) < profile.duplicateProbability()) {
            // Often a very late copy: a retransmission or a replayed buffer arriving after its term is over.
            long late = draws.uniform(link, nowMs, ordinal, LATE) < LATE_COPY_PROBABILITY
                    ? (long) (draws.uniform(link, nowMs, ordinal, LATE_MS) * MAX_LATE_COPY_MS) : 0;
            long copyAtMs = nowMs + delayMs(link, nowMs, ordinal, COPY_DELAY, COPY_REORDER, COPY_REORDER_EXTRA) + holdMs
                    + late;
            queue.schedule(copyAtMs, delivery);
            if (holdMs > 0) noteHeld(from, to, copyAtMs); // a held copy of an old heartbeat renews a lease just as well
        }
    }

    /** Whether a message may still arrive (its link may have been cut while it was in flight). */
    public boolean canArrive(SimEvent.Deliver delivery) {
        boolean ok = !links.isBlocked(delivery.from(), delivery.to());
        if (!ok) dropped++;
        return ok;
    }

    /** The one-way delay of client attempt {@code attemptId} of {@code client} ({@code leg}: 0 request, 1 reply). */
    public long clientDelayMs(int client, long attemptId, int leg) {
        return delayMs(1L << 40 | client, attemptId, leg, DELAY, REORDER, REORDER_EXTRA);
    }

    /** The delay of a message released from a frozen sender's buffers ({@code ordinal}: its place among them). */
    public long releaseDelayMs(int node, long nowMs, long ordinal) {
        return delayMs(2L << 40 | node, nowMs, ordinal, DELAY, REORDER, REORDER_EXTRA);
    }

    /** One draw of the delay distribution: {@code base + exponential jitter}, plus a reordering hold sometimes. */
    private long delayMs(long a, long b, long c, int delayKey, int reorderKey, int extraKey) {
        long delay = profile.baseDelayMs();
        // StrictMath: bit-identical on every JVM and JIT tier, so delays are a function of the seed alone.
        if (profile.jitterMeanMs() > 0) {
            delay += (long) (-StrictMath.log(1.0 - draws.uniform(a, b, c, delayKey)) * profile.jitterMeanMs());
        }
        if (profile.has(FaultKind.REORDER) && draws.uniform(a, b, c, reorderKey) < profile.reorderProbability()) {
            delay += 1 + (long) (draws.uniform(a, b, c, extraKey) * MAX_REORDER_EXTRA_MS);
        }
        return Math.max(1, delay);
    }

    public long sentCount() {
        return sent;
    }

    public long droppedCount() {
        return dropped;
    }
}
