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

    /**
     * One tentatively linearized op: an immutable stack node, so the deepest stack can be kept for free;
     * {@code phase} is the candidate phase it was tried in, where the search resumes when it is undone;
     * {@code slot} its place in the explainers' list when it was one (else -1).
     */
    private record Frame(int op, int prevState, Frame parent, int depth, int phase, int slot) {
    }

    /**
     * Candidate phases at a configuration. EXPLAIN: when the op whose return comes first cannot take effect in the
     * current state, crashed ops after which it can are tried first (the next observation needs one of them, and
     * Porcupine's search gets the same effect from its history order). DETERMINATE: the calls before the first
     * return, in history order. CRASHED: every crashed op invoked before that return that can take effect in the
     * current state (those tried in EXPLAIN meet their stored configuration again and cost one memo lookup): with
     * every op hinted, the classes that require the state, in class order; else the crashed list, in history order. Crashed ops are offered one per class of
     * interchangeable ones ({@link CrashedClasses}), and one whose result no remaining op could observe is skipped
     * (the model's hints, {@link #unobservable}). CRASHED walks the crashed ops that are not blind, CRASHED_BLIND
     * the blind ones (they take effect in any state and leave one of their own), each in a list of its own; right
     * after a crashed op CRASHED_BLIND is not walked at all, because each of its ops would meet the sibling rule
     * below (applied where the crashed op on top was, it reaches the same state) and be skipped one step at a time.
     */
    private static final int EXPLAIN = 0;
    private static final int DETERMINATE = 1;
    private static final int CRASHED = 2;
    private static final int CRASHED_BLIND = 3;
    /**
     * No candidate is left to try at this configuration: resumed after undoing a neutral op that was legal in it.
     * Neutral: determinate, and either read-only, or blind with its result {@link #DEAD} in a dead state. Such an op
     * is linearized as soon as it can be and nothing else is tried in its place. Any completion that puts it later
     * can put it first instead: it leaves the state as it was (or dead as it was), removing it from its later place
     * changes no state after it (a read changes nothing; a write nobody reads is followed by a blind op or by
     * nothing), and every op that returned before it was invoked is already linearized (it is a candidate, so it was
     * invoked before the first remaining return). So a configuration whose neutral op fails, here or in the memo,
     * has failed.
     */
    private static final int EXHAUSTED = 4;

    private final List<Operation> ops;
    private final Model model;
    private final CheckOptions options;
    private final Object key;

    private final List<Object> stateList = new ArrayList<>();
    /** Per op: determinate and read-only (see {@link #EXHAUSTED}). */
    private boolean[] readOnly;
    /** Transition cache of the explain test (the op of the first return, from the state after a crashed op). */
    private int[] expFrom;
    private int[] expTo;
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
        deadId = intern(DEAD);
        if (n == 0) {
            return new PartitionResult(key, Outcome.VALID, "", 0, 0, 0, List.of(), null);
        }
        // Nodes 1..2n are the events sorted by history position (so comparing node numbers compares positions).
        // Determinate calls and returns form the main circular list (head 0). The calls of crashed (indeterminate)
        // ops that are candidates, one per class of interchangeable ones (CrashedClasses), form the crashed list
        // (head 2n+1) and, for blind ones, the blind list (head 2n+2), also by position; their returns, at
        // +infinity, are in no list.
        final int events = 2 * n;
        final int crashedHead = events + 1;
        final int blindHead = events + 2;
        long[] order = new long[events];
        final boolean[] isInfo = new boolean[n];
        readOnly = new boolean[n];
        for (int op = 0; op < n; op++) {
            Operation o = ops.get(op);
            isInfo[op] = o.indeterminate();
            readOnly[op] = !isInfo[op] && model.isReadOnly(o.f(), o.value());
            long ret = isInfo[op] ? Integer.MAX_VALUE : o.returnIndex(); // sorts after every real index
            order[2 * op] = (o.callIndex() << 32) | (2L * op);
            order[2 * op + 1] = (ret << 32) | (2L * op + 1);
        }
        Arrays.sort(order);
        final int[] next = new int[events + 3];
        final int[] prev = new int[events + 3];
        final int[] nodeOp = new int[events + 3];
        final boolean[] nodeIsCall = new boolean[events + 3];
        final int[] callNode = new int[n];
        final int[] retNode = new int[n];
        int mainTail = 0;
        for (int k = 1; k <= events; k++) {
            int ev = (int) (order[k - 1] & 0xFFFFFFFFL);
            int op = ev >>> 1;
            nodeOp[k] = op;
            nodeIsCall[k] = (ev & 1) == 0;
            if (nodeIsCall[k]) {
                callNode[op] = k;
            } else {
                retNode[op] = k;
            }
            if (!isInfo[op]) {
                next[mainTail] = k;
                prev[k] = mainTail;
                mainTail = k;
            }
        }
        next[mainTail] = 0;
        prev[0] = mainTail;
        final CrashedClasses crashed = new CrashedClasses(ops, isInfo, callNode, next, prev, crashedHead);
        this.crashed = crashed;

        final LinearizedSet linearized = new LinearizedSet(isInfo);
        final MemoTable memo = new MemoTable(options.maxMemoBytes());
        // Per-op caches of the last transition: states repeat a lot, and model steps allocate.
        final int[] lastFrom = new int[n];
        final int[] lastTo = new int[n];
        Arrays.fill(lastFrom, -1);
        final int[] altFrom = new int[n];
        final int[] altTo = new int[n];
        Arrays.fill(altFrom, -1);
        expFrom = new int[n];
        expTo = new int[n];
        Arrays.fill(expFrom, -1);

        initHints(n);
        crashed.index(resultId, requiredId, blindOp, stateList.size());
        // Without blockers every op requires a state or is blind, so an op that cannot take effect requires one and
        // EXPLAIN walks classes, never the lists: only then may the blind ops have a list of their own.
        crashed.link(blindOp, retiring, blindHead);
        if (retiring) {
            for (int st = 0; st < openRequirers.length; st++) {
                if (retirable[st] && openRequirers[st] == 0) crashed.retire(st); // nobody ever observes st
            }
        }

        final long maxSteps = options.maxSearchSteps();
        final long deadlineNs = options.deadlineNs();
        int state = initState;
        Frame top = null;
        long steps = 0;

        Frame bestFrame = null;
        int bestDepth = -1;
        int bestReturn = -1;
        Set<Integer> bestStates = new LinkedHashSet<>();

        // The candidates at a configuration are the calls before its first return: crashed ones that let the op of
        // that return take effect (EXPLAIN), then determinate ones (walking the main list), then every crashed one
        // invoked before that return, the ones that are not blind (with every op hinted, only the classes requiring
        // the current state) and then, unless a crashed op is on top, the blind ones (each walk of crashed ones
        // covers one op per class). Apart
        // from the explainers, crashed ops come last: that stores the small sets A of MemoTable's dominance first,
        // so their supersets are pruned.
        int phase = EXPLAIN;
        int firstReturn = firstReturn(next, nodeIsCall);
        int entry = startPhase(state, firstReturn, next, nodeOp);
        phase = explaining ? EXPLAIN : DETERMINATE;
        while (true) {
            steps++;
            if (steps > maxSteps) {
                return unknown("search-step budget of " + maxSteps + " exhausted", n, steps, memo);
            }
            if (deadlineNs != 0 && (steps & DEADLINE_CHECK_MASK) == 0 && System.nanoTime() - deadlineNs > 0) {
                return unknown("time limit reached after " + steps + " search steps", n, steps, memo);
            }
            int op = -1;
            if (phase == EXHAUSTED) {
                op = -1; // straight to the backtrack below
            } else if (phase == EXPLAIN) {
                // With the model's hints only the classes that leave the state the next observation needs are
                // walked (explainers); without them, every crashed candidate before the frontier.
                boolean more = explainers != null ? entry < explainers.length
                        : entry != crashedHead && entry < firstReturn;
                if (!more) {
                    phase = DETERMINATE;
                    entry = next[0];
                    continue;
                }
                op = explainers != null ? crashed.candidate(explainers[entry], firstReturn) : nodeOp[entry];
                int to = op < 0 ? -1 : transition(state, op, lastFrom, lastTo);
                if (to < 0 || transition(to, nodeOp[firstReturn], expFrom, expTo) < 0) {
                    entry = advance(entry, phase, next); // does not explain the next observation: CRASHED may try it
                    continue;
                }
            } else if (phase == DETERMINATE) {
                if (entry == 0) {
                    // Every determinate op is linearized; crashed ops left over may never have happened.
                    return valid(top, n, steps, memo);
                }
                if (nodeIsCall[entry]) {
                    op = nodeOp[entry];
                } else {
                    phase = CRASHED;
                    entry = retiring ? 0 : next[crashedHead];
                    legalHere = retiring ? crashed.requiring(state) : null;
                    continue;
                }
            } else if (phase == CRASHED) {
                if (legalHere != null && entry < legalHere.length) {
                    op = crashed.candidate(legalHere[entry], firstReturn);
                    if (op < 0) {
                        entry++; // this class has no candidate before the frontier
                        continue;
                    }
                } else if (legalHere == null && entry != crashedHead && entry < firstReturn) {
                    op = nodeOp[entry];
                } else if (next[blindHead] != blindHead && (top == null || !isInfo[top.op()])) {
                    phase = CRASHED_BLIND;
                    entry = next[blindHead];
                    continue;
                }
            } else if (entry != blindHead && entry < firstReturn) {
                op = nodeOp[entry];
            }
            if (op >= 0 && isInfo[op] && unobservable(op, returnAt[nodeOp[firstReturn]])) {
                entry = advance(entry, phase, next); // no remaining op could observe what it leaves: omit it
                continue;
            }
            if (op >= 0) {
                int to = transition(state, op, lastFrom, lastTo);
                if (to >= 0 && phase != DETERMINATE && top != null && isInfo[top.op()]
                        && transition(top.prevState(), op, altFrom, altTo) == to) {
                    // Two crashed ops in a row, and the second alone, applied where the first was, reaches the
                    // same state: that sibling configuration dominates this one (see MemoTable), skip it.
                    // Without this, runs of crashed writes are tried in every subset and order.
                    to = -1;
                }
                if (to >= 0) {
                    int key = canonical(to);
                    boolean neutral = readOnly[op]
                            || (!isInfo[op] && blindOp[op] && key == deadId && canonical(state) == deadId);
                    linearized.add(op);
                    int added = linearized.memoize(memo, key);
                    if (added == MemoTable.ADDED) {
                        top = new Frame(op, state, top, top == null ? 1 : top.depth() + 1, neutral ? EXHAUSTED : phase,
                                (phase == EXPLAIN && explainers != null) || (phase == CRASHED && legalHere != null)
                                        ? entry : -1);
                        markDone(op, true);
                        state = to;
                        if (isInfo[op]) {
                            crashed.take(op);
                        } else {
                            unlink(next, prev, callNode[op]);
                            unlink(next, prev, retNode[op]);
                        }
                        firstReturn = firstReturn(next, nodeIsCall);
                        if (firstReturn == 0) {
                            return valid(top, n, steps, memo); // every determinate op is linearized
                        }
                        entry = startPhase(state, firstReturn, next, nodeOp);
                        phase = explaining ? EXPLAIN : DETERMINATE;
                        continue;
                    }
                    linearized.remove(op);
                    if (added == MemoTable.FULL) {
                        return unknown("memo budget of " + options.maxMemoBytes() / (1024 * 1024) + " MiB exhausted ("
                                + memo.size() + " configurations)", n, steps, memo);
                    }
                    if (neutral) {
                        // Its configuration was explored (and failed: the search stops at the first success) or is
                        // dominated by one that was; none on the stack has as many ops. So this one fails too.
                        phase = EXHAUSTED;
                        continue;
                    }
                }
                entry = advance(entry, phase, next);
                continue;
            }
            // No candidate left: the op returning at firstReturn cannot be linearized here. Backtrack.
            // Explanation: the dead end furthest into the history, i.e. the longest history prefix that has a
            // linearization; among those, the deepest stack, and the states all of them reached. An EXHAUSTED
            // configuration is no dead end of its own (its op of the first return may be legal in it): the one after
            // its neutral op was recorded, as deep and as far.
            int depth = top == null ? 0 : top.depth();
            if (phase == EXHAUSTED && bestReturn >= 0) {
                // nothing to record
            } else if (firstReturn > bestReturn) {
                bestReturn = firstReturn;
                bestDepth = depth;
                bestFrame = top;
                bestStates.clear();
                bestStates.add(state);
            } else if (firstReturn == bestReturn) {
                if (depth > bestDepth) {
                    bestDepth = depth;
                    bestFrame = top;
                }
                if (bestStates.size() < MAX_EXPLAINED_STATES) {
                    bestStates.add(state);
                }
            }
            if (top == null) {
                return invalid(bestFrame, nodeOp[bestReturn], bestStates, n, steps, memo);
            }
            Frame undoneFrame = top;
            int undone = top.op();
            state = top.prevState();
            linearized.remove(undone);
            markDone(undone, false);
            top = top.parent();
            if (isInfo[undone]) {
                crashed.giveBack(undone);
                entry = next[callNode[undone]];
            } else {
                relink(next, prev, retNode[undone]);
                relink(next, prev, callNode[undone]);
                entry = next[callNode[undone]];
            }
            phase = undoneFrame.phase();
            // Same configuration as when the op was tried, so the same first return and explainers.
            firstReturn = firstReturn(next, nodeIsCall);
            if (phase == EXPLAIN) {
                explainers = explainersOf(firstReturn, nodeOp);
                if (explainers != null) entry = undoneFrame.slot() + 1;
            } else if (phase == CRASHED && retiring) {
                legalHere = crashed.requiring(state);
                entry = undoneFrame.slot() + 1;
            }
        }
    }

    // ---- the model's hints: a crashed op whose result no remaining op can observe is never needed ----
    //
    // Why that is sound: take a linearization that puts crashed op u, leaving state p, right after the ops linearized
    // so far, and let w be the op right after u; w takes effect in p. Every remaining op comes after u, so w was
    // invoked before the first return among the remaining determinate ops (that op x comes after u and, had it ended
    // before w began, would have to come before w too). So when no remaining op that requires p was invoked before
    // that first return, and every remaining op without a required state is blind (takes effect anywhere and leaves
    // a state of its own), w is blind or there is none: dropping u changes no state after it, and a crashed op may
    // never have happened. The search then skips u.

    // A special case that lasts: once every op requiring state p is linearized, and every op is blind or requires
    // a state, no configuration deeper in the search can observe p, so the crashed ops leaving p are taken out of
    // the candidates (CrashedClasses.retire) instead of being skipped one step each at every configuration; undoing
    // the last requirer puts them back. Only for states whose requirers are all determinate, so that retiring and
    // restoring never meet a crashed op's own take and give-back of the same list nodes out of last-in-first-out
    // order (and a crashed requirer may stay open forever anyway); and only for partitions without blockers.

    /** Whether the partition retires crashed classes (no blockers); per state: retirable, requirers not linearized. */
    private boolean retiring;
    private boolean[] retirable;
    private int[] openRequirers;

    /** Per op: the interned state it requires and the one it leaves (-1: no hint); whether it blocks the rule. */
    private int[] requiredId;
    private int[] resultId;
    private boolean[] blocks;
    private boolean[] blindOp;
    private int blockers;
    private boolean[] done;
    /** Per state id: the ops requiring it by invocation; {@code firstOpen}: none before it is still open. */
    private int[][] requirers;
    private int[] firstOpen;
    private int[] requirerSlot;
    /** History positions of each op's invocation and return. */
    private long[] callAt;
    private long[] returnAt;

    private void initHints(int n) {
        requiredId = new int[n];
        resultId = new int[n];
        blocks = new boolean[n];
        blindOp = new boolean[n];
        done = new boolean[n];
        requirerSlot = new int[n];
        callAt = new long[n];
        returnAt = new long[n];
        for (int op = 0; op < n; op++) {
            Operation o = ops.get(op);
            callAt[op] = o.callIndex();
            returnAt[op] = o.indeterminate() ? Long.MAX_VALUE : o.returnIndex();
            Object req = model.requiredState(o.f(), o.value());
            Object res = model.resultState(o.f(), o.value());
            requiredId[op] = req == Model.NO_HINT ? -1 : intern(req);
            resultId[op] = res == Model.NO_HINT ? -1 : intern(res);
            boolean isBlind = model.blind(o.f(), o.value()) && resultId[op] >= 0;
            blindOp[op] = isBlind;
            blocks[op] = requiredId[op] < 0 && !isBlind;
            if (blocks[op]) blockers++;
        }
        int states = stateList.size();
        int[] count = new int[states];
        for (int op = 0; op < n; op++) if (requiredId[op] >= 0) count[requiredId[op]]++;
        requirers = new int[states][];
        for (int st = 0; st < states; st++) requirers[st] = new int[count[st]];
        int[] fill = new int[states];
        for (int op : CrashedClasses.byInvocation(ops)) {
            int st = requiredId[op];
            if (st < 0) continue;
            requirerSlot[op] = fill[st];
            requirers[st][fill[st]++] = op;
        }
        firstOpen = new int[states];
        retiring = blockers == 0;
        retirable = new boolean[states];
        openRequirers = new int[states];
        Arrays.fill(retirable, true);
        for (int op = 0; op < n; op++) {
            int st = requiredId[op];
            if (st < 0) continue;
            openRequirers[st]++;
            if (ops.get(op).indeterminate()) retirable[st] = false;
        }
    }

    /** Op {@code op} was linearized ({@code true}) or undone. */
    private void markDone(int op, boolean isDone) {
        done[op] = isDone;
        if (blocks[op]) blockers += isDone ? -1 : 1;
        int st = requiredId[op];
        if (!isDone) {
            if (st >= 0 && requirerSlot[op] < firstOpen[st]) firstOpen[st] = requirerSlot[op];
        }
        if (retiring && st >= 0) {
            if (isDone) {
                if (--openRequirers[st] == 0 && retirable[st]) crashed.retire(st);
            } else if (openRequirers[st]++ == 0 && retirable[st]) {
                crashed.restore(st);
            }
        }
    }

    /**
     * Whether no remaining op could observe the state crashed op {@code op} leaves (see above), with the first
     * return among the remaining determinate ops at history position {@code frontierAt}.
     */
    private boolean unobservable(int op, long frontierAt) {
        int st = resultId[op];
        if (st < 0 || blockers > 0) return false;
        int[] list = requirers[st];
        int k = firstOpen[st];
        while (k < list.length && done[list[k]]) k++;
        firstOpen[st] = k;
        return k == list.length || callAt[list[k]] > frontierAt;
    }

    /** The next candidate position: the next explainer class when EXPLAIN walks classes, else the next list node. */
    private int advance(int entry, int phase, int[] next) {
        return (phase == EXPLAIN && explainers != null) || (phase == CRASHED && legalHere != null)
                ? entry + 1 : next[entry];
    }

    /**
     * In CRASHED, when every op is hinted: the classes whose ops require the current state, the only crashed ones
     * that are not blind and can take effect in it (walked instead of the crashed list); null otherwise.
     */
    private int[] legalHere;

    /** In EXPLAIN by class: the classes to try, in order (see {@link #explainersOf}); null otherwise. */
    private int[] explainers;

    /** The crashed ops, in classes of interchangeable ones. */
    private CrashedClasses crashed;

    /** Set by {@link #startPhase}: whether the configuration starts in EXPLAIN. */
    private boolean explaining;

    /** The first return node in the main list (0 when every determinate op is linearized). */
    private static int firstReturn(int[] next, boolean[] nodeIsCall) {
        int r = next[0];
        while (r != 0 && nodeIsCall[r]) {
            r = next[r];
        }
        return r;
    }

    /**
     * Where a configuration's candidates start: the crashed list when the op of the first return cannot take effect
     * in {@code state} (EXPLAIN), else the main list.
     */
    private int startPhase(int state, int firstReturn, int[] next, int[] nodeOp) {
        // Both lists' heads sort after every event node: the smaller first node is the first crashed candidate.
        int firstCrashed = Math.min(next[crashed.head()], next[crashed.blindHead()]);
        explaining = firstReturn != 0 && firstCrashed < firstReturn
                && transition(state, nodeOp[firstReturn], expFrom, expTo) < 0;
        explainers = explaining ? explainersOf(firstReturn, nodeOp) : null;
        return !explaining ? next[0] : explainers != null ? 0 : firstCrashed;
    }

    /** The classes that may explain the op returning at {@code firstReturn}, or null when the model names no state. */
    private int[] explainersOf(int firstReturn, int[] nodeOp) {
        int needed = requiredId[nodeOp[firstReturn]];
        return needed < 0 ? null : crashed.leaving(needed);
    }

    private static void unlink(int[] next, int[] prev, int node) {
        next[prev[node]] = next[node];
        prev[next[node]] = prev[node];
    }

    /** Undoes {@link #unlink}; nodes must be relinked in the reverse order of unlinking. */
    private static void relink(int[] next, int[] prev, int node) {
        next[prev[node]] = node;
        prev[next[node]] = node;
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

    /**
     * All states that no remaining op requires are one state to the memo (the search itself keeps the exact state,
     * for its transitions and its explanations). With every op requiring a state or
     * blind (no blockers), the op after such a state, if any, must be blind, and a blind op leaves the same state
     * wherever it starts: so two configurations that differ only in which of these states they are in have the same
     * futures, and many concurrent writes that nobody reads no longer multiply the configurations by their number.
     * Deadness depends only on the linearized ops, so the memo's dominance still holds: a completion of a
     * configuration with more crashed ops linearized starts with a blind op (or is empty) and completes the other.
     */
    private static final Object DEAD = new Object(); // a memo key only: never stepped, never shown
    private int deadId;

    private int canonical(int stateId) {
        if (!retiring || stateId < 0 || stateId >= openRequirers.length || openRequirers[stateId] > 0) return stateId;
        return deadId;
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
