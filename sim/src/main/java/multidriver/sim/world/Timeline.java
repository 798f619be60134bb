package multidriver.sim.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What happened when, for the HTML report: spans on lanes ({@code n0..}, {@code c0..}, {@code net}). Only recorded
 * for replays and shrunk schedules; bounded.
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

    private static final int MAX_SPANS = 200_000;
    private final List<Span> spans = new ArrayList<>();

    public void add(String lane, long fromMs, long toMs, String kind, String label) {
        add(new Span(lane, fromMs, toMs, kind, label));
    }

    public void add(Span span) {
        if (spans.size() < MAX_SPANS) spans.add(span);
    }

    public List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }
}
