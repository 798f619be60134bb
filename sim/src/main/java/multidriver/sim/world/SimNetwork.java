package multidriver.sim.world;

import java.util.SplittableRandom;
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
    private final SplittableRandom random;
    private final LinkMatrix links;
    /** How long messages to or from each node are held back extra (slow links), by active fault. */
    private final java.util.List<java.util.TreeMap<Integer, Long>> slowHolds = new java.util.ArrayList<>();
    private long sent;
    private long dropped;
    /** A duplicate is a very late copy this often: it arrives up to this long after the original. */
    private static final double LATE_COPY_PROBABILITY = 0.5;
    private static final int MAX_LATE_COPY_MS = 2_000;

    public SimNetwork(SwarmProfile profile, SplittableRandom random, LinkMatrix links) {
        this.profile = profile;
        this.random = random;
        this.links = links;
        for (int i = 0; i < links.nodes(); i++) slowHolds.add(new java.util.TreeMap<>());
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
    public void send(Message message, long nowMs, EventQueue queue) {
        sent++;
        int from = message.from().value();
        int to = message.to().value();
        if (links.isBlocked(from, to)) {
            dropped++;
            return;
        }
        boolean coreLink = links.isHealed(from) && links.isHealed(to);
        if (!coreLink && profile.has(FaultKind.DROP) && random.nextDouble() < profile.dropProbability()) {
            dropped++;
            return;
        }
        SimEvent.Deliver delivery = new SimEvent.Deliver(from, to, MessageCodec.toBytes(message));
        long holdMs = holdMs(from, to);
        queue.schedule(nowMs + delayMs() + holdMs, delivery);
        if (profile.has(FaultKind.DUPLICATE) && random.nextDouble() < profile.duplicateProbability()) {
            // Often a very late copy: a retransmission or a replayed buffer arriving after its term is over.
            long late = random.nextDouble() < LATE_COPY_PROBABILITY ? random.nextInt(MAX_LATE_COPY_MS) : 0;
            queue.schedule(nowMs + delayMs() + holdMs + late, delivery);
        }
    }

    /** Whether a message may still arrive (its link may have been cut while it was in flight). */
    public boolean canArrive(SimEvent.Deliver delivery) {
        boolean ok = !links.isBlocked(delivery.from(), delivery.to());
        if (!ok) dropped++;
        return ok;
    }

    /** One draw of the delay distribution (also used for client traffic, which is never dropped). */
    public long delayMs() {
        long delay = profile.baseDelayMs();
        // StrictMath: bit-identical on every JVM and JIT tier, so delays are a function of the seed alone.
        if (profile.jitterMeanMs() > 0) {
            delay += (long) (-StrictMath.log(1.0 - random.nextDouble()) * profile.jitterMeanMs());
        }
        if (profile.has(FaultKind.REORDER) && random.nextDouble() < profile.reorderProbability()) {
            delay += 1 + random.nextInt(MAX_REORDER_EXTRA_MS);
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
