package multidriver.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The files and the table a run leaves behind, and the standalone command line. */
class ElectionOutputsTest {
    @TempDir
    Path dir;

    @Test
    void writesOneCsvRowPerTrialAnSvgCurvePerRangeAndTheTableBesideThePaper() throws Exception {
        ExperimentOptions options = ExperimentOptions.figure16(4, 1).withRanges("150-155,150-300,12-24");
        ExperimentResult result = ElectionExperiment.run(options, new PrintStream(new ByteArrayOutputStream()));
        String table = ElectionExperiment.writeOutputs(result, dir);

        List<String> csv = Files.readAllLines(dir.resolve(ElectionExperiment.CSV_FILE));
        assertEquals(ElectionCsv.HEADER, csv.get(0));
        assertEquals(1 + 3 * 4, csv.size());
        assertTrue(csv.get(1).startsWith("150-155ms,0,"), csv.get(1));

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve(ElectionExperiment.SVG_FILE).toFile());
        assertEquals(3, svg.getElementsByTagName("polyline").getLength());

        assertEquals(table, Files.readString(dir.resolve(ElectionExperiment.TABLE_FILE)));
        assertTrue(table.contains("PreVote OFF, CheckQuorum OFF"), table);
        assertTrue(table.contains("median 287 ms") && table.contains("mean 35 ms, max 152 ms"), table);
        for (String label : List.of("150-155ms", "150-300ms", "12-24ms")) assertTrue(table.contains(label), table);
    }

    @Test
    void theStandaloneCommandRunsAndRejectsBadInputWithExitCode2() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ElectionExperimentMain.execute(new String[] {"--trials", "2", "--seed", "7", "--ranges", "50-100",
                "--out", dir.toString()}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("50-100ms"));
        assertTrue(Files.exists(dir.resolve(ElectionExperiment.CSV_FILE)));

        for (String[] bad : List.of(new String[] {"--trials", "0"}, new String[] {"--trials", "x"},
                new String[] {"--ranges", "200-100"}, new String[] {"--delay-ms", "10-5"},
                new String[] {"--tick-us", "300"}, new String[] {"--bogus", "1"}, new String[] {"--seed"})) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            assertEquals(2, ElectionExperimentMain.execute(bad, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(e)), String.join(" ", bad));
            assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("error: "), e.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void optionsRejectEmptyDuplicateOrUnboundedInput() {
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withRanges("12-24,12-24"));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withRanges(","));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withCapMs(0));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withRanges("1-5"));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withTickUs(0));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withTickUs(2_000));
        assertThrows(IllegalArgumentException.class, () -> ExperimentOptions.figure16(1, 1).withTickUs(300));
    }
}
