package multidriver.check.total;

import java.util.Collection;
import java.util.function.Function;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * The shape shared by the set and the ledger checks: inserts of unique elements, and one final {@code :ok} read of a
 * collection (the last one counts) that must hold every acknowledged insert and nothing never attempted.
 */
final class FinalCollection {
    private FinalCollection() {
    }

    /**
     * @param insertF the inserts' function ({@code add}, {@code transfer})
     * @param element the element of an insert's value
     * @param readF   the final read's function ({@code read}, {@code ledger})
     * @param what    what the read's collection holds, for errors ("elements", "transfer ids")
     */
    static Delivery check(History history, String insertF, Function<Object, Object> element, String readF,
                          String what) {
        DeliveryCount count = new DeliveryCount();
        Inserts inserts = new Inserts(insertF, count, element);
        Collection<?> last = null;
        for (Op op : history.ops()) {
            if (op.f().equals(readF) && op.type() == OpType.OK) {
                if (!(op.value() instanceof Collection<?> c)) {
                    throw new IllegalArgumentException("op " + op.index() + ": a " + readF + "'s value must be a"
                            + " collection of " + what + ", got " + op.value());
                }
                last = c;
            }
            inserts.accept(op);
        }
        inserts.finish();
        if (last == null) {
            throw new IllegalArgumentException("no :ok " + readF + " in the history: the check needs a final " + readF
                    + " of the whole " + (readF.equals("read") ? "set" : readF));
        }
        last.forEach(count::observed);
        return count.result();
    }
}
