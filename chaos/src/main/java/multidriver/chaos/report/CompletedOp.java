package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Event;
import multidriver.check.history.OpType;

/**
 * A client operation with its invocation and completion paired up (ops still pending at the end have no
 * completion and are left out: they have no latency).
 */
public record CompletedOp(Event.Client invoke, Event.Client completion) {
    public long latencyNs() {
        return completion.timeNs() - invoke.timeNs();
    }

    public OpType type() {
        return completion.type();
    }

    public String f() {
        return invoke.f();
    }

    /** The key of a Jepsen independent tuple {@code [k v]}. */
    public Object key() {
        return ((List<?>) invoke.value()).get(0);
    }

    public static List<CompletedOp> pair(List<Event> events) {
        Map<Long, Event.Client> pending = new HashMap<>();
        List<CompletedOp> out = new ArrayList<>();
        for (Event e : events) {
            if (!(e instanceof Event.Client c)) {
                continue;
            }
            if (c.type() == OpType.INVOKE) {
                pending.put(c.process(), c);
            } else {
                Event.Client inv = pending.remove(c.process());
                if (inv != null) {
                    out.add(new CompletedOp(inv, c));
                }
            }
        }
        return out;
    }
}
