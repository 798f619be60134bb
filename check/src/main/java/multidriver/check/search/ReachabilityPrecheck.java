package multidriver.check.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *
 * <p>With the model's hints for every op ({@link Model#requiredState}, {@link Model#resultState}, {@link Model#blind})
 * the closure takes linear time instead: a blind op adds its result, any other adds its result once the state it
 * requires is reachable, and an observation is possible exactly when the state it requires is. The general closure
 * applies every op to every state, and on a register with hundreds of values it spent its whole step bound on
 * histories of a few thousand ops before concluding nothing.
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
        return hinted(partition.operations(), model) ? checkHinted(partition, model) : checkGeneral(partition, model);
    }

    /** Whether every op names the state it requires, or is blind, and every op that is not read-only its result. */
    private static boolean hinted(List<Operation> ops, Model model) {
        for (Operation o : ops) {
            boolean readOnly = model.isReadOnly(o.f(), o.value());
            boolean blind = model.blind(o.f(), o.value());
            Object required = model.requiredState(o.f(), o.value());
            Object result = model.resultState(o.f(), o.value());
            if (readOnly ? required == Model.NO_HINT : result == Model.NO_HINT || (!blind && required == Model.NO_HINT)) {
                return false;
            }
        }
        return true;
    }

    /** The ops that may change the state, by invocation, and the determinate ones, by return. */
    private record Split(List<Operation> mutators, List<Operation> determinate) {
        static Split of(Partition partition, Model model) {
            List<Operation> mutators = new ArrayList<>();
            List<Operation> determinate = new ArrayList<>();
            for (Operation o : partition.operations()) {
                if (!model.isReadOnly(o.f(), o.value())) mutators.add(o);
                if (!o.indeterminate()) determinate.add(o);
            }
            mutators.sort(Comparator.comparingLong(Operation::callIndex));
            determinate.sort(Comparator.comparingLong(Operation::returnIndex));
            return new Split(mutators, determinate);
        }
    }

    private static PartitionResult checkHinted(Partition partition, Model model) {
        Split split = Split.of(partition, model);
        List<Operation> mutators = split.mutators();
        List<Operation> determinate = split.determinate();
        Reachable reachable = new Reachable(model);
        int nextMutator = 0;
        long steps = 0;
        for (Operation d : determinate) {
            while (nextMutator < mutators.size() && mutators.get(nextMutator).callIndex() < d.returnIndex()) {
                reachable.include(mutators.get(nextMutator++));
                steps++;
            }
            steps++;
            Object required = model.blind(d.f(), d.value()) ? Model.NO_HINT : model.requiredState(d.f(), d.value());
            if (required != Model.NO_HINT && !reachable.known.contains(required)) { // a blind op is possible anywhere
                return invalid(partition, model, d, nextMutator, reachable.states, steps);
            }
        }
        return null;
    }

    /** The states reachable by the ops included so far, closed as each op comes in (each op fires at most once). */
    private static final class Reachable {
        final Model model;
        final List<Object> states = new ArrayList<>();
        final Set<Object> known = new HashSet<>();
        /** Ops waiting for the state they require, by that state; only looked up, never iterated. */
        final Map<Object, List<Operation>> waiting = new HashMap<>();

        Reachable(Model model) {
            this.model = model;
            add(model.init());
        }

        void include(Operation o) {
            if (model.blind(o.f(), o.value())) {
                add(model.resultState(o.f(), o.value()));
                return;
            }
            Object required = model.requiredState(o.f(), o.value());
            if (known.contains(required)) {
                add(model.resultState(o.f(), o.value()));
            } else {
                waiting.computeIfAbsent(required, k -> new ArrayList<>()).add(o);
            }
        }

        private void add(Object first) {
            List<Object> work = new ArrayList<>(); // states may be null (nil), which ArrayDeque refuses
            work.add(first);
            for (int i = 0; i < work.size(); i++) {
                Object st = work.get(i);
                if (!known.add(st)) continue;
                states.add(st);
                List<Operation> ready = waiting.remove(st);
                if (ready == null) continue;
                for (Operation o : ready) work.add(model.resultState(o.f(), o.value()));
            }
        }
    }

    private static PartitionResult checkGeneral(Partition partition, Model model) {
        Split split = Split.of(partition, model);
        List<Operation> mutators = split.mutators();
        List<Operation> determinate = split.determinate();
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
