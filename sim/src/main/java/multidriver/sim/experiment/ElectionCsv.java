package multidriver.sim.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row per trial: {@code range,trial,electionMs,majorityMs,timedOut,newTerms,crashOffsetMs,logLengthsAtCrash}.
 * Times are milliseconds with microsecond precision; a timed-out trial has empty times and {@code timedOut=true}.
 */
final class ElectionCsv {
    static final String HEADER = "range,trial,electionMs,majorityMs,timedOut,newTerms,crashOffsetMs,logLengthsAtCrash";

    private ElectionCsv() {
    }

    static String render(ExperimentResult result) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<TimeoutRange, List<TrialOutcome>> e : result.outcomes().entrySet()) {
            for (TrialOutcome o : e.getValue()) {
                csv.append(e.getKey().label()).append(',').append(o.trial()).append(',')
                        .append(ms(o.electionUs())).append(',').append(ms(o.majorityUs())).append(',')
                        .append(o.timedOut()).append(',').append(o.newTerms()).append(',')
                        .append(ms(o.crashOffsetUs())).append(',').append(o.logLengthsAtCrash()).append('\n');
            }
        }
        return csv.toString();
    }

    private static String ms(long us) {
        return us < 0 ? "" : String.format(Locale.ROOT, "%.3f", us / 1000.0);
    }
}
