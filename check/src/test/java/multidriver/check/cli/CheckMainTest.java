package multidriver.check.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process on files, as a user would run scripts/check.sh. */
class CheckMainTest {
    private static final String VALID_EDN = """
            [{:process 0 :type :invoke :f :write :value 1}
             {:process 0 :type :ok :f :write :value 1}
             {:process 1 :type :invoke :f :read :value nil}
             {:process 1 :type :ok :f :read :value 1}]
            """;
    private static final String STALE_JSONL = """
            {"process":0,"type":"invoke","f":"write","value":1}
            {"process":0,"type":"ok","f":"write","value":1}
            {"process":1,"type":"invoke","f":"read","value":null}
            {"process":1,"type":"ok","f":"read","value":0}
            """;

    /** Output and exit code of one CLI run. */
    record Run(int code, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    @Test
    void versionTyposAndANegativeTimeLimitGetOneLineAnswers(@TempDir Path dir) throws IOException {
        Run version = cli("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("multi-driver "), version.out());
        Run typo = cli("--model", "cas-register", "--time-limt", "2", "x.edn");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("did you mean --time-limit"), typo.err());
        Path f = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Run negative = cli("--model", "cas-register", "--time-limit", "-1", f.toString());
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("--time-limit must be"), negative.err());
    }

    @Test
    void theCountingCheckersRunFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path set = Files.writeString(dir.resolve("set.edn"), """
                [{:process 0 :type :invoke :f :add :value 1} {:process 0 :type :ok :f :add :value 1}
                 {:process 1 :type :invoke :f :add :value 2} {:process 1 :type :ok :f :add :value 2}
                 {:process 2 :type :invoke :f :read :value nil} {:process 2 :type :ok :f :read :value #{1}}]
                """);
        Run lost = cli("--model", "set", set.toString());
        assertEquals(1, lost.code(), lost.err());
        assertTrue(lost.out().startsWith("INVALID") && lost.out().contains("1 of 2 acknowledged elements lost"),
                lost.out());
        Path bank = Files.writeString(dir.resolve("bank.jsonl"), """
                {"process":0,"type":"invoke","f":"read","value":null}
                {"process":0,"type":"ok","f":"read","value":{"a":60,"b":40}}
                """);
        Run valid = cli("--model", "bank", "--init", "100", bank.toString());
        assertEquals(0, valid.code(), valid.out() + valid.err());
        Run noTotal = cli("--model", "bank", bank.toString());
        assertEquals(2, noTotal.code());
        assertTrue(noTotal.err().contains("--init TOTAL"), noTotal.err());
    }

    @Test
    void validEdnExitsZeroWithOneLinePerFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Run r = cli("--model", "cas-register", "--init", "0", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("VALID"), r.out());
        assertTrue(r.out().contains("ok.edn"), r.out());
    }

    @Test
    void invalidJsonLinesExitsOneAndWritesAReport(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("stale.jsonl"), STALE_JSONL);
        Path reports = dir.resolve("reports");
        Run r = cli("--model", "cas-register", "--init", "0", "--report", reports.toString(), f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("INVALID"), r.out());
        assertTrue(r.out().contains("cannot be linearized"), r.out());
        assertTrue(Files.readString(reports.resolve("stale.html")).contains("class=\"op failing\""));
        String explorer = Files.readString(reports.resolve("stale.explorer.html"));
        assertTrue(explorer.contains("\"the op that cannot be linearized\""), "the explorer page has its jump");
    }

    @Test
    void severalFilesExitWithTheWorstAndJsonHasOneObjectEach(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), STALE_JSONL);
        Run r = cli("--model", "cas-register", "--init", "0", "--json", ok.toString(), bad.toString());
        assertEquals(1, r.code());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        JsonNode second = json.readTree(lines[1]);
        assertEquals("valid", first.get("verdict").asText());
        assertEquals("invalid", second.get("verdict").asText());
        assertTrue(second.get("checkMs").isNumber());
    }

    @Test
    void malformedFileIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Path bad = Files.writeString(dir.resolve("bad.edn"), "[{:process 0 :type :invoke :f :read}\n {:process 0}]");
        Run r = cli("--model", "cas-register", ok.toString(), bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.out().contains("ERROR"), r.out());
        assertTrue(r.out().contains("line 2: expected :type"), r.out());
    }

    @Test
    void badArgumentsExitTwoWithAMessage(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Run unknownModel = cli("--model", "queue", ok.toString());
        assertEquals(2, unknownModel.code());
        assertTrue(unknownModel.err().contains("unknown model 'queue'"), unknownModel.err());
        Run badInit = cli("--model", "cas-register", "--init", "{:x", ok.toString());
        assertEquals(2, badInit.code());
        assertTrue(badInit.err().contains("expected '}'"), badInit.err());
        Run noFiles = cli("--model", "cas-register");
        assertEquals(2, noFiles.code());
        Run missing = cli("--model", "cas-register", dir.resolve("nope.edn").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.out().contains("no such file"), missing.out());
    }

    @Test
    void stepBudgetGivesUnknown(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("stale.jsonl"), STALE_JSONL);
        Run r = cli("--model", "cas-register", "--init", "0", "--max-steps", "1", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.out().startsWith("UNKNOWN"), r.out());
    }

    @Test
    void knossosFromTheEnvironmentWithABadPathIsReportedBesideOurVerdict(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.edn"), VALID_EDN);
        Run r = cli(Map.of(CheckMain.KNOSSOS_ENV, dir.resolve("knossos.jar").toString()),
                "--model", "cas-register", "--init", "0", f.toString());
        assertEquals(0, r.code(), "a missing Knossos does not change our verdict");
        assertTrue(r.out().contains("knossos: error (Knossos path entry does not exist"), r.out());
    }
}
