package multidriver.check.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line between {@link KnossosSession} and its worker process ({@link KnossosWorker}): a job going in (JSON, one
 * line), an answer coming out ({@code verdict MILLIS MESSAGE}). The worker first prints {@code loaded MILLIS} once
 * Knossos's namespaces are loaded, or {@code error 0 MESSAGE} when they cannot be. Every protocol line the worker
 * prints starts with {@link #MARK}; anything else on its stdout (a JVM's own log lines) is skipped.
 *
 * @param model       Knossos model function in {@code knossos.model}
 * @param initEdn     the model's initial value as EDN
 * @param independent split {@code [k v]} values per key first
 * @param timeLimitMs Knossos's own {@code :time-limit}
 * @param historyEdn  the history as EDN
 */
record KnossosJob(String model, String initEdn, boolean independent, long timeLimitMs, String historyEdn) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Starts every line of the worker's side of the protocol. */
    static final String MARK = "@@knossos ";

    /** Makes Jackson ready before the worker says it loaded, so the first job's time is its search's. */
    static void warmUp() throws IOException {
        fromLine(new KnossosJob("", "", false, 1, "").toLine());
    }

    String toLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("init", initEdn);
        m.put("independent", independent);
        m.put("timeLimitMs", timeLimitMs);
        m.put("history", historyEdn);
        try {
            return JSON.writeValueAsString(m); // JSON escapes newlines: one line
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KnossosJob fromLine(String line) throws IOException {
        Map<?, ?> m = JSON.readValue(line, Map.class);
        return new KnossosJob((String) m.get("model"), (String) m.get("init"),
                Boolean.TRUE.equals(m.get("independent")), ((Number) m.get("timeLimitMs")).longValue(),
                (String) m.get("history"));
    }

    /** An answer line: the verdict word, milliseconds, and a message without line breaks. */
    static String answer(String verdict, long millis, String message) {
        return MARK + verdict + " " + millis + " " + message.replace('\n', ' ').replace('\r', ' ');
    }

    /** The worker's line saying Knossos loaded in {@code millis}. */
    static String loaded(long millis) {
        return MARK + "loaded " + millis;
    }

    /** Parses an answer line into a result; a line that is not one is an error. */
    static KnossosCrossCheck.Result parseAnswer(String line, long loadMillis) {
        String body = line != null && line.startsWith(MARK) ? line.substring(MARK.length()) : line;
        String[] parts = body == null ? new String[0] : body.split(" ", 3);
        if (parts.length < 2 || !java.util.List.of("valid", "invalid", "unknown", "error").contains(parts[0])) {
            return new KnossosCrossCheck.Result("error", "the Knossos worker answered " + line, 0, loadMillis);
        }
        long ms;
        try {
            ms = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return new KnossosCrossCheck.Result("error", "the Knossos worker answered " + line, 0, loadMillis);
        }
        return new KnossosCrossCheck.Result(parts[0], parts.length > 2 ? parts[2] : "", ms, loadMillis);
    }
}
