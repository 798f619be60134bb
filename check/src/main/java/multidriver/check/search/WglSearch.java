package multidriver.check.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import multidriver.check.model.Model;

/**
 * Wing and Gong's linearizability search with Lowe's memoisation, in the array form Porcupine uses.
 *
 * <p>Events (calls and returns) sit in a doubly linked list in history order. Walking from the head, a call
 * whose op the model accepts in the current state is tentatively linearized: it is pushed, both its events are
 * lifted out of the list, and the walk restarts. Reaching a return means that op had to take effect before now
 * but could not: backtrack by popping the last tentative op. A configuration (set of linearized ops, state) seen
 * before is not explored again. Indeterminate ops return at +infinity: reaching such a return means every
 * determinate op is linearized, and the remaining indeterminate ones may simply never have happened.
 *
 * <p>Deterministic: same input, same steps, same result. Only {@code deadlineNs} reads the clock.
 */
final class WglSearch {
    /** Bound on distinct reachable states kept for an explanation. */
    private static final int MAX_EXPLAINED_STATES = 16;
    private static final int DEADLINE_CHECK_MASK = 1023;

    /** One tentatively linearized op: an immutable stack node, so the deepest stack can be kept for free. */
    private record Frame(int op, int prevState, Frame parent, int depth) {
    }

    private final List<Operation> ops;
    private final Model model;
    private final CheckOptions options;
    private final Object key;

    private final List<Object> stateList = new ArrayList<>();
    private final Map<Object, Integer> stateIds = new HashMap<>();

    private WglSearch(Partition partition, Model model, CheckOptions options) {
        this.ops = partition.operations();
        this.model = model;
        this.options = options;
        this.key = partition.key();
    }

    static PartitionResult run(Partition partition, Model model, CheckOptions options) {
        return new WglSearch(partition, model, options).search();
    }

    private int intern(Object state) {
        Integer id = stateIds.get(state);
        if (id == null) {
            id = stateList.size();
            stateList.add(state);
            stateIds.put(state, id);
        }
        return id;
    }

