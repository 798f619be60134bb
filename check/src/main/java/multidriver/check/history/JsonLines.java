package multidriver.check.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Histories as JSON lines: one op object per line, e.g.
 * {@code {"process":3,"type":"invoke","f":"write","value":["k1",5],"index":0,"time":12}}.
 * Keywords are written as plain strings; models compare keys by name, so that loses nothing they use.
 * Blank lines are skipped; nemesis ops (non-integer process) are dropped.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private JsonLines() {
    }

    public static History read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (HistoryFormatException e) {
            throw e.withSource(file.toString());
        }
    }

    public static History parse(String text) {
        try {
            return read(new BufferedReader(new java.io.StringReader(text)));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private static History read(BufferedReader r) throws IOException {
        List<Op> ops = new ArrayList<>();
        List<NemesisEvent> nemesis = new ArrayList<>();
        String text;
        int line = 0;
        while ((text = r.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            Object form;
            try {
                form = MAPPER.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new HistoryFormatException(line, "expected one JSON object per line: "
                        + e.getOriginalMessage());
            }
            OpMaps.addTo(jsonToValue(form), line, ops, nemesis);
        }
        return History.of(ops, nemesis);
    }

    private static Object jsonToValue(Object form) {
        // Jackson gives Integer/Long/BigInteger/Double, ArrayList, LinkedHashMap: normalise them.
        return Values.normalize(form);
    }

    public static void write(History history, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, w);
        }
    }

    public static void write(History history, Writer w) throws IOException {
        for (Op op : history.ops()) {
            w.write(toJson(op));
            w.write('\n');
        }
    }

    public static String toJson(Op op) {
        try {
            return MAPPER.writeValueAsString(jsonable(OpMaps.toMap(op, false)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + op, e);
        }
    }

    /** Keywords become their names; collections are copied into JSON-friendly shapes. */
    static Object jsonable(Object v) {
        if (v instanceof Keyword k) {
            return k.name();
        }
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(Values.keyName(k), jsonable(x)));
            return out;
        }
        if (v instanceof java.util.Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(jsonable(x)));
            return out;
        }
        if (v instanceof EdnTagged t) {
            return jsonable(t.value());
        }
        return v;
    }
}
