package multidriver.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Inputs of one run of the election experiment. A run is a function of these and the code: the same options give
 * the same numbers.
 *
 * @param trials trials per range (the paper: 1000, except 100 for 150-150)
 * @param seed   root seed; range {@code r} and trial {@code t} get seeds derived from it, so that the first trials of
 *               a range are the same whatever the trial count or the other ranges
 * @param capMs  simulated time after the crash beyond which a trial counts as timed out (reported, never dropped)
 * @param ranges the election timeout ranges, in the order they are run and printed
 * @param differentLogLengths the paper's worst case: followers lag so that their logs differ and some cannot win
 *               (true, the default); false gives every server the same log (an ablation: split votes only)
 * @param delay  the network's one-way delay
 * @param tickUs simulated length of one core tick in microseconds (default {@value #DEFAULT_TICK_US}); must divide
 *               1000 so that every whole-ms timeout is a whole number of ticks
 * @param fsyncUs how long a server's {@code mustSync} write (new term, vote or entries) takes to be durable; its
 *               messages leave only then (the Ready contract). With {@code delay} it makes the broadcast round trip:
 *               a RequestVote's one-way delay, the voter's fsync of its vote, the reply's one-way delay; mean
 *               {@code (delay.minUs + delay.maxUs) + fsyncUs}. 0 = instant storage, all of it on the network.
 */
public record ExperimentOptions(int trials, long seed, long capMs, List<TimeoutRange> ranges,
                                boolean differentLogLengths, OneWayDelay delay, long tickUs, long fsyncUs) {
    public static final int MAX_TRIALS = 100_000;
    /**
     * 100 us: the paper's timers were continuous; with 1 ms ticks a 150-155 ms range holds only 6 distinct timeouts,
     * with 100 us ticks 51, so no result hangs on timer granularity. (Measured: 1 ms, 100 us and 10 us ticks give
     * about the same 150-155 ms numbers; what makes that range split its votes is a one-way delay wider than its
     * 5 ms window, see {@link OneWayDelay}.) A full Figure 16 run stays at about half a minute.
     */
    public static final long DEFAULT_TICK_US = 100;
    public static final long DEFAULT_CAP_MS = 10_000;
    public static final long MAX_CAP_MS = 600_000;
    /** The default disk latency (see {@link OneWayDelay#DEFAULT} for the broadcast-time arithmetic). */
    public static final long DEFAULT_FSYNC_US = OneWayDelay.DEFAULT_FSYNC_US;
    public static final long MAX_FSYNC_US = 1_000_000;

    public ExperimentOptions {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("trials must be in [1, " + MAX_TRIALS + "], got " + trials);
        }
        if (capMs < 1 || capMs > MAX_CAP_MS) {
            throw new IllegalArgumentException("capMs must be in [1, " + MAX_CAP_MS + "], got " + capMs);
        }
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        Objects.requireNonNull(delay, "delay");
        if (tickUs < 1 || tickUs > 1_000 || 1_000 % tickUs != 0) {
            throw new IllegalArgumentException("tickUs must divide 1000 (e.g. 1000, 100, 50, 10), got " + tickUs);
        }
        if (fsyncUs < 0 || fsyncUs > MAX_FSYNC_US) {
            throw new IllegalArgumentException("fsyncUs must be in [0, " + MAX_FSYNC_US + "], got " + fsyncUs);
        }
        if (ranges.isEmpty()) throw new IllegalArgumentException("at least one range is needed");
        if (ranges.stream().map(TimeoutRange::label).distinct().count() != ranges.size()) {
            throw new IllegalArgumentException("duplicate ranges: " + ranges.stream().map(TimeoutRange::label).toList());
        }
    }

    /** The ten ranges of Figure 16 with what the paper says about them (§9.3). */
    public static List<TimeoutRange> figure16Ranges() {
        Panel top = Panel.VARYING_RANDOMNESS;
        Panel bottom = Panel.SCALING_MINIMUM;
        return List.of(
                new TimeoutRange(150, 150, top, "no randomness: many split votes, consistently > 10 s"),
                new TimeoutRange(150, 151, top, ""),
                new TimeoutRange(150, 155, top, "median 287 ms"),
                new TimeoutRange(150, 175, top, ""),
                new TimeoutRange(150, 200, top, "max 513 ms (text: 50 ms of randomness)"),
                new TimeoutRange(150, 300, top, "max about 600 ms (graph)"),
                new TimeoutRange(12, 24, bottom, "mean 35 ms, max 152 ms"),
                new TimeoutRange(25, 50, bottom, ""),
                new TimeoutRange(50, 100, bottom, ""),
                new TimeoutRange(100, 200, bottom, ""));
    }

    /** All of Figure 16 with the default cap. */
    public static ExperimentOptions figure16(int trials, long seed) {
        return new ExperimentOptions(trials, seed, DEFAULT_CAP_MS, figure16Ranges(), true, OneWayDelay.DEFAULT,
                DEFAULT_TICK_US, DEFAULT_FSYNC_US);
    }

    /**
     * Only the named ranges ("150-155,12-24"); a Figure 16 range keeps its panel and paper note, any other is drawn
     * in the panel its minimum suggests (150 ms: top).
     */
    public ExperimentOptions withRanges(String list) {
        List<TimeoutRange> chosen = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) continue;
            TimeoutRange parsed = TimeoutRange.parse(part, Panel.SCALING_MINIMUM, "");
            TimeoutRange known = figure16Ranges().stream().filter(r -> r.label().equals(parsed.label())).findFirst()
                    .orElse(parsed.minMs() == 150 ? new TimeoutRange(150, parsed.maxMs(), Panel.VARYING_RANDOMNESS, "")
                            : parsed);
            chosen.add(known);
        }
        return new ExperimentOptions(trials, seed, capMs, chosen, differentLogLengths, delay, tickUs, fsyncUs);
    }

    public ExperimentOptions withCapMs(long newCapMs) {
        return new ExperimentOptions(trials, seed, newCapMs, ranges, differentLogLengths, delay, tickUs, fsyncUs);
    }

    public ExperimentOptions withDifferentLogLengths(boolean on) {
        return new ExperimentOptions(trials, seed, capMs, ranges, on, delay, tickUs, fsyncUs);
    }

    public ExperimentOptions withDelay(OneWayDelay newDelay) {
        return new ExperimentOptions(trials, seed, capMs, ranges, differentLogLengths, newDelay, tickUs, fsyncUs);
    }

    public ExperimentOptions withTickUs(long newTickUs) {
        return new ExperimentOptions(trials, seed, capMs, ranges, differentLogLengths, delay, newTickUs, fsyncUs);
    }

    public ExperimentOptions withFsyncUs(long newFsyncUs) {
        return new ExperimentOptions(trials, seed, capMs, ranges, differentLogLengths, delay, tickUs, newFsyncUs);
    }

    /** Mean broadcast round trip: request one way, the responder's fsync, the reply one way (§9.3). */
    public long meanBroadcastUs() {
        return delay.minUs() + delay.maxUs() + fsyncUs;
    }

    /** A duration in whole ms as ticks of {@link #tickUs}. */
    public int ticks(long ms) {
        return Math.toIntExact(ms * 1_000 / tickUs);
    }
}
