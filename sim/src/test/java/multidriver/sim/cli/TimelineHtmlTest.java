package multidriver.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import multidriver.check.report.Explorer;
import multidriver.check.report.HeadlessChromium;
import multidriver.sim.shrink.Reproducer;
import multidriver.sim.world.RunOptions;
import multidriver.sim.world.ScheduleResult;
import multidriver.sim.world.Simulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer page of a simulated stale read: the read the checker names is the first jump, with the ops concurrent
 * with it; every client op says its process, what it returned and which node answered; the messages between nodes
 * are there by kind, with each node's state over time; and in a browser the jump puts the failing read in view.
 */
class TimelineHtmlTest {
    @TempDir static Path dir;
    static ScheduleResult shrunk;

    @BeforeAll
    static void findAStaleRead() {
        SimMainTest.Run run = SimMainTest.run("--schedules", "5", "--seed", "1", "--bug", "stale-read", "--json",
                "--shrink-runs", "20", "--out", dir.toString());
        assertEquals(1, run.exit(), run.stdout());
        try {
            Reproducer r = Reproducer.read(dir.resolve("reproducer.json"));
            shrunk = Simulation.run(r.schedule(), RunOptions.campaign().withTimeline());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(shrunk.failed(), "the reproducer fails again");
    }

    @Test
    void theFailingReadAndWhatItConflictsWithAreTheJumps() {
        Explorer e = TimelineHtml.explorer(shrunk.schedule(), shrunk.failure(), shrunk.timeline(), shrunk.history(),
                "stale read");
        List<String> jumps = e.jumpLines();
        assertTrue(jumps.get(0).matches("the op that cannot be linearized: c\\d+: p\\d+ read k\\d+ -> (\\d+|nil)"
                + " \\(answered by n\\d\\)"), "the first jump is the stale read, with its value and node: " + jumps);
        assertTrue(jumps.size() > 1, "and the ops it conflicts with follow: " + jumps);
        assertTrue(e.prefixLength() > 0, "the longest linearizable prefix is known");
        Map<String, Integer> arrows = e.arrowCounts();
        assertTrue(arrows.getOrDefault("vote", 0) > 0 && arrows.getOrDefault("heartbeat", 0) > 0
                && arrows.getOrDefault("append", 0) > 0, "votes, heartbeats and appends are arrows: " + arrows);
        assertTrue(e.stateCount() > shrunk.schedule().nodes(), "each node's state line changes over the run");
    }

    @Test
    void inABrowserTheJumpPutsTheStaleReadInView() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.requireOrSkip();
        Path page = dir.resolve("timeline.html");
        assertTrue(Files.size(page) < 5L << 20, "the page is under 5 MB: " + Files.size(page));
        HeadlessChromium.Page jumped = chromium.dumpDom(page, "fail");
        assertEquals("true", jumped.bodyData("fail-visible"), "the failing read is in view after its jump");
        assertTrue(jumped.dom().matches("(?s).*<td>n\\d</td><td>[^<]*</td><td>term \\d+ · vote .*"),
                "the state of every node at the failing read's instant is shown");
        assertTrue(jumped.dom().contains("marker-end=\"url(#md-head)\""), "messages are drawn as arrows");
        String shots = System.getProperty("multidriver.screenshots"); // -Dmultidriver.screenshots=$PWD/docs
        if (shots != null) chromium.screenshot(page, "fail", Path.of(shots).resolve("simulator-stale-read.png"));
        System.out.println("TimelineHtmlTest: page " + Files.size(page) + " bytes, loaded in "
                + jumped.bodyData("load-ms") + " ms");
    }
}
