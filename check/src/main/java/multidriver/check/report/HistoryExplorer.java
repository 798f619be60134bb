package multidriver.check.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import multidriver.check.history.History;
import multidriver.check.history.NemesisEvent;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;
import multidriver.check.history.Values;
import multidriver.check.search.Operation;
import multidriver.check.search.Partitioner;
import multidriver.check.search.Verdict;

/**
 * An {@link Explorer} filled from a Jepsen history: a lane per client process with its ops as bars
 * ({@code read k0 → 23}), fault bands from its {@code :nemesis} ops on a {@code nemesis} lane, and the checker's
 * explanation. Times are the history's, in milliseconds from its first event; a history without times is drawn by
 * position (one position a millisecond), and the page says so. Whoever has more (node roles over time, messages)
 * adds it to the returned explorer.
 */
public final class HistoryExplorer {
    private HistoryExplorer() {
    }

    /** A time scale for a history: milliseconds from the first timed event, or positions when it has no times. */
    public record Clock(long originNs, boolean timed) {
        public double ms(long timeNs, long position) {
            return timed && timeNs != Op.NO_TIME ? (timeNs - originNs) / 1e6 : position;
        }

        public static Clock of(History history) {
            long origin = Long.MAX_VALUE;
            for (Op op : history.ops()) if (op.timeNs() != Op.NO_TIME) origin = Math.min(origin, op.timeNs());
            for (NemesisEvent e : history.nemesis()) if (e.timeNs() != Op.NO_TIME) origin = Math.min(origin, e.timeNs());
            boolean timed = origin != Long.MAX_VALUE;
            for (Op op : history.ops()) timed &= op.timeNs() != Op.NO_TIME;
            return new Clock(timed ? origin : 0, timed);
        }
    }

    public static Explorer of(String title, History history, boolean independent, Verdict verdict) {
        Explorer explorer = new Explorer(title);
        fill(explorer, history, independent, verdict);
        return explorer;
    }

    /** Adds {@code history}'s process lanes, ops, faults and the explanation to {@code explorer} (after its own lanes). */
    public static void fill(Explorer explorer, History history, boolean independent, Verdict verdict) {
        fill(explorer, history, independent, verdict, Clock.of(history));
    }

    /** As above, on a given time scale (a recorder's: its time 0 is the run's start, not the first op). */
    public static void fill(Explorer explorer, History history, boolean independent, Verdict verdict, Clock clock) {
        if (!clock.timed()) explorer.note("This history carries no times: ops are drawn by their position in it.");
        if (verdict != null) {
            explorer.note("Checker: " + verdict.outcome() + " (model " + verdict.modelName() + ", " + history.size()
                    + " events, " + verdict.searchSteps() + " search steps)");
            if (!verdict.reason().isEmpty()) explorer.failure(verdict.reason());
        }
        double endMs = 0;
        for (Op op : history.ops()) endMs = Math.max(endMs, clock.ms(op.timeNs(), op.index()));
        explorer.end(endMs);
        TreeMap<Long, String> laneOf = new TreeMap<>();
        List<Operation> ops = new ArrayList<>(Partitioner.pair(history));
        for (Operation o : ops) laneOf.putIfAbsent(o.process(), "p" + o.process());
        laneOf.values().forEach(name -> explorer.lane(name, "client"));
        faults(explorer, history, clock);
        for (Operation o : ops) {
            double from = clock.ms(o.invoke().timeNs(), o.invoke().index());
            double to = o.completion() == null ? endMs : clock.ms(o.completion().timeNs(), o.completion().index());
            String kind = o.completion() == null || o.completion().type() == OpType.INFO ? "info"
                    : o.completion().type() == OpType.FAIL ? "fail" : "ok";
            explorer.op(laneOf.get(o.process()), from, to, kind, label(o), o.process(), o.callIndex());
        }
        if (verdict != null) explorer.explain(history, independent, verdict);
    }

    /** {@code read k0 → 23}, {@code cas k1 4→5 ✗}: the op, its key and what it returned, briefly. */
    static String label(Operation o) {
        Object asked = o.invoke().value();
        Object got = o.completion() == null ? null : o.completion().value();
        String status = o.completion() == null ? " (no reply)" : switch (o.completion().type()) {
            case OK -> "";
            case FAIL -> " ✗";
            case INFO -> " ?";
            default -> "";
        };
        if (o.f().equals("read") && got != null) return "read " + Values.show(got) + status;
        return o.f() + " " + Values.show(asked) + status;
    }

    private static void faults(Explorer explorer, History history, Clock clock) {
        List<FaultBands.Band> bands = FaultBands.of(history.nemesis());
        if (!bands.isEmpty()) explorer.lane("nemesis", "net");
        for (FaultBands.Band band : bands) {
            double from = timeOf(history, band.from(), clock);
            double to = band.to() == Long.MAX_VALUE ? lastMs(history, clock) : timeOf(history, band.to(), clock);
            explorer.span("nemesis", from, Math.max(from, to), "fault", band.label());
        }
    }

    /** The time of client position {@code position} (a band's bound), from the nemesis event there when timed. */
    private static double timeOf(History history, long position, Clock clock) {
        for (NemesisEvent e : history.nemesis()) {
            if (e.position() == position && e.timeNs() != Op.NO_TIME && clock.timed()) return clock.ms(e.timeNs(), 0);
        }
        if (position < history.size()) {
            Op op = history.get((int) position);
            return clock.ms(op.timeNs(), op.index());
        }
        return lastMs(history, clock);
    }

    private static double lastMs(History history, Clock clock) {
        if (history.size() == 0) return 0;
        Op last = history.get(history.size() - 1);
        return clock.ms(last.timeNs(), last.index());
    }
}
