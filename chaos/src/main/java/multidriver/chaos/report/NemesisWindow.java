package multidriver.chaos.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Event;

/**
 * A fault's time in effect, from its {@code start-<name>} event to its {@code stop-<name>} event (or the end
 * of the run when it was never stopped).
 */
public record NemesisWindow(String nemesis, String description, long startNs, long stopNs) {
    public NemesisWindow {
        if (stopNs < startNs) {
            throw new IllegalArgumentException("window ends before it starts: " + startNs + " > " + stopNs);
        }
    }

    public static List<NemesisWindow> from(List<Event> events, long endNs) {
        List<NemesisWindow> out = new ArrayList<>();
        Map<String, Event.Nemesis> open = new LinkedHashMap<>();
        for (Event e : events) {
            if (!(e instanceof Event.Nemesis n)) {
                continue;
            }
            String value = String.valueOf(n.value());
            if (n.f().startsWith("start-") && !value.startsWith("failed:")) {
                open.put(n.f().substring("start-".length()), n);
            } else if (n.f().startsWith("stop-")) {
                Event.Nemesis start = open.remove(n.f().substring("stop-".length()));
                if (start != null) {
                    out.add(new NemesisWindow(n.f().substring("stop-".length()), String.valueOf(start.value()),
                            start.timeNs(), n.timeNs()));
                }
            }
        }
        open.forEach((name, start) -> out.add(new NemesisWindow(name, String.valueOf(start.value()), start.timeNs(),
                Math.max(endNs, start.timeNs()))));
        return out;
    }

    /** The kind for colouring: {@code partition-halves} → {@code partition}. */
    public String kind() {
        int dash = nemesis.indexOf('-');
        return dash < 0 ? nemesis : nemesis.substring(0, dash);
    }
}
