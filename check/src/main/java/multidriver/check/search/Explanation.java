package multidriver.check.search;

import java.util.List;

/**
 * Why a partition is not linearizable.
 *
 * @param failingOp       the op that had to take effect (its completion was reached) but could not, after the
 *                        longest linearizable prefix
 * @param longestPrefix   a longest sequence of ops found that is a valid linearization of a prefix of the history
 * @param reachableStates distinct model states (shown) that prefixes of that length could reach (bounded)
 */
public record Explanation(Operation failingOp, List<Operation> longestPrefix, List<String> reachableStates) {
    public Explanation {
        longestPrefix = List.copyOf(longestPrefix);
        reachableStates = List.copyOf(reachableStates);
    }

    /** One paragraph for people. */
    public String describe() {
        return "op " + failingOp + " cannot be linearized: after the longest linearizable prefix of "
                + longestPrefix.size() + " ops, the model could be in " + reachableStates
                + ", and in none of those states does it allow this op before its completion";
    }
}
