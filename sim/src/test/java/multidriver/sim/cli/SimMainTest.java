package multidriver.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimMainTest {
    record Run(int exit, String stdout, String stderr) {
        JsonNode json() throws Exception {
            String[] lines = stdout.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SimMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The friction points of the issue: --version, a typo, a damaged reproducer, determinism's own line. */
    @Test
    void versionTyposDamagedReproducersAndTheDeterminismLine(@TempDir Path dir) throws Exception {
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.stdout().startsWith("multi-driver 0.1.0-SNAPSHOT (git "), version.stdout());
        Run typo = run("--schedule", "5");
        assertEquals(2, typo.exit());
        assertTrue(typo.stderr().contains("did you mean --schedules"), typo.stderr());
        assertTrue(typo.stderr().lines().count() <= 3, "one line and a pointer to --help, not the usage: " + typo.stderr());
        Path bad = dir.resolve("reproducer.json");
        java.nio.file.Files.writeString(bad, "{\"version\": 1,\n  \"schedule\": [oops");
        Run damaged = run("--replay", bad.toString());
        assertEquals(2, damaged.exit());
        assertTrue(damaged.stderr().contains(bad.toString()) && damaged.stderr().contains("line 2"), damaged.stderr());
        Run twice = run("--schedules", "3", "--seed", "1", "--sim-seconds", "3", "--check-determinism", "--out",
                dir.resolve("det").toString());
        assertEquals(0, twice.exit(), twice.stdout() + twice.stderr());
        assertTrue(twice.stdout().contains("determinism: every schedule ran twice with identical event traces"),
                twice.stdout());
    }

    @Test
    void aPassingCampaignExitsZeroAndEndsWithTheJsonSummary(@TempDir Path dir) throws Exception {
        Run run = run("--schedules", "12", "--seed", "1", "--sim-seconds", "4", "--json", "--out", dir.toString());
        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        JsonNode json = run.json();
        for (String field : new String[] {"seed", "schedules", "violations", "traceHash", "wallMs", "simulatedMs",
                "events", "schedulesPerSecond", "linearizable", "reproducer"}) {
            assertTrue(json.has(field), "missing " + field + " in " + json);
        }
        assertEquals(1, json.get("seed").asLong());
        assertEquals(12, json.get("schedules").asInt());
        JsonNode record = json.get("run"); // how the run folder was made: command line, commit, machine
        assertTrue(record.get("commandLine").asText().startsWith("simulate.sh --schedules 12 --seed 1"), record.toString());
        assertTrue(record.get("machine").get("cores").asInt() >= 1, record.toString());
        assertTrue(record.get("machine").get("java").asText().contains(System.getProperty("java.version")));
        assertEquals(0, json.get("violations").asInt());
        assertEquals(12, json.get("linearizable").get("valid").asInt());
        assertTrue(json.get("reproducer").isNull());
        assertTrue(Files.exists(dir.resolve("summary.json")));
    }

    @Test
    void theSameSeedGivesTheSameTraceHashWhateverTheThreadCount(@TempDir Path dir) throws Exception {
        Run one = run("--schedules", "6", "--seed", "99", "--sim-seconds", "4", "--json", "--threads", "1",
                "--out", dir.resolve("a").toString());
        Run two = run("--schedules", "6", "--seed", "99", "--sim-seconds", "4", "--json", "--threads", "2",
                "--check-determinism", "--out", dir.resolve("b").toString());
        assertEquals(one.json().get("traceHash"), two.json().get("traceHash"));
        assertEquals(0, two.exit(), two.stdout());
    }

    @Test
    void aBugIsFoundShrunkAndItsReproducerReplaysWithExitOne(@TempDir Path dir) throws Exception {
        Run campaign = run("--schedules", "10", "--seed", "1", "--sim-seconds", "5", "--bug", "no-truncate", "--json",
                "--out", dir.resolve("campaign").toString());
        assertEquals(1, campaign.exit(), campaign.stdout());
        String reproducer = campaign.json().get("reproducer").asText();
        assertTrue(Files.exists(Path.of(reproducer)));
        assertTrue(Files.exists(dir.resolve("campaign").resolve("timeline.html")));
        Run replay = run("--replay", reproducer, "--json", "--out", dir.resolve("replay").toString());
        assertEquals(1, replay.exit(), replay.stdout());
        assertTrue(replay.stdout().contains("REPRODUCED"), replay.stdout());
        assertTrue(replay.json().get("sameTraceHash").asBoolean(), replay.stdout());
    }

    /** Issue 10's equality: three shards, merged, are the unsharded campaign (counts, first failure, traceHash). */
    @Test
    void shardsMergedEqualTheUnshardedCampaign(@TempDir Path dir) throws Exception {
        String[] campaign = {"--schedules", "24", "--seed", "5", "--sim-seconds", "4", "--bug", "vote-twice", "--json"};
        Run whole = run(concat(campaign, "--out", dir.resolve("whole").toString()));
        List<String> shardDirs = new java.util.ArrayList<>();
        for (int i = 2; i >= 0; i--) { // any order
            Path shardDir = dir.resolve("shard-" + i);
            Run part = run(concat(campaign, "--shard", i + "/3", "--out", shardDir.toString()));
            assertEquals(8, part.json().get("schedules").asInt(), part.stdout());
            shardDirs.add(shardDir.toString());
        }
        List<String> mergeArgs = new java.util.ArrayList<>(List.of("--json", "--out", dir.resolve("merged").toString(),
                "--merge"));
        mergeArgs.addAll(shardDirs);
        Run merged = run(mergeArgs.toArray(String[]::new));
        JsonNode a = whole.json();
        JsonNode b = merged.json();
        assertTrue(a.get("violations").asInt() > 0, "the bug is found: " + whole.stdout());
        assertEquals(whole.exit(), merged.exit(), merged.stdout() + merged.stderr());
        for (String field : new String[] {"schedules", "violations", "traceHash", "events", "simulatedMs",
                "searchSteps", "linearizable", "failureKinds", "diskFaults", "snapshots", "firstFailureIndex",
                "firstFailure", "membershipChangesCommitted", "machinesReplaced"}) {
            assertEquals(a.get(field), b.get(field), field);
        }
        assertTrue(Files.exists(Path.of(b.get("reproducer").asText())), "the first failure's shard shrank it");

        Run missing = run("--merge", shardDirs.get(0), shardDirs.get(1));
        assertEquals(2, missing.exit());
        assertTrue(missing.stderr().contains("shards missing: [0]"), missing.stderr());
        Run twice = run("--merge", shardDirs.get(0), shardDirs.get(0), shardDirs.get(1));
        assertTrue(twice.stderr().contains("given twice"), twice.stderr());
        Run badShard = run("--schedules", "3", "--shard", "3/3");
        assertEquals(2, badShard.exit());
        assertTrue(badShard.stderr().contains("shard index must be in [0, 3)"), badShard.stderr());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badInputIsAClearErrorWithExitTwo() {
        Run run = run("--bug", "no-such-bug", "--schedules", "1");
        assertEquals(2, run.exit());
        assertTrue(run.stderr().contains("unknown bug"), run.stderr());
    }
}
