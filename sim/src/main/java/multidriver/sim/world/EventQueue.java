package multidriver.sim.world;

import java.util.PriorityQueue;

/**
 * The simulator's agenda: events ordered by simulated time, ties broken by insertion order (a sequence number),
 * so that the order of simultaneous events is a function of the schedule alone. Bounded: a runaway schedule
 * (e.g. a message storm) fails loudly instead of eating the heap.
 */
public final class EventQueue {
    /** One scheduled event. */
    public record Scheduled(long atMs, long seq, SimEvent event) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.atMs != b.atMs
            ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private final int maxPending;
    private long nextSeq;

    public EventQueue(int maxPending) {
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be >= 1");
        this.maxPending = maxPending;
    }

    public void schedule(long atMs, SimEvent event) {
        if (queue.size() >= maxPending) {
            throw new IllegalStateException("event queue exceeds " + maxPending + " pending events at " + atMs + "ms");
        }
        queue.add(new Scheduled(atMs, nextSeq++, event));
    }

    /** Time of the earliest event, or {@link Long#MAX_VALUE} when none is left. */
    public long nextAtMs() {
        Scheduled head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.atMs();
    }

    /** The earliest event, or null when none is left. */
    public Scheduled poll() {
        return queue.poll();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }
}
