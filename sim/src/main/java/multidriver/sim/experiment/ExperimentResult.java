package multidriver.sim.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every trial of a run, per range in the order of the options. */
public record ExperimentResult(ExperimentOptions options, Map<TimeoutRange, List<TrialOutcome>> outcomes) {
    public ExperimentResult {
        Map<TimeoutRange, List<TrialOutcome>> copy = new LinkedHashMap<>();
        outcomes.forEach((range, list) -> copy.put(range, List.copyOf(list)));
        outcomes = Collections.unmodifiableMap(copy);
        if (!List.copyOf(outcomes.keySet()).equals(options.ranges())) {
            throw new IllegalArgumentException("outcomes must cover exactly the ranges of the options, in order");
        }
    }

    public RangeStats stats(TimeoutRange range) {
        List<TrialOutcome> list = outcomes.get(range);
        if (list == null) throw new IllegalArgumentException("no such range in this result: " + range.label());
        return RangeStats.of(list, options.capMs() * 1_000);
    }

    /** Trials that elected no leader within the cap, over all ranges. */
    public int timedOut() {
        return outcomes.keySet().stream().mapToInt(r -> stats(r).timedOut()).sum();
    }
}
