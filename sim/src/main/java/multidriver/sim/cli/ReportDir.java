package multidriver.sim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.JsonLines;
import multidriver.sim.world.ScheduleResult;

/**
 * The report directory of a run: {@code store/sim/<timestamp>/} by default, with a {@code latest} link next to it.
 * Holds {@code summary.json}, reproducers, and for a failing schedule its history (EDN and JSON lines) and an HTML
 * timeline. The timestamp is wall-clock time: it names the directory, it never enters a schedule.
 */
public final class ReportDir {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    private ReportDir(Path dir) {
        this.dir = dir;
    }

    public static ReportDir create(Path out) throws IOException {
        Path dir = out;
        if (dir == null) {
            Path base = Path.of("store", "sim");
            String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
            dir = base.resolve(stamp);
            for (int i = 2; Files.exists(dir); i++) dir = base.resolve(stamp + "-" + i);
            Files.createDirectories(dir);
            Path latest = base.resolve("latest");
            try {
                Files.deleteIfExists(latest);
                Files.createSymbolicLink(latest, dir.getFileName());
            } catch (IOException | UnsupportedOperationException e) {
                // The link is a convenience; a file system without symlinks still gets the report.
            }
        }
        Files.createDirectories(dir);
        return new ReportDir(dir);
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    void writeSummary(Map<String, Object> summary) throws IOException {
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
        multidriver.check.cli.StoreIndex.refreshFor(dir); // store/index.html, when dir is store/sim/<run>
    }

    /** The run's history (EDN and JSON lines) and, when recorded, its timeline, with file names {@code prefix}ed. */
    public void writeFailingRun(ScheduleResult result, String prefix, String title) throws IOException {
        EdnWriter.write(result.history(), dir.resolve(prefix + "history.edn"));
        JsonLines.write(result.history(), dir.resolve(prefix + "history.jsonl"));
        if (result.timeline() != null) {
            Files.writeString(dir.resolve(prefix + "timeline.html"),
                    TimelineHtml.render(result.schedule(), result.failure(), result.timeline(), result.history(), title),
                    StandardCharsets.UTF_8);
        }
    }
}
