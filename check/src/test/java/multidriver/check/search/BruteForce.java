package multidriver.check.search;

import java.util.List;
import multidriver.check.history.History;
import multidriver.check.model.Model;

/**
 * The definition of linearizability, checked by brute force for tiny histories: is there an order of all
 * determinate ops and some of the indeterminate ones, respecting real time, that the model accepts? No
 * memoisation, no dropping of no-op reads, no candidate ordering: a reference for {@link Linearizability}.
 */
final class BruteForce {
    private BruteForce() {
    }

    static boolean linearizable(History history, Model model) {
        List<Operation> ops = Partitioner.pair(history);
        if (ops.size() > 12) {
            throw new IllegalArgumentException("brute force is for tiny histories, got " + ops.size() + " ops");
        }
        return search(ops, new boolean[ops.size()], model.init(), model);
    }

    private static boolean search(List<Operation> ops, boolean[] placed, Object state, Model model) {
        boolean allDeterminatePlaced = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!placed[i] && !ops.get(i).indeterminate()) {
                allDeterminatePlaced = false;
            }
        }
        if (allDeterminatePlaced) {
            return true; // indeterminate ops left over never happened
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i] || !mayGoNext(ops, placed, i)) {
                continue;
            }
            Operation o = ops.get(i);
            Object next = model.step(state, o.f(), o.value());
            if (next == Model.INCONSISTENT) {
                continue;
            }
            placed[i] = true;
            boolean found = search(ops, placed, next, model);
            placed[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** Op i may be linearized next unless some unplaced op completed before i was invoked. */
    private static boolean mayGoNext(List<Operation> ops, boolean[] placed, int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (j != i && !placed[j] && ops.get(j).returnIndex() < ops.get(i).callIndex()) {
                return false;
            }
        }
        return true;
    }
}
