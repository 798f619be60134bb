package multidriver.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.check.search.Outcome;
import multidriver.sim.disk.DiskFaultCounters;
import multidriver.sim.world.Failure;
import multidriver.sim.world.RunStats;

/**
 * {@code outcomes.jsonl} in a campaign's report directory: one line per schedule, everything its summary is made of,
 * so that the summaries of shards can be merged into exactly the unsharded one ({@code --merge}).
 */
final class OutcomeFile {
    static final String NAME = "outcomes.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A campaign holds at most this many schedules; a longer file is not one of ours. */
    private static final int MAX_LINES = 10_000_000;

    private OutcomeFile() {
    }

    static void write(List<ScheduleOutcome> outcomes, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ScheduleOutcome o : outcomes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", o.index());
                m.put("seed", o.seed());
                m.put("traceHash", Long.toHexString(o.traceHash()));
                m.put("events", o.events());
                m.put("simulatedMs", o.simulatedMs());
                m.put("searchSteps", o.searchSteps());
                m.put("linearizable", o.linearizable() == null ? null : o.linearizable().name());
                if (o.failure() != null) {
                    m.put("failure", Map.of("kind", o.failure().kind().name(), "message", o.failure().message(),
                            "atMs", o.failure().atMs()));
                }
                if (o.determinismProblem() != null) m.put("determinismProblem", o.determinismProblem());
                if (o.stats() != null) m.put("stats", o.stats());
                if (o.diskFaults() != null) m.put("diskFaults", o.diskFaults().toMap());
                w.write(JSON.writeValueAsString(m));
                w.newLine();
            }
        }
    }

    /** Reads a file {@link #write} wrote; anything else is a clear error naming the file and line. */
    static List<ScheduleOutcome> read(Path file) throws IOException {
        List<ScheduleOutcome> outcomes = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (lineNumber > MAX_LINES) throw new IOException(file + ": more than " + MAX_LINES + " lines");
            if (line.isBlank()) continue;
            try {
                outcomes.add(parse(JSON.readTree(line)));
            } catch (RuntimeException | IOException e) {
                throw new IOException(file + " line " + lineNumber + ": not a schedule outcome (" + e.getMessage()
                        + ")", e);
            }
        }
        return outcomes;
    }

    private static ScheduleOutcome parse(JsonNode n) {
        Failure failure = null;
        if (n.hasNonNull("failure")) {
            JsonNode f = n.get("failure");
            failure = new Failure(Failure.Kind.valueOf(f.get("kind").asText()), f.get("message").asText(),
                    f.get("atMs").asLong());
        }
        RunStats stats = n.hasNonNull("stats") ? JSON.convertValue(n.get("stats"), RunStats.class) : null;
        DiskFaultCounters disk = null;
        if (n.hasNonNull("diskFaults")) {
            disk = DiskFaultCounters.fromMap(JSON.convertValue(n.get("diskFaults"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, Long>>>() { }));
        }
        Outcome lin = n.hasNonNull("linearizable") ? Outcome.valueOf(n.get("linearizable").asText()) : null;
        return new ScheduleOutcome(req(n, "index").asLong(), req(n, "seed").asLong(), failure, lin,
                Long.parseUnsignedLong(req(n, "traceHash").asText(), 16), req(n, "events").asLong(),
                req(n, "simulatedMs").asLong(), req(n, "searchSteps").asLong(), stats,
                n.hasNonNull("determinismProblem") ? n.get("determinismProblem").asText() : null, disk);
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing \"" + field + "\"");
        return v;
    }
}
