package multidriver.core.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import multidriver.core.log.Entry;

/**
 * Cluster-wide Raft safety (Figure 3), checked incrementally by feeding it every server's observable state after
 * each simulated event:
 * <pre>{@code
 * ClusterInvariants safety = new ClusterInvariants();
 * // after every delivered message, tick, proposal, crash or restart:
 * for (RaftNode node : liveNodes) safety.observe(node);   // throws InvariantViolation on a broken property
 * }</pre>
 * <ul>
 *   <li><b>Election safety</b>: at most one leader per term, ever (leaders are remembered by term across calls).</li>
 *   <li><b>Log matching</b>: every (index, term) ever seen in any log has the same entry and the same term at
 *       index-1; by induction two logs with an entry of the same index and term agree on the whole prefix.</li>
 *   <li><b>Leader completeness</b>: when a server is first seen as leader of term T, its log holds every entry seen
 *       committed in an earlier term.</li>
 *   <li><b>State machine safety</b>: all servers' committed (hence applied) prefixes agree.</li>
 * </ul>
 * Cost per call is O(1) plus the entries that changed or committed since the server's previous observation (and
 * O(committed) once per newly observed leader). A restarted server may be passed as a new {@link RaftNode} instance
 * with the same id. Not thread-safe; deterministic.
 */
public final class ClusterInvariants {
    /** Leaders remembered per term; the oldest terms are forgotten beyond this bound. */
    private static final int MAX_REMEMBERED_TERMS = 1 << 20;

    private record Known(Entry entry, long prevTerm) {
    }

    private static final class View {
        RaftNode instance;
        long[] terms = new long[64];
        long mirroredUpTo;
        long observedCommit;
        long leaderTermChecked = -1;
    }

    private final TreeMap<Long, NodeId> leaderByTerm = new TreeMap<>();
    /** index -> every distinct-term entry ever seen at that index (position index - 1). */
    private final ArrayList<Known[]> seen = new ArrayList<>();
    /** The committed prefix as first observed (position index - 1). */
    private final ArrayList<Entry> committed = new ArrayList<>();
    /** Term of the server that first showed each committed index as committed. */
    private long[] committedInTerm = new long[64];
    private final TreeMap<NodeId, View> views = new TreeMap<>();

    /** Checks one server's current state against everything observed so far. */
    public void observe(RaftNode node) {
        View view = views.computeIfAbsent(node.id(), k -> new View());
        if (view.instance != node) { // first sight, or a restarted server: re-verify its committed prefix
            view.instance = node;
            view.observedCommit = 0;
            view.leaderTermChecked = -1;
        }
        checkElectionSafety(node);
        checkLogMatching(node, view);
        checkLeaderCompleteness(node, view);
        checkCommittedPrefix(node, view);
    }

    /** Convenience: {@link #observe(RaftNode)} for each server. */
    public void observeAll(Iterable<RaftNode> nodes) {
        for (RaftNode node : nodes) observe(node);
    }

    /** Highest index seen committed on any server. */
    public long committedIndex() {
        return committed.size();
    }

    /** The entry seen committed at {@code index} (1-based, up to {@link #committedIndex()}). */
    public Entry committedEntry(long index) {
        return committed.get((int) (index - 1));
    }

    /** The leader seen in {@code term}, if any. */
    public Optional<NodeId> leaderOf(long term) {
        return Optional.ofNullable(leaderByTerm.get(term));
    }

    private void checkElectionSafety(RaftNode node) {
        if (node.role() != Role.LEADER) return;
        NodeId previous = leaderByTerm.putIfAbsent(node.term(), node.id());
        if (previous != null && !previous.equals(node.id())) {
            throw new InvariantViolation("election safety", "two leaders in term " + node.term() + ": " + previous
                    + " and " + node.id() + " (" + node + ")");
        }
        if (leaderByTerm.size() > MAX_REMEMBERED_TERMS) leaderByTerm.pollFirstEntry();
    }

