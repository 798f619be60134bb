package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import multidriver.check.history.History;
import multidriver.check.history.Values;
import multidriver.check.search.Operation;
import multidriver.check.search.Partitioner;

/**
 * Names the operation a register's linearizability check could not place in the words of a Jepsen analysis: a
 * <em>stale read</em> (it returned an older value, or nil, though another write had been acknowledged before it
 * began), a <em>read of a value never written</em>, or else a non-linearizable read or write, with the values and
 * times a reader needs to find it in the history.
 */
final class Anomaly {
    private Anomaly() {
    }

    /** One line for the failing op of {@code key}; {@code history} is the run's client history (values [key, v]). */
    static String name(History history, Object key, Operation failing) {
        return name(Partitioner.pair(history), key, failing);
    }

    /** The same from the history already paired ({@link Partitioner#pair}), for several keys of one run. */
    static String name(List<Operation> paired, Object key, Operation failing) {
        List<Operation> ops = opsOf(paired, key);
        Object read = Values.normalize(failing.value());
        if (!failing.f().equals("read")) {
            return "non-linearizable " + failing.f() + " of " + Values.show(failing.value()) + " on key "
                    + Values.show(key) + " at " + seconds(failing.invoke().timeNs());
        }
        List<Object> written = new ArrayList<>();
        Operation lastAcknowledged = null;
        for (Operation o : ops) {
            Object v = writtenValue(o);
            if (v == NOTHING) continue;
            written.add(Values.normalize(v));
            boolean before = !o.indeterminate() && o.completion().timeNs() < failing.invoke().timeNs();
            if (before && (lastAcknowledged == null
                    || o.completion().timeNs() > lastAcknowledged.completion().timeNs())) {
                lastAcknowledged = o;
            }
        }
        String what = "read of key " + Values.show(key) + " at " + seconds(failing.invoke().timeNs()) + " returned "
                + Values.show(failing.value());
        if (read != null && !written.contains(read)) {
            return "read of a value never written: " + what + ", which no write or compare-and-set of this key carried";
        }
        if (lastAcknowledged != null && !Objects.equals(Values.normalize(writtenValue(lastAcknowledged)), read)) {
            return "stale read: " + what + ", though a " + lastAcknowledged.f() + " of "
                    + Values.show(writtenValue(lastAcknowledged)) + " was acknowledged at "
                    + seconds(lastAcknowledged.completion().timeNs()) + ", before the read began";
        }
        return "non-linearizable read: " + what + ", which no order of the concurrent writes explains";
    }

    private static final Object NOTHING = new Object();

    /** What a write or an acknowledged-or-unknown compare-and-set would leave in the register. */
    private static Object writtenValue(Operation o) {
        if (o.f().equals("write")) return o.value();
        if (o.f().equals("cas") && o.value() instanceof List<?> l && l.size() == 2) return l.get(1);
        return NOTHING;
    }

    private static List<Operation> opsOf(List<Operation> paired, Object key) {
        Object k = Values.normalize(key);
        List<Operation> out = new ArrayList<>();
        for (Operation o : paired) {
            if (o.value() instanceof List<?> l && l.size() == 2 && Objects.equals(Values.normalize(l.get(0)), k)) {
                out.add(new Operation(o.invoke(), o.completion(), o.f(), l.get(1)));
            }
        }
        return out;
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
