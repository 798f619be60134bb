package multidriver.check.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The crashed (indeterminate) ops of a partition, in classes of interchangeable ones: the same {@code :f} and value.
 * Two ops of one class that are both invoked before the search's frontier are symmetric for the rest of the search:
 * neither has a return that bounds it, and either changes the state alike. So a configuration that linearized the
 * later one is matched by one that linearized the earlier, and only the earliest open member of each class is a
 * candidate: members are linearized in invocation order. That keeps a history with hundreds of crashed writes of a
 * few values from offering hundreds of candidates at every configuration.
 *
 * <p>The candidates' call nodes form circular doubly linked lists (the search's {@code next}/{@code prev} arrays,
 * heads {@link #head()} and {@link #blindHead()}) in history order, so the search walks them only up to its
 * frontier. {@link #take}, {@link #giveBack}, {@link #retire} and {@link #restore} keep them; relinking restores the
 * exact neighbours because the search calls them in its own last-in-first-out order.
 */
final class CrashedClasses {
    private final int[][] members;
    private final int[] taken;
    private final int[] classOf;
    private final int[] callNode;
    private final int[] next;
    private final int[] prev;
    private final int head;

    CrashedClasses(List<Operation> ops, boolean[] isInfo, int[] callNode, int[] next, int[] prev, int head) {
        this.callNode = callNode;
        this.next = next;
        this.prev = prev;
        this.head = head;
        this.classOf = new int[ops.size()];
        Arrays.fill(classOf, -1);
        Map<List<Object>, Integer> ids = new HashMap<>();
        List<List<Integer>> lists = new ArrayList<>();
        boolean anyCrashed = false;
        for (boolean info : isInfo) anyCrashed |= info;
        for (int op : anyCrashed ? byInvocation(ops) : new int[0]) {
            if (!isInfo[op]) continue;
            Operation o = ops.get(op);
            List<Object> key = Arrays.asList(o.f(), o.value());
            Integer id = ids.get(key);
            if (id == null) {
                id = lists.size();
                ids.put(key, id);
                lists.add(new ArrayList<>());
            }
            lists.get(id).add(op);
            classOf[op] = id;
        }
        members = new int[lists.size()][];
        for (int c = 0; c < members.length; c++) members[c] = ints(lists.get(c));
        taken = new int[members.length];
    }

    /** A plain loop, not a stream: this runs for every partition, mostly before the JIT has compiled anything. */
    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }

    /** The ops' indices by invocation (the partitioner lists them so already; sorted here only if not). */
    static int[] byInvocation(List<Operation> ops) {
        int[] order = new int[ops.size()];
        boolean sorted = true;
        for (int op = 0; op < order.length; op++) {
            order[op] = op;
            if (op > 0 && ops.get(op).callIndex() < ops.get(op - 1).callIndex()) sorted = false;
        }
        if (sorted) return order;
        return java.util.stream.IntStream.range(0, order.length).boxed()
                .sorted((a, b) -> Long.compare(ops.get(a).callIndex(), ops.get(b).callIndex()))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Per state id: the classes whose ops leave that state, then those that name none; see {@link #leaving}. */
    private int[][] leaving;

    /**
     * Indexes the classes by the state their ops leave ({@code resultId} per op, -1: the model names none) and by
     * the state their ops require ({@code requiredId}, likewise; a blind op is in no such list, whatever it names).
     */
    void index(int[] resultId, int[] requiredId, boolean[] blindOp, int states) {
        List<List<Integer>> req = new ArrayList<>();
        for (int st = 0; st < states; st++) req.add(new ArrayList<>());
        for (int c = 0; c < members.length; c++) {
            int st = requiredId[members[c][0]];
            if (st >= 0 && !blindOp[members[c][0]]) req.get(st).add(c);
        }
        requiring = new int[states][];
        for (int st = 0; st < states; st++) requiring[st] = ints(req.get(st));
        List<List<Integer>> by = new ArrayList<>();
        for (int st = 0; st < states; st++) by.add(new ArrayList<>());
        List<Integer> none = new ArrayList<>();
        for (int c = 0; c < members.length; c++) {
            int st = resultId[members[c][0]];
            if (st < 0) none.add(c); else by.get(st).add(c);
        }
        leaving = new int[states][];
        byResult = new int[states][];
        retired = new boolean[members.length];
        for (int st = 0; st < states; st++) {
            byResult[st] = ints(by.get(st));
            by.get(st).addAll(none);
            leaving[st] = ints(by.get(st));
        }
    }

    private static final int[] NONE = new int[0];
    private int[][] requiring;

    /** The classes whose ops can take effect only in state {@code stateId}, in class order (empty for a late state). */
    int[] requiring(int stateId) {
        return stateId < requiring.length ? requiring[stateId] : NONE;
    }

    /** Per state id: the classes whose ops leave exactly that state (those that name none are in no list). */
    private int[][] byResult;
    private boolean[] retired;

    /**
     * Takes every class whose ops leave state {@code stateId} out of the candidates, until {@link #restore}: the
     * search found that no remaining op can observe that state any more. Calls of the two nest like the search's.
     */
    void retire(int stateId) {
        for (int c : byResult[stateId]) {
            retired[c] = true;
            if (taken[c] < members[c].length) {
                int node = callNode[members[c][taken[c]]];
                next[prev[node]] = next[node];
                prev[next[node]] = prev[node];
            }
        }
    }

    /** Undoes the last {@link #retire}, of {@code stateId}: relinks in the reverse order of unlinking. */
    void restore(int stateId) {
        int[] classes = byResult[stateId];
        for (int k = classes.length - 1; k >= 0; k--) {
            int c = classes[k];
            if (taken[c] < members[c].length) {
                int node = callNode[members[c][taken[c]]];
                next[prev[node]] = node;
                prev[next[node]] = node;
            }
            retired[c] = false;
        }
    }

    /**
     * The classes after whose op the state may be {@code stateId}: those leaving it, and those that name no state.
     * {@code stateId} is a state some op requires, so it was interned before {@link #index}.
     */
    int[] leaving(int stateId) {
        return leaving[stateId];
    }

    /**
     * Class {@code c}'s candidate: its earliest open member, if invoked before event node {@code frontier} and the
     * class is not retired; or -1.
     */
    int candidate(int c, int frontier) {
        if (retired[c] || taken[c] == members[c].length) return -1;
        int op = members[c][taken[c]];
        return callNode[op] < frontier ? op : -1;
    }

    int head() {
        return head;
    }

    private int blindHead = -1;

    /** The head of the list of blind classes' candidates (empty unless {@link #link} separated them). */
    int blindHead() {
        return blindHead;
    }

    /**
     * Before the search: links each class's first member (classes are numbered by their first member's position).
     * When {@code separate}, the classes whose ops are blind ({@code blindOp} per op) get a list of their own with
     * head {@code blindHead}, also in history order, so a walk can leave them out at once.
     */
    void link(boolean[] blindOp, boolean separate, int blindHead) {
        this.blindHead = blindHead;
        int tail = head;
        int blindTail = blindHead;
        for (int[] m : members) {
            int node = callNode[m[0]];
            if (separate && blindOp[m[0]]) {
                next[blindTail] = node;
                prev[node] = blindTail;
                blindTail = node;
            } else {
                next[tail] = node;
                prev[node] = tail;
                tail = node;
            }
        }
        next[tail] = head;
        prev[head] = tail;
        next[blindTail] = blindHead;
        prev[blindHead] = blindTail;
    }

    /** {@code op}, its class's candidate, is linearized: the class's next member, if any, becomes the candidate. */
    void take(int op) {
        int c = classOf[op];
        if (members[c][taken[c]] != op) throw new IllegalStateException("crashed op " + op + " is not its class's next");
        int node = callNode[op];
        int before = prev[node];
        next[before] = next[node];
        prev[next[node]] = before;
        taken[c]++;
        if (taken[c] < members[c].length) {
            int add = callNode[members[c][taken[c]]];
            int p = before; // the list is sorted and add comes after node: its place is after before
            while (next[p] < add) p = next[p]; // both heads sort after every event node
            next[add] = next[p];
            prev[add] = p;
            prev[next[p]] = add;
            next[p] = add;
        }
    }

    /** Undoes the last {@link #take}, of {@code op}. */
    void giveBack(int op) {
        int c = classOf[op];
        if (taken[c] < members[c].length) {
            int added = callNode[members[c][taken[c]]];
            next[prev[added]] = next[added];
            prev[next[added]] = prev[added];
        }
        taken[c]--;
        if (members[c][taken[c]] != op) throw new IllegalStateException("crashed op " + op + " was not taken last");
        int node = callNode[op];
        next[prev[node]] = node;
        prev[next[node]] = node;
    }
}
