package multidriver.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import multidriver.check.report.HtmlReport;

/**
 * Writes a run's report directory: results.json, history.edn, history.jsonl, explorer.html (nodes, clients,
 * faults and the checker's explanation on one zoomable page; register workloads), timeline.html (the checker's),
 * latency.svg, throughput.svg, index.html linking them, and logs/node-N.log.
 */
public final class RunReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private RunReport() {
    }

    /** A fresh {@code base/<UTC timestamp>} directory (suffixed when two runs start in the same second). */
    public static Path createRunDir(Path base) throws IOException {
        String name = DIR_NAME.format(ZonedDateTime.now(ZoneOffset.UTC));
        Files.createDirectories(base);
        Path dir = base.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = base.resolve(name + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    public static Map<String, Object> write(Path dir, RunFindings f) throws IOException {
        List<CompletedOp> completed = CompletedOp.pair(f.events());
        long endNs = f.events().isEmpty() ? 0 : f.events().get(f.events().size() - 1).timeNs();
        List<NemesisWindow> windows = NemesisWindow.from(f.events(), f.workloadEndNs());
        HistoryFiles.writeEdn(f.events(), dir.resolve("history.edn"));
        HistoryFiles.writeJsonLines(f.events(), dir.resolve("history.jsonl"));
        Files.writeString(dir.resolve("latency.svg"), Plots.latency(completed, windows, endNs), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("throughput.svg"), Plots.throughput(completed, windows, endNs),
                StandardCharsets.UTF_8);
        if (!f.totalWorkload()) {
            multidriver.check.report.ExplorerPage.write(ChaosExplorer.of(f), dir.resolve("explorer.html"));
        }
        if (f.verdict() != null) {
            HtmlReport.write(f.clientHistory(), f.verdict(), dir.resolve("timeline.html"));
        } else {
            Files.writeString(dir.resolve("timeline.html"), "<!doctype html><title>no timeline</title><p>The "
                    + "linearizability check did not run: " + SvgCanvas.escape(String.valueOf(f.checkError())) + "</p>\n");
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (Map.Entry<String, String> e : f.nodeLogs().entrySet()) {
            Files.writeString(logs.resolve(e.getKey() + ".log"), e.getValue(), StandardCharsets.UTF_8);
        }
        Map<String, Object> results = ResultsJson.build(f, completed, windows);
        JSON.writeValue(dir.resolve("results.json").toFile(), results);
        Files.writeString(dir.resolve("index.html"), IndexPage.render(f, results), StandardCharsets.UTF_8);
        multidriver.check.cli.StoreIndex.refreshFor(dir); // store/index.html, when dir is store/chaos/<run>
        return results;
    }

    /** Points {@code base/latest} at {@code dir} (a relative symlink, replaced atomically). */
    public static void linkLatest(Path base, Path dir) throws IOException {
        Path tmp = base.resolve(".latest-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, base.relativize(dir));
        Files.move(tmp, base.resolve("latest"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
