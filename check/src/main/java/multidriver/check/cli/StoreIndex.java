package multidriver.check.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code store/index.html}: the past runs of the simulator, the chaos harness and the Maelstrom driver, newest first,
 * with verdict, reason, seed, command line, commit and a link to each run's own page (as Jepsen's {@code lein run
 * serve} lists its store). Rewritten whole after every run; reads only the runs' own summary files.
 */
public final class StoreIndex {
    /** The folders of {@code store/} that hold runs, and what each is. */
    static final Map<String, String> KINDS = Map.of("sim", "simulation", "chaos", "chaos", "maelstrom", "maelstrom");
    /** Bounds the page: the newest runs only. */
    static final int MAX_ROWS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run as the index shows it. */
    record Row(String kind, String name, String verdict, String reason, String seed, String commandLine,
               String commit, String link) {
    }

    private StoreIndex() {
    }

    /**
     * After a run wrote {@code runDir}: rewrites the index of the store it lies in ({@code <store>/<kind>/<run>}),
     * when it lies in one. Never throws: the index is a convenience, the run's own report is what counts.
     */
    public static void refreshFor(Path runDir) {
        Path kindDir = runDir.toAbsolutePath().normalize().getParent();
        if (kindDir == null || kindDir.getParent() == null || !KINDS.containsKey(kindDir.getFileName().toString())) {
            return;
        }
        try {
            write(kindDir.getParent());
        } catch (IOException | RuntimeException e) {
            System.err.println("note: could not update " + kindDir.getParent().resolve("index.html") + ": " + e);
        }
    }

    /** Writes {@code store/index.html} (atomically: a reader never sees half a page). */
    public static Path write(Path store) throws IOException {
        Listing listing = listing(store);
        Path out = store.resolve("index.html");
        Path tmp = Files.createTempFile(store, ".index.html.", ".tmp"); // unique: two refreshes never share it
        Files.writeString(tmp, render(listing.rows(), listing.total()), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    /**
     * The newest {@link #MAX_ROWS} runs under {@code store}, newest first (run folders are named by their UTC start
     * time, so names sort by time); only those are read.
     */
    static List<Row> rows(Path store) throws IOException {
        return listing(store).rows();
    }

    /** The rows shown, and how many run folders there are in all. */
    record Listing(List<Row> rows, int total) {
    }

    static Listing listing(Path store) throws IOException {
        List<Path> runs = new ArrayList<>();
        for (String kind : KINDS.keySet().stream().sorted().toList()) {
            Path dir = store.resolve(kind);
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir)) {
                for (Path run : found) {
                    String name = run.getFileName().toString();
                    if (name.matches("\\d{8}T\\d{6}Z.*") && Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) {
                        runs.add(run);
                    }
                }
            }
        }
        runs.sort(Comparator.comparing((Path r) -> r.getFileName().toString()).reversed()
                .thenComparing(r -> r.getParent().getFileName().toString()));
        List<Row> rows = new ArrayList<>();
        for (Path run : runs.subList(0, Math.min(runs.size(), MAX_ROWS))) {
            Row row = row(run.getParent().getFileName().toString(), run);
            if (row != null) rows.add(row);
        }
        return new Listing(rows, runs.size());
    }

    private static Row row(String kind, Path run) {
        Path summary = run.resolve(kind.equals("sim") ? "summary.json" : "results.json");
        if (!Files.isRegularFile(summary)) return null; // still running, or not a run
        Map<?, ?> m;
        try {
            m = JSON.readValue(summary.toFile(), Map.class);
        } catch (IOException e) {
            return new Row(kind, run.getFileName().toString(), "unreadable", e.getMessage(), "", "", "",
                    summary.getFileName().toString());
        }
        Map<?, ?> record = m.get("run") instanceof Map<?, ?> r ? r : Map.of();
        String verdict;
        String reason;
        String seed;
        if (kind.equals("sim")) {
            Object violations = m.get("violations");
            verdict = Integer.valueOf(0).equals(m.get("exitCode")) ? "valid"
                    : Integer.valueOf(1).equals(m.get("exitCode")) ? "invalid" : "unknown";
            reason = m.get("schedules") + " schedules, " + violations + " violation(s)"
                    + (m.get("firstFailure") != null ? ": " + m.get("firstFailure") : "");
            seed = String.valueOf(m.get("seed"));
        } else {
            Object valid = m.get("valid");
            verdict = Boolean.TRUE.equals(valid) ? "valid" : Boolean.FALSE.equals(valid) ? "invalid" : "unknown";
            reason = String.valueOf(m.get("reason"));
            Object options = m.get("options");
            seed = options instanceof Map<?, ?> o && o.get("seed") != null ? String.valueOf(o.get("seed")) : "";
        }
        String link = Files.exists(run.resolve("index.html")) ? "index.html"
                : Files.exists(run.resolve("timeline.html")) ? "timeline.html" : summary.getFileName().toString();
        String commit = String.valueOf(record.containsKey("gitCommit") ? record.get("gitCommit") : "");
        return new Row(kind, run.getFileName().toString(), verdict, reason, seed,
                String.valueOf(record.containsKey("commandLine") ? record.get("commandLine") : ""),
                commit.length() > 12 ? commit.substring(0, 12) + (commit.endsWith("-dirty") ? "-dirty" : "") : commit,
                kind + "/" + urlSegment(run.getFileName().toString()) + "/" + link);
    }

    static String render(List<Row> rows, int total) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>multi-driver store</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}")
                .append(".valid{color:#060}.invalid{color:#b00;font-weight:bold}.unknown,.unreadable{color:#a60}")
                .append("code{font-size:90%}</style></head><body>\n<h1>multi-driver store</h1>\n<p>")
                .append(total).append(" run folder(s), newest first")
                .append(total > MAX_ROWS ? "; the newest " + MAX_ROWS + " are listed" : "")
                .append(". Each links to its own report.</p>\n<table>\n<tr><th>run (UTC)</th><th>kind</th>")
                .append("<th>verdict</th><th>why</th><th>seed</th><th>command line</th><th>commit</th></tr>\n");
        for (Row r : rows) {
            h.append("<tr><td><a href=\"").append(escape(r.link())).append("\">").append(escape(r.name()))
                    .append("</a></td><td>").append(escape(KINDS.get(r.kind()))).append("</td><td class=\"")
                    .append(escape(r.verdict())).append("\">").append(escape(r.verdict())).append("</td><td>")
                    .append(escape(shorten(r.reason(), 300))).append("</td><td>").append(escape(r.seed()))
                    .append("</td><td><code>").append(escape(shorten(r.commandLine(), 300))).append("</code></td><td>")
                    .append(escape(r.commit())).append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** A folder name as one URL path segment ({@code #}, {@code ?} and {@code %} encoded). */
    private static String urlSegment(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + " ...";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
