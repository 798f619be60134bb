package multidriver.check.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.check.history.History;
import multidriver.check.history.Values;
import multidriver.check.history.OpType;
import multidriver.check.search.Explanation;
import multidriver.check.search.Operation;
import multidriver.check.search.PartitionResult;
import multidriver.check.search.Partitioner;
import multidriver.check.search.Verdict;

/**
 * What the explorer page of a failure shows, gathered by whoever watched the run (the simulator, a chaos run, the
 * checker): lanes (nodes, clients, the network), spans on them (roles and terms, faults, client operations with
 * their values), messages between lanes, per-node state lines over time, marks (the failure, the heal), and the
 * checker's explanation (the failing op, the ops it conflicts with, the longest linearizable prefix and the states
 * it reaches). Times are milliseconds from the start of the run. Everything is bounded, so the page stays small; what
 * did not fit is counted and the page says so. {@link ExplorerPage} renders it.
 */
public final class Explorer {
    public static final int MAX_LANES = 400;
    public static final int MAX_SPANS = 60_000;
    public static final int MAX_ARROWS = 25_000;
    public static final int MAX_STATES = 40_000;
    static final int MAX_LABEL_CHARS = 160;
    static final int MAX_CONFLICTS = 24;

    /** Span flags. */
    static final int FAILING = 1;
    static final int CONFLICT = 2;
    static final int PREFIX = 4;

    /** A lane: {@code group} is node, client or net (it picks the lane's height and the state panel). */
    record Lane(String name, String group) {
    }

    record Span(int lane, double fromMs, double toMs, String kind, String label, int flags, int prefixPosition) {
    }

    record Arrow(int from, int to, double sentMs, double receivedMs, String kind, String label) {
    }

    record State(int lane, double atMs, String text) {
    }

    record Mark(double atMs, String label, String colour) {
    }

    private final String title;
    private final List<String> notes = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Integer> laneIndex = new LinkedHashMap<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Arrow> arrows = new ArrayList<>();
    private final List<State> states = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    /** Client-op spans by {@code process:invocationIndex}, so the checker's ops find their bars. */
    private final Map<String, Integer> opSpans = new TreeMap<>();
    private final List<Integer> jumps = new ArrayList<>();
    private final List<String> jumpLabels = new ArrayList<>();
    private String failure = "";
    private List<String> reachableStates = List.of();
    private int prefixLength;
    private long droppedSpans;
    private long droppedArrows;
    private long droppedStates;
    private double endMs;

    public Explorer(String title) {
        this.title = title;
    }

    /** The lane named {@code name}, created in the group the first time (lanes keep their creation order). */
    public int lane(String name, String group) {
        Integer index = laneIndex.get(name);
        if (index != null) return index;
        if (lanes.size() >= MAX_LANES) return lane("more", "client"); // folded: the page stays drawable
        lanes.add(new Lane(name, group));
        laneIndex.put(name, lanes.size() - 1);
        return lanes.size() - 1;
    }

    /** A line under the title (the failure, the schedule, the command). */
    public void note(String text) {
        notes.add(clip(text, 2_000));
    }

    public void failure(String text) {
        failure = clip(text, 4_000);
    }

    /** A bar (or, when {@code toMs == fromMs}, an instant) on lane {@code lane}; its index, or -1 once full. */
    public int span(String lane, double fromMs, double toMs, String kind, String label) {
        int l = lane(lane, "client"); // node and net lanes are made first, by name
        end(toMs);
        if (spans.size() >= MAX_SPANS) {
            droppedSpans++;
            return -1;
        }
        spans.add(new Span(l, fromMs, Math.max(fromMs, toMs), kind, clip(label, MAX_LABEL_CHARS), 0, -1));
        return spans.size() - 1;
    }

    /** A client op's bar, which the checker's explanation can name by its process and invocation index. */
    public int op(String lane, double fromMs, double toMs, String kind, String label, long process, long invokeIndex) {
        int index = span(lane, fromMs, toMs, kind, label);
        if (index >= 0 && invokeIndex >= 0) opSpans.put(process + ":" + invokeIndex, index);
        return index;
    }

    /** A message from lane {@code from} to lane {@code to}, sent and received at those times. */
    public void arrow(String from, String to, double sentMs, double receivedMs, String kind, String label) {
        end(receivedMs);
        if (arrows.size() >= MAX_ARROWS) {
            droppedArrows++;
            return;
        }
        arrows.add(new Arrow(lane(from, "node"), lane(to, "node"), sentMs, receivedMs, kind, clip(label, 120)));
    }

    /** What node lane {@code lane} held from {@code atMs} on (term, vote, commit, log tail; "down"). */
    public void state(String lane, double atMs, String text) {
        if (states.size() >= MAX_STATES) {
            droppedStates++;
            return;
        }
        states.add(new State(lane(lane, "node"), atMs, clip(text, MAX_LABEL_CHARS)));
    }

    public void mark(double atMs, String label, String colour) {
        end(atMs);
        marks.add(new Mark(atMs, clip(label, 200), colour));
    }

    /** The run lasted at least until {@code atMs}. */
    public void end(double atMs) {
        if (atMs > endMs) endMs = atMs;
    }

