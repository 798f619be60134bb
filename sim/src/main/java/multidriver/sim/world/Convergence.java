package multidriver.sim.world;

import java.util.SortedMap;
import multidriver.core.raft.RaftNode;

/**
 * The end state every correct cluster reaches once nothing is broken and nobody writes: every live replica holds the
 * same log, has committed all of it and applied all of it, and so holds the same key-value state. A replica whose
 * WAL is corrupt refused to start; it is not live and not counted.
 */
final class Convergence {
    private Convergence() {
    }

    /** Null when the live replicas have converged; otherwise what differs, for the failure report. */
    static String divergence(SimNode[] nodes) {
        RaftNode reference = null;
        SortedMap<String, String> referenceState = null;
        int live = 0;
        for (SimNode node : nodes) {
            if (node.refusedForGood()) continue;
            RaftNode raft = node.raft();
            if (raft == null || node.isPaused()) return name(node) + " is not running yet";
            live++;
            if (raft.commitIndex() != raft.lastLogIndex()) {
                return name(node) + " has committed " + raft.commitIndex() + " of " + raft.lastLogIndex() + " entries";
            }
            if (node.appliedIndex() != raft.commitIndex()) {
                return name(node) + " has applied " + node.appliedIndex() + " of " + raft.commitIndex() + " committed";
            }
            if (reference == null) {
                reference = raft;
                referenceState = node.state();
                continue;
            }
            if (raft.lastLogIndex() != reference.lastLogIndex()
                    || raft.termAt(raft.lastLogIndex()) != reference.termAt(reference.lastLogIndex())) {
                return name(node) + " ends its log at " + raft.lastLogIndex() + "@t" + raft.termAt(raft.lastLogIndex())
                        + " but " + reference.id() + " at " + reference.lastLogIndex() + "@t"
                        + reference.termAt(reference.lastLogIndex());
            }
            if (!node.state().equals(referenceState)) {
                return name(node) + " applied the same log into a different state than " + reference.id() + ": "
                        + node.state() + " vs " + referenceState;
            }
        }
        return live == 0 ? "no replica is live" : null;
    }

    /** The Raft server a machine runs, as every other report names it, and the machine when it was replaced. */
    private static String name(SimNode node) {
        return "n" + node.raftId() + (node.raftId() == node.id() ? "" : " (machine " + node.id() + ")");
    }

    /** A number that changes whenever any live replica's log, commit or apply index moves (progress, not order). */
    static long progress(SimNode[] nodes) {
        long signature = 17;
        for (SimNode node : nodes) {
            RaftNode raft = node.raft();
            if (raft == null) {
                signature = signature * 31 + 1;
                continue;
            }
            signature = (signature * 31 + raft.lastLogIndex()) * 31 + raft.commitIndex();
            signature = signature * 31 + node.appliedIndex();
        }
        return signature;
    }

    /** The converged key-value state (of the first live replica); call only once {@link #divergence} is null. */
    static SortedMap<String, String> state(SimNode[] nodes) {
        for (SimNode node : nodes) {
            if (!node.refusedForGood() && node.raft() != null) return node.state();
        }
        throw new IllegalStateException("no live replica");
    }
}
