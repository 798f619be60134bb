package multidriver.core.raft;

import multidriver.core.log.Entry;

/**
 * One server's always-on sanity checks, run after every input call of its {@link RaftNode}. Incremental: the log
 * shape is checked only for entries appended or rewritten since the previous check, so a check is O(new entries).
 * Violations throw {@link InvariantViolation} naming the node, its term and the entries involved.
 */
final class Invariants {
    private long lastTerm = -1;
    private NodeId lastVote;
    private long lastCommit;
    /** Log indexes [1, checkedUpTo] were found contiguous with non-decreasing terms. */
    private long checkedUpTo;
    /** Term in which this server was leader at the previous check, or -1. */
    private long leaderTerm = -1;

    void check(RaftNode node) {
        RaftLog log = node.raftLog();
        long rewritten = log.takeLowestRewritten();
        long term = node.term();
        NodeId vote = node.votedForOrNull();
        // §5.1 / Figure 2: currentTerm only grows; a vote, once cast, stays for the whole term.
        if (term < lastTerm) fail(node, "term went backwards", "from " + lastTerm + " to " + term);
        if (term == lastTerm && lastVote != null && !lastVote.equals(vote)) {
            fail(node, "vote changed within a term", "voted for " + lastVote + ", now " + vote);
        }
        long commit = node.commitIndex();
        if (commit < lastCommit) fail(node, "commit index went backwards", "from " + lastCommit + " to " + commit);
        if (rewritten <= lastCommit) {
            fail(node, "committed entry overwritten", "log rewritten from index " + rewritten + " but commit index was "
                    + lastCommit);
        }
        if (node.appliedIndex() > commit) {
            fail(node, "applied beyond committed", "applied " + node.appliedIndex() + " > commit " + commit);
        }
        if (commit > log.lastIndex()) {
            fail(node, "commit beyond log", "commit " + commit + " > last index " + log.lastIndex());
        }
        // Leader Append-Only (Figure 3): a leader never overwrites or deletes entries in its own log.
        if (leaderTerm == term && node.role() == Role.LEADER && rewritten != Long.MAX_VALUE) {
            fail(node, "leader append-only", "leader of term " + term + " rewrote its log from index " + rewritten);
        }
        // Thesis §4.2.2: a leader whose removal is committed no longer leads (it steps down in the same step).
        if (node.role() == Role.LEADER && !node.membership().isVoter(node.id())
                && node.membershipIndex() <= commit) {
            fail(node, "removed leader still leads", "configuration " + node.membership() + " (index "
                    + node.membershipIndex() + ") is committed without it");
        }
        checkLogShape(node, log, Math.min(checkedUpTo, Math.min(rewritten - 1, log.lastIndex())));
        lastTerm = term;
        lastVote = vote;
        lastCommit = commit;
        leaderTerm = node.role() == Role.LEADER ? term : -1;
    }

    /** Indexes contiguous from the snapshot, terms non-decreasing (§5.3) and never from a future term. */
    private void checkLogShape(RaftNode node, RaftLog log, long checkFrom) {
        long from = Math.max(checkFrom, log.snapshotIndex());
        long previousTerm = log.termAt(from);
        for (long i = from + 1; i <= log.lastIndex(); i++) {
            Entry e = log.get(i);
            if (e.index() != i) fail(node, "log indexes not contiguous", "position " + i + " holds " + e);
            if (e.term() < previousTerm) {
                fail(node, "log terms decrease", "term " + previousTerm + " followed by " + e);
            }
            if (e.term() > node.term()) fail(node, "entry from a future term", e + " in term " + node.term());
            previousTerm = e.term();
        }
        checkedUpTo = log.lastIndex();
    }

    private static void fail(RaftNode node, String invariant, String details) {
        throw new InvariantViolation(invariant, node.id() + " (" + node.role() + ", term " + node.term() + "): "
                + details);
    }
}
