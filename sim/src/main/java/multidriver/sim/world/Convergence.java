package multidriver.sim.world;

import java.util.SortedMap;
import multidriver.sim.api.Replica;

/**
 * The end state every correct cluster reaches once nothing is broken and nobody writes: every live replica holds the
 * same log, has committed all of it and applied all of it, and so holds the same key-value state ({@link Replica}). A
 * replica whose disk is corrupt refused to start; it is not live and not counted. A system whose nodes offer no
 * replica view is not checked here.
 */
final class Convergence {
    private Convergence() {
    }

    /** Null when the live replicas have converged; otherwise what differs, for the failure report. */
    static String divergence(SimNode[] nodes) {
        Replica reference = null;
        SimNode referenceNode = null;
        int live = 0;
        for (SimNode node : nodes) {
            if (node.refusedForGood()) continue;
            if (!node.isUp() || node.isPaused()) return name(node) + " is not running yet";
            Replica replica = node.replica();
            if (replica == null) return null; // no replica view: nothing to compare
            live++;
            if (replica.unsettled() != null) return name(node) + " " + replica.unsettled();
            if (reference == null) {
                reference = replica;
                referenceNode = node;
                continue;
            }
            if (!replica.position().equals(reference.position())) {
                return name(node) + " ends its log at " + replica.position() + " but n" + referenceNode.nodeId()
                        + " at " + reference.position();
            }
            if (!replica.state().equals(reference.state())) {
                return name(node) + " applied the same log into a different state than n" + referenceNode.nodeId()
                        + ": " + replica.state() + " vs " + reference.state();
            }
        }
        return live == 0 ? "no replica is live" : null;
    }

    /** The Raft server a machine runs, as every other report names it, and the machine when it was replaced. */
    private static String name(SimNode node) {
        return "n" + node.nodeId() + (node.nodeId() == node.id() ? "" : " (machine " + node.id() + ")");
    }

    /** A number that changes whenever any live replica's log, commit or apply index moves (progress, not order). */
    static long progress(SimNode[] nodes) {
        long signature = 17;
        for (SimNode node : nodes) {
            Replica replica = node.replica();
            signature = signature * 31 + (replica == null ? 1 : replica.progress());
        }
        return signature;
    }

    /** The converged key-value state (of the first live replica), or null without replica views. */
    static SortedMap<String, Long> state(SimNode[] nodes) {
        for (SimNode node : nodes) {
            if (!node.refusedForGood() && node.isUp()) {
                Replica replica = node.replica();
                return replica == null ? null : replica.state();
            }
        }
        throw new IllegalStateException("no live replica");
    }
}
