package multidriver.sim.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Standalone entry point of the Figure 16 experiment:
 * {@code java -cp sim-0.1.0-SNAPSHOT-all.jar multidriver.sim.experiment.ElectionExperimentMain --trials 1000
 * --seed 1 --out DIR}. Exit 0: ran (timed-out trials are results, not errors); 2: bad arguments or an error.
 */
public final class ElectionExperimentMain {
    static final String USAGE = "usage: ElectionExperimentMain [--trials N (1000)] [--seed S (1)] [--out DIR"
            + " (store/sim/election)] [--cap-ms MS (10000)] [--ranges 150-155,12-24,... (all of Figure 16)] [--equal-logs] [--delay-ms MIN-MAX (6-9)]"
            + " [--fsync-ms MS (0)] [--tick-us US (100; must divide 1000)]";

    private ElectionExperimentMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs with {@code args}; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        int trials = 1000;
        long seed = 1;
        long capMs = ExperimentOptions.DEFAULT_CAP_MS;
        Path dir = Path.of("store", "sim", "election");
        String ranges = null;
        boolean equalLogs = false;
        OneWayDelay delay = OneWayDelay.DEFAULT;
        long tickUs = ExperimentOptions.DEFAULT_TICK_US;
        long fsyncUs = ExperimentOptions.DEFAULT_FSYNC_US;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (arg.equals("--equal-logs")) {
                    equalLogs = true;
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + arg);
                String value = args[++i];
                switch (arg) {
                    case "--trials" -> trials = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--cap-ms" -> capMs = Long.parseLong(value);
                    case "--out" -> dir = Path.of(value);
                    case "--ranges" -> ranges = value;
                    case "--delay-ms" -> delay = OneWayDelay.parseMs(value);
                    case "--tick-us" -> tickUs = Long.parseLong(value);
                    case "--fsync-ms" -> fsyncUs = Math.round(Double.parseDouble(value) * 1_000);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            ExperimentOptions options = ExperimentOptions.figure16(trials, seed).withCapMs(capMs)
                    .withDifferentLogLengths(!equalLogs).withDelay(delay).withTickUs(tickUs).withFsyncUs(fsyncUs);
            if (ranges != null) options = options.withRanges(ranges);
            ExperimentResult result = ElectionExperiment.run(options, err);
            out.print(ElectionExperiment.writeOutputs(result, dir));
            out.println("wrote " + dir.resolve(ElectionExperiment.CSV_FILE) + ", "
                    + dir.resolve(ElectionExperiment.SVG_FILE) + ", " + dir.resolve(ElectionExperiment.TABLE_FILE));
            return 0;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e);
            StackTraceElement[] frames = e.getStackTrace();
            for (int f = 0; f < Math.min(5, frames.length); f++) err.println("  at " + frames[f]);
            return 2;
        }
    }
}
