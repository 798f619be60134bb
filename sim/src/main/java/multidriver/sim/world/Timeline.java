package multidriver.sim.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What happened when, for the HTML report: spans on lanes ({@code n0..}, {@code c0..}, {@code net}). Only recorded
 * for replays and shrunk schedules; bounded.
 */
public final class Timeline {
    /** One span; {@code toMs == fromMs} for an instant. {@code kind} picks the colour. */
    public record Span(String lane, long fromMs, long toMs, String kind, String label) {
    }

    private static final int MAX_SPANS = 200_000;
    private final List<Span> spans = new ArrayList<>();

    public void add(String lane, long fromMs, long toMs, String kind, String label) {
        if (spans.size() < MAX_SPANS) spans.add(new Span(lane, fromMs, toMs, kind, label));
    }

    public List<Span> spans() {
        return Collections.unmodifiableList(spans);
    }
}
