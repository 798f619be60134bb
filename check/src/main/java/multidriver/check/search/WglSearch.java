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

        // Determinate ops (F) and indeterminate ops (A) get separate bit numbers: see MemoTable on dominance.
        final int[] bitOf = new int[n];
        final boolean[] isInfo = new boolean[n];
        int fCount = 0;
        int aCount = 0;
        for (int op = 0; op < n; op++) {
            isInfo[op] = ops.get(op).indeterminate();
            bitOf[op] = isInfo[op] ? aCount++ : fCount++;
        }
        final int fWords = (fCount + 63) >>> 6;
        final long[] fBits = new long[fWords];
        final long[] aBits = new long[(aCount + 63) >>> 6];
        int fLow = 0; // first word of fBits that is not all ones
        int fHigh = 0; // one past the last non-zero word of fBits
        int aLow = 0; // first non-zero word of aBits (0 when empty)
        int aHigh = 0; // one past the last non-zero word of aBits (0 when empty)
        final long[] zobrist = new long[n];
        for (int op = 0; op < n; op++) {
            zobrist[op] = MemoTable.mix(0x5DEECE66DL + op * 0x9E3779B97F4A7C15L);
        }
        final MemoTable memo = new MemoTable(options.maxMemoBytes());
        // Per-op cache of the last transition: states repeat a lot, model steps allocate.
        final int[] lastFrom = new int[n];
        final int[] lastTo = new int[n];
        Arrays.fill(lastFrom, -1);
        final int[] altFrom = new int[n];
        final int[] altTo = new int[n];
        Arrays.fill(altFrom, -1);

        final long maxSteps = options.maxSearchSteps();
        final long deadlineNs = options.deadlineNs();
        long fHash = 0;
        int state = initState;
        Frame top = null;
        long steps = 0;

        Frame bestFrame = null;
        int bestDepth = -1;
        int bestFailOp = -1;
        Set<Integer> bestStates = new LinkedHashSet<>();

        int entry = next[0];
        // Candidates at a configuration are the calls before the first return: determinate ones first (phase 1,
        // in history order), then indeterminate ones (phase 2). Trying crashed ops last makes the small sets A
        // of MemoTable's dominance get stored first, so their supersets are pruned.
        boolean infoPhase = false;
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
                if (isInfo[op] != infoPhase) {
                    entry = next[entry];
                    continue;
                }
                int to = transition(state, op, lastFrom, lastTo);
                if (to >= 0 && isInfo[op] && top != null && isInfo[top.op()]
                        && transition(top.prevState(), op, altFrom, altTo) == to) {
                    // Two crashed ops in a row, and the second alone, applied where the first was, reaches the
                    // same state: that sibling configuration dominates this one (see MemoTable), skip it. Without
                    // this, runs of crashed writes are tried in every subset and order.
                    to = -1;
                }
                if (to >= 0) {
                    int bit = bitOf[op];
                    int w = bit >>> 6;
                    // Tentatively add op to F or A, keeping the compact bounds exact.
                    int savedFLow = fLow;
                    int savedFHigh = fHigh;
                    int savedALow = aLow;
                    int savedAHigh = aHigh;
                    if (isInfo[op]) {
                        aBits[w] |= 1L << bit;
                        if (aLow == aHigh) {
                            aLow = w;
                            aHigh = w + 1;
                        } else {
                            aLow = Math.min(aLow, w);
                            aHigh = Math.max(aHigh, w + 1);
                        }
                    } else {
                        fBits[w] |= 1L << bit;
                        fHash ^= zobrist[op];
                        fHigh = Math.max(fHigh, w + 1);
                        while (fLow < fWords && fBits[fLow] == -1L) {
                            fLow++;
                        }
                    }
                    int added = memo.add(fBits, fLow, fHigh, fHash, to, aBits, aLow, aHigh);
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
                        infoPhase = false;
                        continue;
                    }
                    if (isInfo[op]) {
                        aBits[w] &= ~(1L << bit);
                    } else {
                        fBits[w] &= ~(1L << bit);
                        fHash ^= zobrist[op];
                    }
                    fLow = savedFLow;
                    fHigh = savedFHigh;
                    aLow = savedALow;
                    aHigh = savedAHigh;
                    if (added == MemoTable.FULL) {
                        return unknown("memo budget of " + options.maxMemoBytes() / (1024 * 1024) + " MiB exhausted ("
                                + memo.size() + " configurations)", n, steps, memo);
                    }
                }
                entry = next[entry];
                continue;
            }
            if (nodeIsInf[entry]) {
                return valid(top, n, steps, memo); // every determinate op is linearized
            }
            if (!infoPhase) {
                infoPhase = true;
                entry = next[0];
                continue;
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
            int bit = bitOf[op];
            int w = bit >>> 6;
            if (isInfo[op]) {
                aBits[w] &= ~(1L << bit);
                if (aBits[w] == 0) {
                    while (aLow < aHigh && aBits[aLow] == 0) {
                        aLow++;
                    }
                    while (aHigh > aLow && aBits[aHigh - 1] == 0) {
                        aHigh--;
                    }
                    if (aLow == aHigh) {
                        aLow = 0;
                        aHigh = 0;
                    }
                }
            } else {
                fBits[w] &= ~(1L << bit);
                fHash ^= zobrist[op];
                fLow = Math.min(fLow, w);
                while (fHigh > 0 && fBits[fHigh - 1] == 0) {
                    fHigh--;
                }
            }
            top = top.parent();
            int r = retNode[op];
            next[prev[r]] = r;
            prev[next[r]] = r;
            int c = callNode[op];
            next[prev[c]] = c;
            prev[next[c]] = c;
            entry = next[c];
            infoPhase = isInfo[op];
        }
    }

    /** The state id after applying op in state, or -1; memoised per op for the last from-state seen. */
    private int transition(int state, int op, int[] cacheFrom, int[] cacheTo) {
        if (cacheFrom[op] == state) {
            return cacheTo[op];
        }
        Operation o = ops.get(op);
        Object next = model.step(stateList.get(state), o.f(), o.value());
        int to = next == Model.INCONSISTENT ? -1 : intern(next);
        cacheFrom[op] = state;
        cacheTo[op] = to;
        return to;
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
