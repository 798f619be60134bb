package multidriver.sim.experiment;

import java.util.Locale;

/**
 * The simulated network's one-way message delay, uniform in [minUs, maxUs]. §9.3 defines the broadcast time as the
 * time to send RPCs to every server in parallel and receive their responses, "roughly 15 ms": a round trip, so the
 * default one-way delay is uniform 6-9 ms (mean 7.5 ms; round trips 12-18 ms, 15 ms on average). The jitter is kept
 * modest (+-1.5 ms) because it matters as much as the mean: followers restart their timers when the last heartbeat
 * reaches them, so the spread of arrivals decides how far apart their timeouts start, and a spread wider than the
 * timeout range (5 ms for 150-155) would wash out what the experiment varies.
 *
 * <p>The broadcast time may instead be split between the network and the disk ({@code --fsync-ms}, see
 * {@link ExperimentOptions#fsyncUs()}): a voter must make its vote durable before it replies (§5.1, Figure 2), so a
 * RequestVote round trip is one-way + fsync + one-way, mean {@code minUs + maxUs + fsyncUs}. E.g. one-way 1-2 ms
 * (mean 1.5) and fsync 12 ms: 1.5 + 12 + 1.5 = 15 ms, the same broadcast time with a much shorter network path.
 * It is not the default: measured (seed 1, 1000 trials), it makes the narrow ranges slower, not faster (150-155
 * median 4279 ms vs 1538 ms; 12-24 cannot even elect a first leader), because the candidate too must make its new
 * term and self-vote durable before its RequestVotes leave, which lengthens the path that must beat a rival's
 * timeout (§5.2) by a whole fsync.
 */
public record OneWayDelay(long minUs, long maxUs) {
    public static final OneWayDelay DEFAULT = new OneWayDelay(6_000, 9_000);
    public static final long MAX_US = 1_000_000;
    /** §9.3: "a broadcast time of roughly 15 ms" (send RPCs to all in parallel, receive the responses). */
    public static final long PAPER_BROADCAST_US = 15_000;
    /** Default disk latency: 0, all of the broadcast time on the network ({@link #DEFAULT}: 6-9 ms one way). */
    public static final long DEFAULT_FSYNC_US = 0;

    public OneWayDelay {
        if (minUs < 1 || maxUs < minUs || maxUs > MAX_US) {
            throw new IllegalArgumentException("one-way delay must satisfy 1 us <= min <= max <= " + MAX_US
                    + " us, got " + minUs + "-" + maxUs + " us");
        }
    }

    /** Parses milliseconds "6-9" (or "7.5-7.5"). */
    public static OneWayDelay parseMs(String text) {
        int dash = text.indexOf('-', 1);
        if (dash < 0) throw new IllegalArgumentException("expected a delay range in ms like 6-9, got '" + text + "'");
        try {
            return new OneWayDelay(Math.round(Double.parseDouble(text.substring(0, dash)) * 1_000),
                    Math.round(Double.parseDouble(text.substring(dash + 1)) * 1_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a delay range in ms like 6-9, got '" + text + "'");
        }
    }

    public String describe() {
        return String.format(Locale.ROOT, "one-way delay uniform %s-%s ms (round trip %s-%s ms)", ms(minUs), ms(maxUs),
                ms(2 * minUs), ms(2 * maxUs));
    }

    /** Mean one-way delay (rounded down to whole us). */
    public long meanUs() {
        return (minUs + maxUs) / 2;
    }

    static String ms(long us) {
        return us % 1_000 == 0 ? Long.toString(us / 1_000) : String.format(Locale.ROOT, "%.3f", us / 1000.0);
    }
}
