package multidriver.sim.experiment;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of one range's trials, in microseconds. Timed-out trials sort after every finished one: a quantile that
 * falls among them is -1 (unknown, above the cap), and the mean counts them at the cap, so it is then only a lower
 * bound ({@code meanIsLowerBound}).
 */
public record RangeStats(int trials, int timedOut, long medianUs, long meanUs, boolean meanIsLowerBound, long p99Us,
                         long maxUs, double meanNewTerms) {

    public static RangeStats of(List<TrialOutcome> outcomes, long capUs) {
        if (outcomes.isEmpty()) throw new IllegalArgumentException("no trials to summarize");
        long[] sorted = outcomes.stream().mapToLong(o -> o.timedOut() ? Long.MAX_VALUE : o.electionUs()).sorted()
                .toArray();
        int timedOut = (int) Arrays.stream(sorted).filter(v -> v == Long.MAX_VALUE).count();
        long sum = 0;
        for (long v : sorted) sum += v == Long.MAX_VALUE ? capUs : v;
        double newTerms = outcomes.stream().mapToLong(TrialOutcome::newTerms).average().orElse(0);
        return new RangeStats(sorted.length, timedOut, quantile(sorted, 0.5), Math.round((double) sum / sorted.length),
                timedOut > 0, quantile(sorted, 0.99), quantile(sorted, 1.0), newTerms);
    }

    /** Nearest-rank quantile of sorted values; -1 when it falls among the timed-out trials. */
    static long quantile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] == Long.MAX_VALUE ? -1 : sorted[index];
    }
}
