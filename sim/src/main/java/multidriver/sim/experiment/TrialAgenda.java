package multidriver.sim.experiment;

import java.util.PriorityQueue;

/**
 * The trial's future: events ordered by simulated time in microseconds, simultaneous ones by the order they were
 * scheduled, so a trial is a function of its seed. Bounded: a runaway trial fails loudly.
 */
final class TrialAgenda {
    /** One scheduled event. */
    record Due(long atUs, long seq, TrialEvent event) {
    }

    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.atUs != b.atUs
            ? Long.compare(a.atUs, b.atUs) : Long.compare(a.seq, b.seq));
    private final int maxPending;
    private long nextSeq;

    TrialAgenda(int maxPending) {
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be >= 1, got " + maxPending);
        this.maxPending = maxPending;
    }

    void add(long atUs, TrialEvent event) {
        if (due.size() >= maxPending) {
            throw new IllegalStateException("trial agenda exceeds " + maxPending + " pending events at " + atUs + "us");
        }
        due.add(new Due(atUs, nextSeq++, event));
    }

    /** The time of the earliest event, or Long.MAX_VALUE when none is due. */
    long nextAtUs() {
        Due first = due.peek();
        return first == null ? Long.MAX_VALUE : first.atUs;
    }

    Due poll() {
        return due.poll();
    }
}
