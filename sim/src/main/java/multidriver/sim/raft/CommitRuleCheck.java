package multidriver.sim.raft;

import multidriver.core.raft.RaftNode;
import multidriver.core.raft.Role;

/**
 * The commit rule of §5.4.2, checked on every leader after every event: a leader advances its commit index only to
 * an entry of its own term (entries of earlier terms then commit indirectly, by the Log Matching Property). A
 * leader that counts replicas of an older entry instead breaks no Figure-3 property yet — that takes the rare
 * sequence of the paper's Figure 8, where a later leader overwrites the entry — but it has broken the rule those
 * properties rest on, and the simulator reports it at once rather than waiting for the overwrite.
 */
final class CommitRuleCheck {
    private final RaftNode[] instance;
    private final long[] observedCommit;

    CommitRuleCheck(int nodes) {
        instance = new RaftNode[nodes];
        observedCommit = new long[nodes];
    }

    void observe(int machine, RaftNode node) {
        if (instance[machine] != node) { // first sight or a restart: a new server instance re-learns its commit index
            instance[machine] = node;
            observedCommit[machine] = node.commitIndex();
            return;
        }
        long commit = node.commitIndex();
        if (commit > observedCommit[machine] && node.role() == Role.LEADER && node.termAt(commit) != node.term()) {
            throw new IllegalStateException("commit rule (§5.4.2): leader n" + machine + " of term " + node.term()
                    + " advanced its commit index from " + observedCommit[machine] + " to " + commit
                    + ", an entry of term " + node.termAt(commit) + ", by counting replicas of an earlier term's entry");
        }
        observedCommit[machine] = commit;
    }
}
