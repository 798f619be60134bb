package multidriver.check.total;

import java.util.Collection;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * Jepsen's set checker: clients {@code add} elements ({@code :value} the element); a final {@code read} ({@code :ok},
 * {@code :value} a collection of the elements present) must contain every acknowledged add and nothing never added.
 * Adds that ended {@code :info} and are present count as recovered. Only the last {@code :ok} read is the final one;
 * {@code :nemesis} and other processes' ops of other functions are ignored.
 */
public final class SetCheck {
    private SetCheck() {
    }

    public static Delivery check(History history) {
        DeliveryCount count = new DeliveryCount();
        Inserts adds = new Inserts("add", count);
        Collection<?> finalRead = null;
        for (Op op : history.ops()) {
            if (op.f().equals("read") && op.type() == OpType.OK) {
                if (!(op.value() instanceof Collection<?> c)) {
                    throw new IllegalArgumentException("op " + op.index() + ": a read's value must be a collection of"
                            + " elements, got " + op.value());
                }
                finalRead = c;
            }
            adds.accept(op);
        }
        adds.finish();
        if (finalRead == null) {
            throw new IllegalArgumentException("no :ok read in the history: a set check needs a final read");
        }
        finalRead.forEach(count::observed);
        return count.result();
    }
}
