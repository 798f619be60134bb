package multidriver.check.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import multidriver.check.model.Model;

/**
 * Decides some invalid histories without any search: a determinate operation whose observation is impossible in
 * every state that the operations invoked before it returned could produce, applied in any order and any subset,
 * can never be linearized (a read of a value no write or cas produced, ever or by that point; a cas whose expected
 * value nobody wrote). Sound because every linearization applies, before an op takes effect, only ops invoked
 * before that op returned, and the closure computed here contains every state such a sequence reaches.
 *
 * <p>The closure is an over-approximation (it ignores real-time order between the other ops), so it proves
 * invalidity only; it never proves validity. Bounded by {@link #MAX_STATES} states and {@link #MAX_STEPS} model
 * steps: past either, it concludes nothing and the search decides. Deterministic: states are kept in insertion
 * order, a hash set is only asked for membership.
 */
final class ReachabilityPrecheck {
    static final int MAX_STATES = 4096;
    static final long MAX_STEPS = 2_000_000;
    /** States shown in an explanation. */
    private static final int SHOWN_STATES = 8;

    private ReachabilityPrecheck() {
    }

    /** An INVALID result for the first impossible op, or null when none was found (or a bound was hit). */
    static PartitionResult check(Partition partition, Model model) {
        List<Operation> ops = partition.operations();
        List<Operation> mutators = new ArrayList<>();
        List<Operation> determinate = new ArrayList<>();
        for (Operation o : ops) {
            if (!model.isReadOnly(o.f(), o.value())) mutators.add(o);
            if (!o.indeterminate()) determinate.add(o);
        }
        mutators.sort(Comparator.comparingLong(Operation::callIndex));
        determinate.sort(Comparator.comparingLong(Operation::returnIndex));
        List<Object> states = new ArrayList<>();
        Set<Object> known = new HashSet<>();
        states.add(model.init());
        known.add(model.init());
        List<Operation> included = new ArrayList<>();
        long[] steps = {0};
        int nextMutator = 0;
        for (Operation d : determinate) {
            // Every mutator invoked before d returned may have taken effect before d did.
            int firstNew = included.size();
            while (nextMutator < mutators.size() && mutators.get(nextMutator).callIndex() < d.returnIndex()) {
                included.add(mutators.get(nextMutator++));
            }
            if (!close(model, states, known, included, firstNew, steps)) return null;
            boolean possible = false;
            for (Object s : states) {
                if (++steps[0] > MAX_STEPS) return null;
                if (model.step(s, d.f(), d.value()) != Model.INCONSISTENT) {
                    possible = true;
                    break;
                }
            }
            if (!possible) return invalid(partition, model, d, included.size(), states, steps[0]);
        }
        return null;
    }

    /**
     * Grows {@code states} to its fixpoint under {@code included}: the ops from {@code firstNew} on are applied to
     * every state, and every new state to every op. False when a bound was hit.
     */
    private static boolean close(Model model, List<Object> states, Set<Object> known, List<Operation> included,
                                 int firstNew, long[] steps) {
        int statesBefore = states.size();
        for (int i = firstNew; i < included.size(); i++) {
            for (int s = 0; s < statesBefore; s++) {
                if (!apply(model, states.get(s), included.get(i), states, known, steps)) return false;
            }
        }
        for (int s = statesBefore; s < states.size(); s++) { // states.size() grows as new states are found
            for (Operation o : included) {
                if (!apply(model, states.get(s), o, states, known, steps)) return false;
            }
        }
        return true;
    }

    private static boolean apply(Model model, Object state, Operation o, List<Object> states, Set<Object> known,
                                 long[] steps) {
        if (++steps[0] > MAX_STEPS) return false;
        Object next = model.step(state, o.f(), o.value());
        if (next != Model.INCONSISTENT && known.add(next)) {
            states.add(next);
            return states.size() <= MAX_STATES;
        }
        return true;
    }

    private static PartitionResult invalid(Partition partition, Model model, Operation d, int before,
                                           List<Object> states, long steps) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(SHOWN_STATES, states.size()); i++) shown.add(model.showState(states.get(i)));
        String reason = "op " + d + " is impossible in every state that the " + before + " state-changing op(s) "
                + "invoked before it returned could produce in any order (" + states.size() + " state(s): " + shown
                + (states.size() > SHOWN_STATES ? ", ..." : "") + "); decided without search";
        Explanation e = new Explanation(d, List.of(), shown);
        return new PartitionResult(partition.key(), Outcome.INVALID, reason, partition.operations().size(), steps, 0,
                List.of(), e);
    }
}
