package multidriver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable entry point: every command answers --help, the version prints, a typo gets a suggestion, and the main
 * jobs run through it as they do through the scripts (a short campaign, a check of a history).
 */
class MultiDriverMainTest {
    private record Ran(int exit, String out, String err) {
    }

    private static Ran run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        System.setErr(e);
        try {
            int exit = MultiDriverMain.run(args, o, e);
            return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandAnswersHelpAndTheListNamesThemAll() {
        Ran list = run("--help");
        assertEquals(0, list.exit());
        for (String c : new String[] {"simulate", "check", "chaos", "maelstrom", "cluster", "nodes", "bench", "serve",
                "election"}) {
            assertTrue(list.out().contains("  " + c + " "), list.out());
            Ran help = run(c, "--help");
            assertEquals(0, help.exit(), c + " --help: " + help.err());
            assertTrue(help.out().toLowerCase().contains("usage"), c + ": " + help.out());
        }
        assertEquals(2, run().exit(), "no command is a usage error");
    }

    @Test
    void theVersionPrintsAndATypoGetsTheNearestCommand() {
        Ran v = run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("multi-driver 0.1.0-SNAPSHOT (git "), v.out());
        Ran typo = run("simlate", "--schedules", "3");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("unknown command 'simlate' (did you mean simulate?)"), typo.err());
        assertEquals("", run("zzzzzzzzzz").out());
    }

    @Test
    void aCampaignAndACheckRunThroughIt(@TempDir Path dir) throws Exception {
        Ran sim = run("simulate", "--schedules", "3", "--seed", "1", "--sim-seconds", "2", "--out",
                dir.resolve("sim").toString());
        assertEquals(0, sim.exit(), sim.out() + sim.err());
        assertTrue(sim.out().contains("3 schedules, 0 violations"), sim.out());
        assertTrue(Files.exists(dir.resolve("sim/summary.json")));
        Path history = dir.resolve("h.jsonl");
        Files.writeString(history, String.join("\n",
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
                "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}",
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":0}") + "\n");
        Ran check = run("check", "--model", "cas-register", "--init", "0", history.toString());
        assertEquals(1, check.exit(), "a stale read is invalid: " + check.out() + check.err());
    }
}
