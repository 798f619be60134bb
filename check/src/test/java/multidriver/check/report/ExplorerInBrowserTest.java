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
 * The explorer page in a real (headless) browser: a 10,000-operation history whose failure is near its end gives a
 * page under 5 MB, and the page's jump to the failure zooms to it and puts it in view. The load time is printed
 * (a timing is never a pass/fail test on a shared machine).
 */
class ExplorerInBrowserTest {
    @TempDir Path dir;

    /** 10 processes write and read one register in turn; near the end a read returns a value nobody wrote. */
    static History tenThousandOps() {
        History.Builder b = History.builder();
        long t = 0;
        long value = 0;
        for (int i = 0; i < 5_000; i++) {
            long p = i % 10;
            boolean write = i % 3 != 2;
            long shown = i == 4_901 ? 999_999 : value;
            if (i == 4_880) b.nemesis("start-partition", "isolate node-2", t);
            if (i == 4_930) b.nemesis("stop-partition", "isolate node-2", t);
            if (write) value = i;
            b.invoke(p, write ? "write" : "read", write ? value : null, t += 1_000_000);
            b.ok(p, write ? "write" : "read", write ? value : shown, t += 1_000_000);
        }
        return b.build();
    }

    @Test
    void theJumpZoomsToTheFailingOpOfA10000OpHistory() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
        History h = tenThousandOps();
        Verdict v = Linearizability.check(h, Models.casRegister(0L), CheckOptions.defaults());
        assertEquals(Outcome.INVALID, v.outcome());
        Explorer explorer = HistoryExplorer.of("explorer of 10,000 ops", h, false, v);
        Path page = dir.resolve("explorer.html");
        ExplorerPage.write(explorer, page);
        long bytes = Files.size(page);
        assertTrue(bytes < 5L << 20, "the page of 10,000 ops is under 5 MB: " + bytes);

        HeadlessChromium.Page jumped = chromium.dumpDom(page, "fail");
        assertEquals("true", jumped.bodyData("fail-visible"), "the failing op is in view after its jump");
        assertTrue(jumped.dom().contains("CANNOT BE LINEARIZED: read 999999"), "the failing bar names its value");
        assertTrue(jumped.dom().contains("At "), "the jump picks the failing op's instant");
        assertTrue(jumped.dom().contains("partition &quot;isolate node-2&quot;")
                || jumped.dom().contains("partition \"isolate node-2\""), "the partition is a fault band");
        HeadlessChromium.Page plain = chromium.dumpDom(page, null);
        assertEquals(null, plain.bodyData("fail-visible"), "no jump, no claim");
        assertTrue(plain.bodyData("load-ms") != null, "the page's script ran to the end");
        String shots = System.getProperty("multidriver.screenshots"); // -Dmultidriver.screenshots=$PWD/docs
        if (shots != null) chromium.screenshot(page, "fail", Path.of(shots).resolve("explorer-checker.png"));
        System.out.println("ExplorerInBrowserTest: " + h.size() + " events, page " + bytes + " bytes, loaded in "
                + plain.bodyData("load-ms") + " ms, jumped page in " + jumped.bodyData("load-ms")
                + " ms (browser start to exit " + jumped.wallMs() + " ms)");
    }
}
