package multidriver.sim.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reproduces Figure 16 of the Raft paper (§9.3): how long a five-server cluster is without a leader after its
 * leader crashes, as cumulative distributions over trials, for election timeout ranges of growing randomness
 * (150-150 to 150-300 ms) and of growing scale (12-24 to 100-200 ms). Runs the real {@code core} RaftNode in a
 * small deterministic driver of its own ({@link ElectionTrial}); same options, same numbers.
 *
 * <pre>{@code
 * ExperimentResult result = ElectionExperiment.run(ExperimentOptions.figure16(1000, 1), System.err);
 * String table = ElectionExperiment.writeOutputs(result, Path.of("store/sim/election"));
 * System.out.print(table);
 * }</pre>
 */
public final class ElectionExperiment {
    public static final String CSV_FILE = "election.csv";
    public static final String SVG_FILE = "election.svg";
    public static final String TABLE_FILE = "election.txt";

    private final int trials;
    private final long rootSeed;

    /**
     * Compatibility with the campaign CLI ({@code SimMain --experiment election}), which calls
     * {@code new ElectionExperiment(trials, seed).run(dir, out)}; new callers use the static methods.
     */
    public ElectionExperiment(int trials, long rootSeed) {
        ExperimentOptions.figure16(trials, rootSeed); // validates
        this.trials = trials;
        this.rootSeed = rootSeed;
    }

    /** Runs all of Figure 16, writes the outputs into {@code outDir}, prints the table; returns the exit code 0. */
    public int run(Path outDir, PrintStream out) throws IOException {
        ExperimentResult result = run(ExperimentOptions.figure16(trials, rootSeed), out);
        out.print(writeOutputs(result, outDir));
        out.println("wrote " + outDir.resolve(CSV_FILE) + ", " + outDir.resolve(SVG_FILE) + ", "
                + outDir.resolve(TABLE_FILE));
        return 0;
    }

    /**
     * Runs every range of {@code options}, one line per finished range on {@code progress}. Each range draws its
     * trial seeds from {@link #rangeSeed}, so a range's first trials are the same whatever the trial count and
     * whichever other ranges run.
     */
    public static ExperimentResult run(ExperimentOptions options, PrintStream progress) {
        Map<TimeoutRange, List<TrialOutcome>> outcomes = new LinkedHashMap<>();
        for (TimeoutRange range : options.ranges()) {
            SplittableRandom trialSeeds = new SplittableRandom(rangeSeed(options.seed(), range));
            List<TrialOutcome> list = new ArrayList<>(options.trials());
            for (int t = 0; t < options.trials(); t++) {
                list.add(new ElectionTrial(range, trialSeeds.nextLong(), options.capMs(), options.differentLogLengths(),
                        options.delay(), options.tickUs(), options.fsyncUs())
                        .run(t));
            }
            outcomes.put(range, list);
            RangeStats st = RangeStats.of(list, options.capMs() * 1_000);
            progress.printf("election %s: %d trials, %d timed out%n", range.label(), st.trials(), st.timedOut());
        }
        return new ExperimentResult(options, outcomes);
    }

    /** The seed of a range's trial seeds: a function of the root seed and the range alone. */
    static long rangeSeed(long rootSeed, TimeoutRange range) {
        return new SplittableRandom(rootSeed ^ ((long) range.minMs() << 32 | range.maxMs())).nextLong();
    }

    /**
     * Writes {@value #CSV_FILE} (one row per trial), {@value #SVG_FILE} (the two CDF panels) and {@value #TABLE_FILE}
     * into {@code dir} (created if missing) and returns the summary table that the text file holds.
     */
    public static String writeOutputs(ExperimentResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        String table = summaryTable(result);
        Files.writeString(dir.resolve(CSV_FILE), ElectionCsv.render(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SVG_FILE), CdfSvg.render(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(TABLE_FILE), table, StandardCharsets.UTF_8);
        return table;
    }

    /** The summary table: the setup, then per range median, mean, p99, max beside the paper's numbers. */
    public static String summaryTable(ExperimentResult result) {
        return SummaryTable.render(result);
    }
}
