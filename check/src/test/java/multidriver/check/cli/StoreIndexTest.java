package multidriver.check.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** store/index.html lists the runs it finds, newest first, and the server serves the store and nothing else. */
class StoreIndexTest {
    private static void run(Path store, String kind, String name, String summaryFile, String json, String page)
            throws IOException {
        Path dir = Files.createDirectories(store.resolve(kind).resolve(name));
        Files.writeString(dir.resolve(summaryFile), json);
        if (page != null) Files.writeString(dir.resolve(page), "<html>" + name + "</html>");
    }

    private static Path store(Path tmp) throws IOException {
        Path store = tmp.resolve("store");
        run(store, "sim", "20261201T100000Z", "summary.json", "{\"seed\":7,\"schedules\":1000,\"violations\":0,"
                + "\"exitCode\":0,\"run\":{\"commandLine\":\"simulate.sh --seed 7\",\"gitCommit\":"
                + "\"0123456789abcdef0123-dirty\"}}", null);
        run(store, "chaos", "20261202T090000Z", "results.json", "{\"valid\":false,\"reason\":\"2 key(s) lost an"
                + " acknowledged write <b>\",\"options\":{\"seed\":3},\"run\":{\"commandLine\":\"chaos.sh with"
                + " {target=redis}\"}}", "index.html");
        run(store, "maelstrom", "20261202T080000Z", "results.json", "{\"valid\":\"unknown\",\"reason\":\"budget\"}",
                "index.html");
        run(store, "chaos", "20261202T110000Z", "results.json", "not json", null);
        Files.createDirectories(store.resolve("chaos/20261202T120000Z")); // still running: no results yet
        Files.createDirectories(store.resolve("sim/election")); // not a run folder
        return store;
    }

    @Test
    void theIndexListsEveryFinishedRunNewestFirstWithVerdictSeedCommandAndLink(@TempDir Path tmp) throws IOException {
        Path store = store(tmp);
        List<StoreIndex.Row> rows = StoreIndex.rows(store);
        assertEquals(List.of("20261202T110000Z", "20261202T090000Z", "20261202T080000Z", "20261201T100000Z"),
                rows.stream().map(StoreIndex.Row::name).toList());
        StoreIndex.Row chaos = rows.get(1);
        assertEquals("invalid", chaos.verdict());
        assertEquals("3", chaos.seed());
        assertEquals("chaos/20261202T090000Z/index.html", chaos.link());
        StoreIndex.Row sim = rows.get(3);
        assertEquals("valid", sim.verdict());
        assertEquals("0123456789ab-dirty", sim.commit());
        assertTrue(sim.reason().startsWith("1000 schedules, 0 violation(s)"), sim.reason());
        assertEquals("sim/20261201T100000Z/summary.json", sim.link());
        assertEquals("unknown", rows.get(2).verdict());
        assertEquals("unreadable", rows.get(0).verdict());
        String html = Files.readString(StoreIndex.write(store));
        assertTrue(html.contains("5 run folder(s), newest first"), "one still running, without results: " + html);
        assertTrue(html.contains("acknowledged write &lt;b&gt;") && !html.contains("write <b>"), "escaped");
    }

    @Test
    void aRunOutsideAStoreLeavesNoIndexAndARunInsideOneRefreshesIt(@TempDir Path tmp) throws IOException {
        Path store = store(tmp);
        StoreIndex.refreshFor(tmp.resolve("elsewhere/20261202T090000Z"));
        assertFalse(Files.exists(tmp.resolve("index.html")));
        StoreIndex.refreshFor(store.resolve("chaos/20261202T090000Z"));
        assertTrue(Files.readString(store.resolve("index.html")).contains("20261202T090000Z"));
    }

    @Test
    void theServerServesTheStoreReadOnlyOnLoopbackAndNothingOutsideIt(@TempDir Path tmp) throws Exception {
        Path store = store(tmp);
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(store.resolve("chaos/link-out"), tmp.resolve("secret.txt"));
        StoreIndex.write(store);
        HttpClient http = HttpClient.newHttpClient();
        try (StoreServer server = StoreServer.start(store, 0)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("multi-driver store"), index.body());
            assertEquals("<html>20261202T090000Z</html>", http.send(HttpRequest.newBuilder(
                    URI.create(base + "/chaos/20261202T090000Z/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(301, http.send(HttpRequest.newBuilder(URI.create(base + "/chaos/20261202T090000Z")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            for (String escape : List.of("/../secret.txt", "/chaos/link-out", "/%2e%2e/secret.txt", "/nope.html")) {
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + escape)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), escape);
            }
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/index.html"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
