package multidriver.chaos.maelstrom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maelstrom-protocol driver on two small lin-kv nodes written in Python, as outsiders would write them: the
 * single-leader one is linearizable, the one that answers from each node's own copy is not. Real processes on this
 * machine, talking JSON lines over their stdin and stdout; no Docker, no network.
 */
class MaelstromDriverTest {
    private static final Path NODES = Path.of("..", "examples", "maelstrom").toAbsolutePath().normalize();

    private static MaelstromRun.Summary run(String node, List<String> nemeses, Path out) throws Exception {
        MaelstromOptions options = new MaelstromOptions(List.of(NODES.resolve(node).toString()), 3, 4, 80, 4, 3,
                nemeses, 2, 1_000, 512L << 20, 7, out);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        MaelstromRun.Summary s = new MaelstromRun(options, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run();
        System.out.print(progress.toString(StandardCharsets.UTF_8));
        return s;
    }

    @Test
    void aCorrectSingleLeaderNodeIsValid(@TempDir Path out) throws Exception {
        MaelstromRun.Summary s = run("lin_kv_single_leader.py", List.of(), out);
        assertEquals(0, s.exitCode(), s.reason());
        assertTrue(Files.readString(s.dir().resolve("logs/n1.log")).contains("leader n0"),
                "each node's stderr is in the report");
        assertTrue(Files.exists(s.dir().resolve("history.edn")) && Files.exists(s.dir().resolve("timeline.html")));
        Object ops = s.results().get("ops");
        assertTrue(ops instanceof Number n && n.longValue() > 100, "ops: " + ops);
    }

    @Test
    void aNodeThatAnswersFromItsOwnCopyIsShownInvalid(@TempDir Path out) throws Exception {
        MaelstromRun.Summary s = run("lin_kv_local_copy.py", List.of(), out);
        assertEquals(1, s.exitCode(), s.reason());
    }

    @Test
    void faultsAreRecordedAndEveryProcessIsGoneAtTheEnd(@TempDir Path out) throws Exception {
        MaelstromRun.Summary s = run("lin_kv_single_leader.py", List.of("pause", "delay", "partition"), out);
        assertTrue(s.exitCode() == 0 || s.exitCode() == 2, "pauses, delays and partitions cannot make one copy "
                + "non-linearizable: " + s.reason());
        assertTrue(Files.readString(s.dir().resolve("history.edn")).contains(":nemesis"), "nemesis events recorded");
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("lin_kv_single_leader.py")), "no node process outlives the run");
    }
}
