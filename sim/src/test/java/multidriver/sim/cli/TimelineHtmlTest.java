package multidriver.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import multidriver.sim.world.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's timeline of a stale read: the read the checker names is outlined, with a jump to it, and every
 * client op says its process, what it returned and which node answered.
 */
class TimelineHtmlTest {
    @Test
    void theOpALinearizabilityFailureNamesIsFoundInItsMessage() {
        Failure f = new Failure(Failure.Kind.LINEARIZABILITY, "key 2: op {:process 2 :f :read :value [2 179] :index 206}"
                + " cannot be linearized: ...", -1);
        assertArrayEquals(new long[]{2, 206}, TimelineHtml.failingOp(f));
        assertEquals(null, TimelineHtml.failingOp(new Failure(Failure.Kind.SAFETY, "op {:process 2 :index 1}", 5)));
    }

    @Test
    void aStaleReadIsOutlinedAndEveryOpSaysWhoAnsweredWhat(@TempDir Path dir) throws Exception {
        SimMainTest.Run run = SimMainTest.run("--schedules", "5", "--seed", "1", "--bug", "stale-read", "--json",
                "--shrink-runs", "20", "--out", dir.toString());
        assertEquals(1, run.exit(), run.stdout());
        String html = Files.readString(dir.resolve("timeline.html"));
        assertEquals(1, Pattern.compile("id='fail' class='failing'").matcher(html).results().count(),
                "exactly the failing op is outlined");
        assertTrue(html.contains("Jump to the failing op</a>: p"), "with a jump link that names it");
        assertTrue(Pattern.compile("<title>CANNOT BE LINEARIZED: p\\d+ read k\\d+ -&gt; (\\d+|nil) \\(answered by n\\d\\)")
                .matcher(html).find(), "the read's tooltip gives its process, value and the node that answered");
    }
}
