package multidriver.sim.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reproduces Figure 16 of the Raft paper (§9.3): the time to detect and replace a crashed leader, as cumulative
 * distributions over trials, for election timeout ranges of growing randomness (top) and growing scale (bottom).
 * Writes {@code election.csv} (one row per trial) and {@code election.svg} (the CDFs), and prints each range's
 * median and maximum next to what the paper reports. Deterministic: trial {@code i} of a range uses a seed derived
 * from the root seed.
 */
public final class ElectionExperiment {
    /** Trials that elect no leader within this many ms count as censored (the paper's 150-150 takes > 10 s). */
    static final long CAP_MS = 10_000;

    static final List<TimeoutRange> RANGES = List.of(
            new TimeoutRange(150, 150, true, "no randomness: split votes, often > 10 s"),
            new TimeoutRange(150, 151, true, null),
            new TimeoutRange(150, 155, true, "median 287 ms"),
            new TimeoutRange(150, 175, true, null),
            new TimeoutRange(150, 200, true, "max 513 ms (50 ms of randomness)"),
            new TimeoutRange(150, 300, true, "max about 600 ms"),
            new TimeoutRange(12, 24, false, "mean 35 ms, max 152 ms"),
            new TimeoutRange(25, 50, false, null),
            new TimeoutRange(50, 100, false, null),
            new TimeoutRange(100, 200, false, null));

    private final int trials;
    private final long rootSeed;

    public ElectionExperiment(int trials, long rootSeed) {
        if (trials < 1 || trials > 100_000) throw new IllegalArgumentException("trials must be in [1, 100000]");
        this.trials = trials;
        this.rootSeed = rootSeed;
    }

    /** Runs every range; returns the exit code (0). */
    public int run(Path outDir, PrintStream out) throws IOException {
        Files.createDirectories(outDir);
        Map<TimeoutRange, long[]> results = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("range,minMs,maxMs,trial,downtimeMs\n");
        SplittableRandom seeds = new SplittableRandom(rootSeed);
        out.printf("Figure 16 (Raft paper §9.3): 5 servers, heartbeat = min/2, one-way delay 6-9 ms, leader crashed at a"
                + " uniform point of its heartbeat interval, plain Raft (no PreVote/CheckQuorum)%n");
        out.printf("%-12s %7s %9s %9s %9s %9s  %s%n", "range", "trials", "median", "mean", "p99", "max",
                "paper");
        for (TimeoutRange range : RANGES) {
            // The paper ran 100 trials for 150-150 (each can take > 10 s); 1000 for the others.
            int n = range.minMs() == range.maxMs() ? Math.max(1, trials / 10) : trials;
            long[] downtimes = new long[n];
            SplittableRandom rangeSeeds = seeds.split();
            for (int t = 0; t < n; t++) {
                downtimes[t] = new ElectionTrial(range, rangeSeeds.nextLong(), CAP_MS).run();
                csv.append(range.label()).append(',').append(range.minMs()).append(',').append(range.maxMs())
                        .append(',').append(t).append(',').append(downtimes[t]).append('\n');
            }
            results.put(range, downtimes);
            out.printf("%-12s %7d %9s %9s %9s %9s  %s%n", range.label(), n, show(percentile(downtimes, 0.5)),
                    show(mean(downtimes)), show(percentile(downtimes, 0.99)), show(percentile(downtimes, 1.0)),
                    range.paperSays() == null ? "" : range.paperSays());
        }
        Files.writeString(outDir.resolve("election.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("election.svg"), CdfSvg.render(results, CAP_MS), StandardCharsets.UTF_8);
        out.println("censored trials (no leader within " + CAP_MS + " ms) count as " + CAP_MS + "+ (shown as '>cap')");
        out.println("wrote " + outDir.resolve("election.csv") + " and " + outDir.resolve("election.svg"));
        return 0;
    }

    /** The p-quantile with censored trials (-1) sorted last; -1 if the quantile is censored. */
    static long percentile(long[] values, double p) {
        long[] sorted = Arrays.stream(values).map(v -> v < 0 ? Long.MAX_VALUE : v).sorted().toArray();
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] == Long.MAX_VALUE ? -1 : sorted[index];
    }

    static long mean(long[] values) {
        long sum = 0;
        for (long v : values) {
            if (v < 0) return -1;
            sum += v;
        }
        return Math.round((double) sum / values.length);
    }

    private static String show(long ms) {
        return ms < 0 ? ">cap" : ms + "ms";
    }

    static List<TimeoutRange> ranges() {
        return new ArrayList<>(RANGES);
    }
}