    private PartitionResult search() {
        final int n = ops.size();
        final int initState = intern(model.init());
        if (n == 0) {
            return new PartitionResult(key, Outcome.VALID, "", 0, 0, 0, List.of(), null);
        }
        // Event list: node k in 1..2n, 0 is the head of a circular list. Sorted by history position; returns
        // of indeterminate ops come last.
        final int events = 2 * n;
        long[] order = new long[events];
        for (int op = 0; op < n; op++) {
            Operation o = ops.get(op);
            long ret = o.indeterminate() ? Integer.MAX_VALUE : o.returnIndex(); // sorts after every real index
            order[2 * op] = (o.callIndex() << 32) | (2L * op);
            order[2 * op + 1] = (ret << 32) | (2L * op + 1);
        }
        Arrays.sort(order);
        final int[] next = new int[events + 1];
        final int[] prev = new int[events + 1];
        final int[] nodeOp = new int[events + 1];
        final boolean[] nodeIsCall = new boolean[events + 1];
        final boolean[] nodeIsInf = new boolean[events + 1];
        final int[] callNode = new int[n];
        final int[] retNode = new int[n];
        for (int k = 1; k <= events; k++) {
            int ev = (int) (order[k - 1] & 0xFFFFFFFFL);
            int op = ev >>> 1;
            nodeOp[k] = op;
            nodeIsCall[k] = (ev & 1) == 0;
            nodeIsInf[k] = !nodeIsCall[k] && ops.get(op).indeterminate();
            if (nodeIsCall[k]) {
                callNode[op] = k;
            } else {
                retNode[op] = k;
            }
            next[k] = k == events ? 0 : k + 1;
            prev[k] = k - 1;
        }
        next[0] = 1;
        prev[0] = events;

        final int words = (n + 63) >>> 6;
        final long[] bits = new long[words];
        final long[] zobrist = new long[n];
        for (int op = 0; op < n; op++) {
            zobrist[op] = MemoTable.mix(0x5DEECE66DL + op * 0x9E3779B97F4A7C15L);
        }
        final MemoTable memo = new MemoTable(words, options.maxMemoBytes());
        // Per-op cache of the last transition: states repeat a lot, model steps allocate.
        final int[] lastFrom = new int[n];
        final int[] lastTo = new int[n];
        Arrays.fill(lastFrom, -1);

        final long maxSteps = options.maxSearchSteps();
        final long deadlineNs = options.deadlineNs();
        long bitsHash = 0;
        int state = initState;
        Frame top = null;
        long steps = 0;

        Frame bestFrame = null;
        int bestDepth = -1;
        int bestFailOp = -1;
        Set<Integer> bestStates = new LinkedHashSet<>();

        int entry = next[0];
        while (true) {
            steps++;
            if (steps > maxSteps) {
                return unknown("search-step budget of " + maxSteps + " exhausted", n, steps, memo);
            }
            if (deadlineNs != 0 && (steps & DEADLINE_CHECK_MASK) == 0 && System.nanoTime() - deadlineNs > 0) {
                return unknown("time limit reached after " + steps + " search steps", n, steps, memo);
            }
            if (entry == 0) {
                return valid(top, n, steps, memo);
            }
            if (nodeIsCall[entry]) {
                int op = nodeOp[entry];
                int to;
                if (lastFrom[op] == state) {
                    to = lastTo[op];
                } else {
                    Operation o = ops.get(op);
                    Object ns = model.step(stateList.get(state), o.f(), o.value());
                    to = ns == Model.INCONSISTENT ? -1 : intern(ns);
                    lastFrom[op] = state;
                    lastTo[op] = to;
                }
                if (to >= 0) {
                    bits[op >>> 6] |= 1L << op;
                    bitsHash ^= zobrist[op];
                    int added = memo.add(bits, bitsHash, to);
                    if (added == MemoTable.ADDED) {
                        top = new Frame(op, state, top, top == null ? 1 : top.depth() + 1);
                        state = to;
                        int c = callNode[op];
                        next[prev[c]] = next[c];
                        prev[next[c]] = prev[c];
                        int r = retNode[op];
                        next[prev[r]] = next[r];
                        prev[next[r]] = prev[r];
                        entry = next[0];
                        continue;
                    }
                    bits[op >>> 6] &= ~(1L << op);
                    bitsHash ^= zobrist[op];
                    if (added == MemoTable.FULL) {
                        return unknown("memo budget of " + options.maxMemoBytes() / (1024 * 1024) + " MiB ("
                                + memo.maxEntries() + " configurations) exhausted", n, steps, memo);
                    }
                }
                entry = next[entry];
                continue;
            }
            if (nodeIsInf[entry]) {
                return valid(top, n, steps, memo);
            }
            int depth = top == null ? 0 : top.depth();
            if (depth > bestDepth) {
                bestDepth = depth;
                bestFrame = top;
                bestFailOp = nodeOp[entry];
                bestStates.clear();
                bestStates.add(state);
            } else if (depth == bestDepth && bestStates.size() < MAX_EXPLAINED_STATES) {
                bestStates.add(state);
            }
            if (top == null) {
                return invalid(bestFrame, bestFailOp, bestStates, n, steps, memo);
            }
            int op = top.op();
            state = top.prevState();
            bits[op >>> 6] &= ~(1L << op);
            bitsHash ^= zobrist[op];
            top = top.parent();
            int r = retNode[op];
            next[prev[r]] = r;
            prev[next[r]] = r;
            int c = callNode[op];
            next[prev[c]] = c;
            prev[next[c]] = c;
            entry = next[c];
        }
    }

    private List<Operation> stackOps(Frame top) {
        List<Operation> out = new ArrayList<>();
        for (Frame f = top; f != null; f = f.parent()) {
            out.add(ops.get(f.op()));
        }
        Collections.reverse(out);
        return out;
    }

    private PartitionResult valid(Frame top, int n, long steps, MemoTable memo) {
        return new PartitionResult(key, Outcome.VALID, "", n, steps, memo.size(), stackOps(top), null);
    }

    private PartitionResult unknown(String reason, int n, long steps, MemoTable memo) {
        return new PartitionResult(key, Outcome.UNKNOWN, reason, n, steps, memo.size(), List.of(), null);
    }

    private PartitionResult invalid(Frame best, int failOp, Set<Integer> stateIdsAtBest, int n, long steps,
                                    MemoTable memo) {
        List<String> shown = new ArrayList<>();
        for (int s : stateIdsAtBest) {
            shown.add(model.showState(stateList.get(s)));
        }
        Explanation e = new Explanation(ops.get(failOp), stackOps(best), shown);
        return new PartitionResult(key, Outcome.INVALID, e.describe(), n, steps, memo.size(), List.of(), e);
    }
}
