package multidriver.check.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import multidriver.check.history.History;
import multidriver.check.model.Models;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final History STALE = History.builder()
            .invoke(0, "write", 1, 0).ok(0, "write", 1, 1)
            .invoke(2, "write", 9, 2).fail(2, "write", 9, 3)
            .invoke(3, "write", 8, 4).info(3, "write", 8, 5)
            .invoke(1, "read", null, 6).ok(1, "read", 0, 7)
            .build();

    @Test
    void invalidHistoryReportHighlightsTheFailingOpAndIsSelfContained(@TempDir Path dir) throws IOException {
        Verdict v = Linearizability.check(STALE, Models.casRegister(0), CheckOptions.defaults());
        assertEquals(Outcome.INVALID, v.outcome());
        Path file = dir.resolve("sub/report.html");
        HtmlReport.write(STALE, v, file);
        String html = Files.readString(file);
        assertTrue(html.contains("INVALID"));
        Matcher failing = Pattern.compile("<g class=\"op failing\" id=\"fail-\\d+\"><title>([^<]*)</title>").matcher(html);
        assertTrue(failing.find(), "the failing op is drawn as a highlighted bar");
        assertTrue(failing.group(1).contains(":f :read :value 0"), failing.group(1));
        assertFalse(failing.find(), "exactly one op is highlighted");
        assertTrue(html.contains("failed: did not happen"), "the failed write is drawn as such");
        assertTrue(html.contains("indeterminate"), "the info write is drawn as such");
        assertTrue(html.contains("Longest linearizable prefix"));
        assertTrue(html.contains("href=\"#fail\"") && html.contains("href=\"#fail-1\""), "jump links to the failure");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="),
                "no external resources");
    }

    @Test
    void validIndependentHistoryNumbersTheLinearizationPerKey() {
        History h = History.builder()
                .invoke(0, "write", List.of("a", 1), 0).ok(0, "write", List.of("a", 1), 1)
                .invoke(1, "write", List.of("b", 2), 2).ok(1, "write", List.of("b", 2), 3)
                .build();
        Verdict v = Linearizability.check(h, Models.casRegister(0), CheckOptions.defaults().withIndependent(true));
        String html = HtmlReport.render(h, v, "t");
        assertTrue(html.contains("key &quot;a&quot;"), "a section per key");
        assertTrue(html.contains("key &quot;b&quot;"));
        assertEquals(2, Pattern.compile(">#1 ").matcher(html).results().count(),
                "bars carry their linearization position, per key");
    }

    @Test
    void escapesMarkupInValues() {
        History h = History.builder().invoke(0, "write", "<script>", 0).ok(0, "write", "<script>", 1)
                .invoke(1, "read", null, 2).ok(1, "read", "x", 3).build();
        Verdict v = Linearizability.check(h, Models.casRegister(null), CheckOptions.defaults());
        String html = HtmlReport.render(h, v, "<title>");
        assertEquals(1, Pattern.compile("<script>").matcher(html).results().count(), "only the page's own script");
        assertTrue(html.contains("&lt;script&gt;"));
    }
}
