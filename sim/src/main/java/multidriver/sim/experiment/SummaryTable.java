package multidriver.sim.experiment;

import java.util.Locale;

/** The printed result: how the experiment was set up, then one line per range beside what the paper reports. */
final class SummaryTable {
    private SummaryTable() {
    }

    static String render(ExperimentResult result) {
        ExperimentOptions o = result.options();
        StringBuilder s = new StringBuilder();
        s.append("Raft paper Figure 16 (§9.3): time from a leader crash until a new leader, real core, seed ")
                .append(o.seed()).append(", ").append(o.trials()).append(" trials per range\n");
        s.append("  5 servers; plain Raft: PreVote OFF, CheckQuorum OFF (the paper's Raft had neither)\n");
        s.append("  heartbeat = min election timeout / 2; 1 tick = ").append(o.tickUs())
                .append(" us (150-155 ms = ").append(o.ticks(150)).append('-').append(o.ticks(155))
                .append(" ticks), each server's clock at its own random phase\n");
        boolean paperBroadcast = o.meanBroadcastUs() == OneWayDelay.PAPER_BROADCAST_US;
        if (o.fsyncUs() == 0) {
            s.append("  ").append(o.delay().describe())
                    .append(paperBroadcast ? ", mean round trip 15 ms = the paper's broadcast time\n" : "\n");
        } else {
            s.append("  ").append(o.delay().describe()).append("; fsync ").append(OneWayDelay.ms(o.fsyncUs()))
                    .append(" ms before the messages of a Ready with a new term, vote or entries leave\n");
            s.append("  mean broadcast round trip = request ").append(OneWayDelay.ms(o.delay().meanUs()))
                    .append(" + voter's fsync ").append(OneWayDelay.ms(o.fsyncUs())).append(" + reply ")
                    .append(OneWayDelay.ms(o.delay().meanUs())).append(" = ").append(OneWayDelay.ms(o.meanBroadcastUs()))
                    .append(" ms").append(paperBroadcast ? " = the paper's broadcast time\n" : "\n");
        }
        s.append(o.differentLogLengths() ? "  logs of different lengths (1-2 lagging followers per proposal round)\n"
                : "  ABLATION: every server has the same log (no lagging followers; not the paper's setup)\n");
        s.append("  leader crashed at a uniform point of its heartbeat interval, right after a final heartbeat to all"
                + " (the paper's synchronized broadcast)\n");
        s.append("  electionMs = crash -> a survivor becomes LEADER; timed out = no leader within ").append(o.capMs())
                .append(" ms\n");
        s.append(String.format(Locale.ROOT, "%-11s %6s %8s %9s %9s %9s %9s %6s  %s%n", "range", "trials", "timeouts",
                "median", "mean", "p99", "max", "terms", "paper"));
        for (TimeoutRange range : o.ranges()) {
            RangeStats st = result.stats(range);
            s.append(String.format(Locale.ROOT, "%-11s %6d %8d %9s %9s %9s %9s %6.2f  %s%n", range.label(), st.trials(),
                    st.timedOut(), ms(st.medianUs(), o), (st.meanIsLowerBound() ? ">" : "") + ms(st.meanUs(), o),
                    ms(st.p99Us(), o), ms(st.maxUs(), o), st.meanNewTerms(), range.paperSays()));
        }
        s.append("  (times in ms; '>cap' = among the timed-out trials; '>' mean = timed-out trials counted at the cap;"
                + " terms = mean terms used after the crash, 1 = no split vote)\n");
        return s.toString();
    }

    private static String ms(long us, ExperimentOptions o) {
        return us < 0 ? ">" + o.capMs() : String.format(Locale.ROOT, "%.1f", us / 1000.0);
    }
}
