package multidriver.sim.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What happened when, for the failure explorer: spans on lanes ({@code n0..}, {@code c0..}, {@code net}), the
 * messages delivered between machines, and each machine's state line whenever it changed. Only recorded for replays
 * and shrunk schedules; bounded.
 */
public final class Timeline {
    /**
     * One span; {@code toMs == fromMs} for an instant. {@code kind} picks the colour. A client op's span carries its
     * Jepsen {@code process} and the history index of its invocation ({@code -1} for anything else), so the page
     * can mark the op a checker names.
     */
    public record Span(String lane, long fromMs, long toMs, String kind, String label, long process, long invokeIndex) {
        public Span(String lane, long fromMs, long toMs, String kind, String label) {
            this(lane, fromMs, toMs, kind, label, -1, -1);
        }
    }

    /** A message delivered from machine {@code from} to machine {@code to}; {@code kind} and {@code label} as shown. */
    public record Arrow(int from, int to, long sentMs, long receivedMs, String kind, String label) {
    }

    /** What machine {@code node} held from {@code atMs} on, as its {@code describeState} put it ("down" when down). */
    public record State(int node, long atMs, String text) {
    }

    private static final int MAX_SPANS = 200_000;
    private static final int MAX_ARROWS = 200_000;
    private static final int MAX_STATES = 200_000;
    private final List<Span> spans = new ArrayList<>();
    private final List<Arrow> arrows = new ArrayList<>();
    private final List<State> states = new ArrayList<>();

    public void add(String lane, long fromMs, long toMs, String kind, String label) {
        add(new Span(lane, fromMs, toMs, kind, label));
    }

    public void add(Span span) {
        if (spans.size() < MAX_SPANS) spans.add(span);
    }

    public void arrow(Arrow arrow) {
        if (arrows.size() < MAX_ARROWS) arrows.add(arrow);
    }

    public void state(State state) {
        if (states.size() < MAX_STATES) states.add(state);
    }

    /** The checker's verdict on the run's history, kept for the explorer's explanation (null until checked). */
    private multidriver.check.search.Verdict verdict;

    public void verdict(multidriver.check.search.Verdict checked) {
        this.verdict = checked;
    }

    public multidriver.check.search.Verdict verdict() {
        return verdict;
    }

    public List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }

    public List<Arrow> arrows() {
        return Collections.unmodifiableList(arrows);
    }

    public List<State> states() {
        return Collections.unmodifiableList(states);
    }
}
