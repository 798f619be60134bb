package multidriver.check.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import multidriver.check.history.History;
import multidriver.check.model.Models;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker's page in a real (headless) browser: the page of a 10,000-operation history whose failure is near its
 * end stays small, and its jump link puts the failing op in view without any scrolling by hand.
 */
class ReportInBrowserTest {
    @TempDir Path dir;

    @Test
    void theJumpPutsTheFailingOpOfA10000OpHistoryInView() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
        History h = ExplorerInBrowserTest.tenThousandOps();
        Verdict v = Linearizability.check(h, Models.casRegister(0L), CheckOptions.defaults());
        assertEquals(Outcome.INVALID, v.outcome());
        Path page = dir.resolve("report.html");
        HtmlReport.write(h, v, page);
        long bytes = Files.size(page);
        assertTrue(bytes < 5L << 20, "the page of 10,000 ops is under 5 MB: " + bytes);

        HeadlessChromium.Page jumped = chromium.dumpDom(page, "fail");
        assertEquals("true", jumped.bodyData("fail-visible"), "the failing op is in view after its jump");
        HeadlessChromium.Page plain = chromium.dumpDom(page, null);
        assertEquals(null, plain.bodyData("fail-visible"), "no jump, no claim");
        assertEquals("false", plain.bodyData("fail-visible-at-load"), "without the jump the failure is out of view");
        assertTrue(jumped.dom().contains("<g class=\"fault\"><title>partition \"isolate node-2\"</title>"),
                "the partition is drawn as a fault band");
        String shots = System.getProperty("multidriver.screenshots"); // -Dmultidriver.screenshots=$PWD/docs
        if (shots != null) chromium.screenshot(page, "fail", Path.of(shots).resolve("checker-failure.png"));
        System.out.println("ReportInBrowserTest: " + h.size() + " events, page " + bytes + " bytes, loaded in "
                + jumped.bodyData("load-ms") + " ms (browser start to exit " + jumped.wallMs() + " ms)");
    }
}
