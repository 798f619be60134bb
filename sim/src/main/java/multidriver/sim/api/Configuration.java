package multidriver.sim.api;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The cluster's configuration as one node sees it.
 *
 * @param voters    ids of the members that vote
 * @param learners  ids of the members that receive the log without voting
 * @param committed whether the change that made this configuration has committed
 */
public record Configuration(SortedSet<Integer> voters, SortedSet<Integer> learners, boolean committed) {
    public Configuration {
        voters = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(learners));
    }

    public boolean contains(int id) {
        return voters.contains(id) || learners.contains(id);
    }

    public boolean isVoter(int id) {
        return voters.contains(id);
    }

    public int voterCount() {
        return voters.size();
    }

    /** This configuration without member {@code id}. */
    public Configuration without(int id) {
        TreeSet<Integer> v = new TreeSet<>(voters);
        TreeSet<Integer> l = new TreeSet<>(learners);
        v.remove(id);
        l.remove(id);
        return new Configuration(v, l, committed);
    }
}
