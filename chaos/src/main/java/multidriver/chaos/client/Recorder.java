package multidriver.chaos.client;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import multidriver.check.history.History;
import multidriver.check.history.OpType;

/**
 * Records a chaos history as it happens, from many client threads and the nemesis thread.
 *
 * <p>Times are {@link System#nanoTime()} relative to the recorder's creation, read inside the lock that appends,
 * so index order and time order agree: the history is totally ordered the way Jepsen's is.
 */
public final class Recorder {
    /** A 60 s run at any sane rate stays far below; more is a bug, not a history to keep. */
    public static final int MAX_EVENTS = 2_000_000;

    private final long originNs = System.nanoTime();
    private final List<Event> events = new ArrayList<>();
    private final Map<OpType, Long> completions = new EnumMap<>(OpType.class);

    public long nowNs() {
        return System.nanoTime() - originNs;
    }

    public synchronized Event.Client invoke(long process, String f, Object value) {
        return add(new Event.Client(events.size(), process, OpType.INVOKE, f, value, nowNs(), null));
    }

    public synchronized Event.Client complete(long process, OpType type, String f, Object value, String error) {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion cannot be an invocation");
        }
        completions.merge(type, 1L, Long::sum);
        return add(new Event.Client(events.size(), process, type, f, value, nowNs(), error));
    }

    public synchronized Event.Nemesis nemesis(String f, Object value) {
        return add(new Event.Nemesis(events.size(), f, value, nowNs()));
    }

    /** Completions so far by type (ok, fail, info), for progress lines. */
    public synchronized Map<OpType, Long> completionCounts() {
        return new EnumMap<>(completions);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * The client operations as the checker reads them, with the nemesis events beside them (not client ops: no
     * checker reads them; the timeline draws them as faults).
     */
    public History clientHistory() {
        History.Builder b = History.builder();
        for (Event e : events()) {
            if (e instanceof Event.Client c) {
                b.add(c.toOp());
            } else if (e instanceof Event.Nemesis n) {
                b.nemesis(n.f(), n.value(), n.timeNs());
            }
        }
        return b.build();
    }

    private <E extends Event> E add(E event) {
        if (events.size() >= MAX_EVENTS) {
            throw new IllegalStateException("history exceeds " + MAX_EVENTS + " events");
        }
        events.add(event);
        return event;
    }
}
