package multidriver.check.total;

import java.util.Collection;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * Jepsen's total-queue checker: clients {@code enqueue} elements and {@code dequeue} them ({@code :ok} with the
 * element, or {@code nil} when the queue was empty), and a final {@code drain} ({@code :ok}, a collection) takes what
 * is left. Every acknowledged (publisher-confirmed) enqueue must be dequeued or drained at least once, and nothing
 * may come out that was never enqueued; elements that come out more than once are counted as duplicated (at-least-once
 * delivery allows it), and enqueues that ended {@code :info} but came out as recovered.
 */
public final class TotalQueueCheck {
    private TotalQueueCheck() {
    }

    public static Delivery check(History history) {
        DeliveryCount count = new DeliveryCount();
        Inserts enqueues = new Inserts("enqueue", count);
        for (Op op : history.ops()) {
            enqueues.accept(op);
            if (op.type() != OpType.OK) continue;
            if (op.f().equals("dequeue") && op.value() != null) {
                count.observed(op.value());
            } else if (op.f().equals("drain")) {
                if (!(op.value() instanceof Collection<?> c)) {
                    throw new IllegalArgumentException("op " + op.index() + ": a drain's value must be a collection"
                            + " of elements, got " + op.value());
                }
                c.forEach(count::observed);
            }
        }
        enqueues.finish();
        return count.result();
    }
}
