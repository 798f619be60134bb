package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import multidriver.chaos.client.Event;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.OpType;

/**
 * No acknowledged write is lost: checked against the final reads, independently of the linearizability search
 * (which treats a read of nil, "not found", as unconstraining, as Knossos does).
 *
 * <p>The final value of a key must be the value of some write or successful compare-and-set that could have
 * been the last one applied: one that did not fail, and that no acknowledged mutation invoked after its
 * completion surely superseded. Nil is possible only while no mutation was acknowledged. This never flags a
 * linearizable history: the last mutation in any linearization is such a candidate.
 */
public final class LostWriteCheck {
    private LostWriteCheck() {
    }

    /** A mutation of one key: invocation index, completion index (MAX when unknown), written value. */
    private record Mutation(Event.Client invoke, Event.Client completion, Object written) {
        boolean acked() {
            return completion != null && completion.type() == OpType.OK;
        }

        long completedAt() {
            return acked() ? completion.index() : Long.MAX_VALUE;
        }
    }

    /**
     * @param events     the whole history (client and nemesis events; final reads included)
     * @param finalReads key → value of its final read, for the keys that could be read
     */
    public static List<LostWrite> check(List<Event> events, Map<Long, Object> finalReads) {
        Map<Object, List<Mutation>> byKey = mutations(events);
        List<LostWrite> out = new ArrayList<>();
        for (Map.Entry<Long, Object> read : finalReads.entrySet()) {
            List<Mutation> ms = byKey.getOrDefault(read.getKey(), List.of());
            Set<Object> possible = new LinkedHashSet<>();
            boolean anyAcked = ms.stream().anyMatch(Mutation::acked);
            if (!anyAcked) {
                possible.add(null);
            }
            List<String> lastAcked = new ArrayList<>();
            for (Mutation m : ms) {
                boolean superseded = ms.stream().anyMatch(o -> o.acked() && o.invoke().index() > m.completedAt());
                if (!superseded) {
                    possible.add(m.written());
                    if (m.acked()) {
                        lastAcked.add(EdnWriter.toEdn(m.completion().toOp()));
                    }
                }
            }
            if (!possible.contains(read.getValue())) {
                out.add(new LostWrite(read.getKey(), read.getValue(), new ArrayList<>(possible), lastAcked));
            }
        }
        return out;
    }

    private static Map<Object, List<Mutation>> mutations(List<Event> events) {
        Map<Long, Event.Client> pending = new LinkedHashMap<>();
        Map<Object, List<Mutation>> byKey = new LinkedHashMap<>();
        List<Event.Client> invokes = new ArrayList<>();
        Map<Event.Client, Event.Client> done = new LinkedHashMap<>();
        for (Event e : events) {
            if (!(e instanceof Event.Client c) || c.f().equals("read")) {
                continue;
            }
            if (c.type() == OpType.INVOKE) {
                pending.put(c.process(), c);
                invokes.add(c);
            } else {
                Event.Client inv = pending.remove(c.process());
                if (inv != null) {
                    done.put(inv, c);
                }
            }
        }
        for (Event.Client inv : invokes) {
            Event.Client completion = done.get(inv);
            if (completion != null && completion.type() == OpType.FAIL) {
                continue; // surely not applied
            }
            List<?> tuple = (List<?>) inv.value();
            Object v = tuple.get(1);
            Object written = inv.f().equals("cas") ? ((List<?>) v).get(1) : v;
            byKey.computeIfAbsent(tuple.get(0), k -> new ArrayList<>()).add(new Mutation(inv, completion, written));
        }
        return byKey;
    }
}