    private void checkLogMatching(RaftNode node, View view) {
        long last = node.lastLogIndex();
        // Logs change only at their end (append, or truncate-and-append), so scan down to the first index whose
        // term still matches what we saw last time; everything above it is new. Nothing below the snapshot can be
        // compared (those entries are committed, and checked when they were): the scan stops at its edge.
        long floor = node.snapshotIndex();
        long unchanged = Math.min(view.mirroredUpTo, last);
        while (unchanged > floor && view.terms[(int) (unchanged - 1)] != node.termAt(unchanged)) unchanged--;
        if (unchanged < floor) unchanged = floor;
        if (unchanged < last) {
            List<Entry> changed = node.entries(unchanged + 1, last);
            if (last > view.terms.length) view.terms = Arrays.copyOf(view.terms, (int) Math.max(last, 2L * view.terms.length));
            long prevTerm = node.termAt(unchanged);
            for (Entry e : changed) {
                remember(node, e, prevTerm);
                view.terms[(int) (e.index() - 1)] = e.term();
                prevTerm = e.term();
            }
        }
        view.mirroredUpTo = last;
    }

    private void remember(RaftNode node, Entry e, long prevTerm) {
        int position = (int) (e.index() - 1);
        while (seen.size() <= position) seen.add(null);
        Known[] known = seen.get(position);
        if (known != null) {
            for (Known k : known) {
                if (k.entry.term() != e.term()) continue;
                if (!k.entry.equals(e) || k.prevTerm != prevTerm) {
                    throw new InvariantViolation("log matching", node.id() + " (term " + node.term() + ") holds " + e
                            + " after term " + prevTerm + ", but another log held " + k.entry + " after term "
                            + k.prevTerm);
                }
                return;
            }
            known = Arrays.copyOf(known, known.length + 1);
        } else {
            known = new Known[1];
        }
        known[known.length - 1] = new Known(e, prevTerm);
        seen.set(position, known);
    }

    private void checkLeaderCompleteness(RaftNode node, View view) {
        if (node.role() != Role.LEADER || view.leaderTermChecked == node.term()) return;
        view.leaderTermChecked = node.term();
        for (int i = 0; i < committed.size(); i++) {
            if (committedInTerm[i] >= node.term()) continue;
            Entry e = committed.get(i);
            if (e.index() < node.snapshotIndex()) continue; // inside the leader's snapshot
            if (node.termAt(e.index()) != e.term()) {
                throw new InvariantViolation("leader completeness", node.id() + " became leader of term " + node.term()
                        + " without " + e + ", committed in term " + committedInTerm[i] + "; its log has term "
                        + node.termAt(e.index()) + " at that index");
            }
        }
    }

    private void checkCommittedPrefix(RaftNode node, View view) {
        long commit = node.commitIndex();
        if (commit <= view.observedCommit) {
            view.observedCommit = commit;
            return;
        }
        long compareUpTo = Math.min(commit, committed.size());
        for (long i = Math.max(view.observedCommit + 1, node.snapshotIndex()); i <= compareUpTo; i++) {
            Entry known = committed.get((int) (i - 1));
            if (node.termAt(i) != known.term()) {
                throw new InvariantViolation("state machine safety", node.id() + " (term " + node.term()
                        + ") committed " + node.entries(i, i) + " at index " + i + " where " + known
                        + " was committed before");
            }
        }
        if (commit > committed.size() && committed.size() >= node.snapshotIndex()) {
            long from = committed.size() + 1;
            if (commit > committedInTerm.length) {
                committedInTerm = Arrays.copyOf(committedInTerm, (int) Math.max(commit, 2L * committedInTerm.length));
            }
            for (Entry e : node.entries(from, commit)) {
                committedInTerm[committed.size()] = node.term();
                committed.add(e);
            }
        }
        view.observedCommit = commit;
    }
}
