package multidriver.sim.api;

import java.util.SortedMap;

/**
 * A node's replica, for the convergence check: once every fault is healed and the clients stop, every live replica
 * must become settled, with the same {@code position} and the same {@code state}, and the state must hold every
 * acknowledged write (final reads of it join the history).
 *
 * @param unsettled null once the replica has applied everything it knows of; otherwise what it still lacks (for the
 *                  report, e.g. "has committed 5 of 7 entries")
 * @param position where its log ends, comparable between replicas (e.g. "17@t3"); equal positions, equal logs
 * @param progress a number that changes whenever the replica moves (a stall is a failure)
 * @param state    the key-value state: key to value
 */
public record Replica(String unsettled, String position, long progress, SortedMap<String, Long> state) {
    public Replica {
        if (position == null || state == null) throw new IllegalArgumentException("position and state are required");
    }
}
