package multidriver.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Event;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.Keyword;

/**
 * Writes the whole history, nemesis events included, as Jepsen EDN (a vector of op maps, one per line) and as
 * JSON lines. Both read back with the check module's readers, which skip the {@code :nemesis} ops.
 */
public final class HistoryFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryFiles() {
    }

    public static void writeEdn(List<Event> events, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[");
            for (int i = 0; i < events.size(); i++) {
                w.write(i == 0 ? "" : "\n ");
                w.write(EdnWriter.toEdn(map(events.get(i), true)));
            }
            w.write("]\n");
        }
    }

    public static void writeJsonLines(List<Event> events, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Event e : events) {
                w.write(JSON.writeValueAsString(map(e, false)));
                w.write("\n");
            }
        }
    }

    /** Jepsen's op map; keys are keywords for EDN and strings for JSON. */
    static Map<Object, Object> map(Event event, boolean edn) {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (event instanceof Event.Client c) {
            m.put(kw("process", edn), c.process());
            m.put(kw("type", edn), kw(c.type().jepsenName(), edn));
            m.put(kw("f", edn), kw(c.f(), edn));
            m.put(kw("value", edn), c.value());
            m.put(kw("time", edn), c.timeNs());
            m.put(kw("index", edn), c.index());
            if (c.error() != null) {
                m.put(kw("error", edn), c.error());
            }
        } else if (event instanceof Event.Nemesis n) {
            m.put(kw("process", edn), kw("nemesis", edn));
            m.put(kw("type", edn), kw("info", edn));
            m.put(kw("f", edn), kw(n.f(), edn));
            m.put(kw("value", edn), String.valueOf(n.value()));
            m.put(kw("time", edn), n.timeNs());
            m.put(kw("index", edn), n.index());
        }
        return m;
    }

    /** A keyword in EDN (map keys and names such as {@code :ok}), a plain string in JSON. */
    private static Object kw(String name, boolean edn) {
        return edn ? new Keyword(name) : name;
    }
}