    /**
     * Marks the checker's explanation of {@code verdict} on the op bars: the failing op, the ops of its key that
     * overlap it and did not fail (they are what the failing op conflicts with), the last op of the longest
     * linearizable prefix, and the states that prefix reaches. {@code history} is the one the verdict was found on,
     * {@code independent} whether it was checked per key ({@code [k v]} values).
     */
    public void explain(History history, boolean independent, Verdict verdict) {
        var invalid = verdict.firstInvalid();
        if (invalid.isEmpty() || invalid.get().explanation() == null) return;
        PartitionResult result = invalid.get();
        Explanation e = result.explanation();
        reachableStates = e.reachableStates().size() > 50 ? e.reachableStates().subList(0, 50) : e.reachableStates();
        prefixLength = e.longestPrefix().size();
        for (int i = 0; i < e.longestPrefix().size(); i++) {
            flag(e.longestPrefix().get(i), PREFIX, i + 1);
        }
        Operation failing = e.failingOp();
        Integer failingSpan = flag(failing, FAILING, -1);
        if (failingSpan != null) {
            jumps.add(failingSpan);
            jumpLabels.add("the op that cannot be linearized");
        }
        String keyName = independent ? Values.keyName(result.key()) : null;
        for (Operation o : Partitioner.pair(history)) {
            if (jumps.size() > MAX_CONFLICTS) break;
            if (o.callIndex() == failing.callIndex() || !overlaps(o, failing)) continue;
            if (o.completion() != null && o.completion().type() == OpType.FAIL) continue; // it did not happen
            if (keyName != null && !keyName.equals(keyOfValue(o.invoke().value()))) continue;
            Integer s = flag(o, CONFLICT, -1);
            if (s != null) {
                jumps.add(s);
                jumpLabels.add("concurrent with it on the same key");
            }
        }
        if (!e.longestPrefix().isEmpty()) {
            Integer last = opSpans.get(keyOf(e.longestPrefix().get(e.longestPrefix().size() - 1)));
            if (last != null && !jumps.contains(last)) {
                jumps.add(last);
                jumpLabels.add("the last op of the longest linearizable prefix");
            }
        }
    }

    /** The key of an independent op's {@code [k v]} value, named as the checker names keys. */
    private static String keyOfValue(Object value) {
        if (!(value instanceof List<?> l) || l.size() != 2) return null;
        return Values.keyName(l.get(0) == null ? "nil" : l.get(0));
    }

    /** Whether two ops were in flight at the same time (by history positions; a crashed op never ends). */
    private static boolean overlaps(Operation a, Operation b) {
        long aEnd = a.completion() == null ? Long.MAX_VALUE : a.completion().index();
        long bEnd = b.completion() == null ? Long.MAX_VALUE : b.completion().index();
        return a.invoke().index() < bEnd && b.invoke().index() < aEnd;
    }

    private Integer flag(Operation o, int flag, int position) {
        Integer index = opSpans.get(keyOf(o));
        if (index == null) return null;
        Span s = spans.get(index);
        spans.set(index, new Span(s.lane(), s.fromMs(), s.toMs(), s.kind(), s.label(), s.flags() | flag,
                position > 0 ? position : s.prefixPosition()));
        return index;
    }

    /** The jump targets, one line each ({@code the op that cannot be linearized: c2: p2 read k0 -> 5}). */
    public List<String> jumpLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < jumps.size(); i++) {
            Span s = spans.get(jumps.get(i));
            lines.add(jumpLabels.get(i) + ": " + lanes.get(s.lane()).name() + ": " + s.label());
        }
        return lines;
    }

    /** How many messages and state lines the page holds, by kind of message ({@code vote=12, append=40}). */
    public Map<String, Integer> arrowCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Arrow a : arrows) counts.merge(a.kind(), 1, Integer::sum);
        return counts;
    }

    public int stateCount() {
        return states.size();
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static String keyOf(Operation o) {
        return o.process() + ":" + o.callIndex();
    }

    private static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** The page's data, as plain lists and maps for its JSON. */
    Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", title);
        d.put("notes", notes);
        d.put("failure", failure);
        d.put("endMs", round(Math.max(1, endMs)));
        List<Object> laneRows = new ArrayList<>();
        for (Lane l : lanes) laneRows.add(List.of(l.name(), l.group()));
        d.put("lanes", laneRows);
        List<String> kinds = new ArrayList<>();
        Map<String, Integer> kindIndex = new TreeMap<>();
        List<Object> spanRows = new ArrayList<>(spans.size());
        for (Span s : spans) {
            spanRows.add(List.of(s.lane(), round(s.fromMs()), round(s.toMs()), kind(s.kind(), kinds, kindIndex),
                    s.label(), s.flags(), s.prefixPosition()));
        }
        d.put("spans", spanRows);
        d.put("spanKinds", kinds);
        List<String> arrowKinds = new ArrayList<>();
        Map<String, Integer> arrowKindIndex = new TreeMap<>();
        List<Object> arrowRows = new ArrayList<>(arrows.size());
        for (Arrow a : arrows) {
            arrowRows.add(List.of(a.from(), a.to(), round(a.sentMs()), round(a.receivedMs()),
                    kind(a.kind(), arrowKinds, arrowKindIndex), a.label()));
        }
        d.put("arrows", arrowRows);
        d.put("arrowKinds", arrowKinds);
        List<Object> stateRows = new ArrayList<>(states.size());
        for (State s : states) stateRows.add(List.of(s.lane(), round(s.atMs()), s.text()));
        d.put("states", stateRows);
        List<Object> markRows = new ArrayList<>();
        for (Mark m : marks) markRows.add(List.of(round(m.atMs()), m.label(), m.colour()));
        d.put("marks", markRows);
        d.put("jumps", jumps);
        d.put("jumpLabels", jumpLabels);
        d.put("prefixLength", prefixLength);
        d.put("reachableStates", reachableStates);
        d.put("dropped", Map.of("spans", droppedSpans, "arrows", droppedArrows, "states", droppedStates));
        return d;
    }

    private static int kind(String kind, List<String> kinds, Map<String, Integer> index) {
        return index.computeIfAbsent(kind, k -> {
            kinds.add(k);
            return kinds.size() - 1;
        });
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    String title() {
        return title;
    }
}
