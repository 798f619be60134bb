package multidriver.check.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable Jepsen history: invocations and completions in the order they happened.
 * Ops are re-indexed 0..n-1 in list order, so {@code ops().get(i).index() == i}.
 */
public final class History {
    /** Upper bound on ops; a bigger history is a recording bug, not something to search. */
    public static final int MAX_OPS = 10_000_000;

    private final List<Op> ops;
    private final List<NemesisEvent> nemesis;

    private History(List<Op> ops, List<NemesisEvent> nemesis) {
        this.ops = ops;
        this.nemesis = nemesis;
    }

    /** Builds a history from ops in order; their indices are rewritten to their positions. */
    public static History of(List<Op> ops) {
        return of(ops, List.of());
    }

    /** {@link #of(List)} with the fault injector's events, in order (reports draw them; checkers ignore them). */
    public static History of(List<Op> ops, List<NemesisEvent> nemesis) {
        if (ops.size() > MAX_OPS || nemesis.size() > MAX_OPS) {
            throw new IllegalArgumentException("history has " + ops.size() + " ops, more than " + MAX_OPS);
        }
        List<Op> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            out.add(op.index() == i ? op : op.withIndex(i));
        }
        return new History(Collections.unmodifiableList(out), List.copyOf(nemesis));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** The fault injector's events, in history order; empty when the history carries none. */
    public List<NemesisEvent> nemesis() {
        return nemesis;
    }

    public Op get(int index) {
        return ops.get(index);
    }

    @Override
    public String toString() {
        return "History[" + ops.size() + " ops]";
    }

    /**
     * Records a history as it happens (not thread-safe: the simulator records from its one thread; a
     * multi-threaded recorder must synchronise around it). Bounded by {@link History#MAX_OPS}.
     */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private final List<NemesisEvent> nemesis = new ArrayList<>();

        /** A fault injector's event, after the ops added so far. */
        public Builder nemesis(String f, Object value, long timeNs) {
            if (nemesis.size() >= MAX_OPS) {
                throw new IllegalStateException("history exceeds " + MAX_OPS + " nemesis events");
            }
            nemesis.add(new NemesisEvent(ops.size(), f, value, timeNs));
            return this;
        }

        public Builder invoke(long process, String f, Object value, long timeNs) {
            return add(process, OpType.INVOKE, f, value, timeNs);
        }

        public Builder ok(long process, String f, Object value, long timeNs) {
            return add(process, OpType.OK, f, value, timeNs);
        }

        public Builder fail(long process, String f, Object value, long timeNs) {
            return add(process, OpType.FAIL, f, value, timeNs);
        }

        public Builder info(long process, String f, Object value, long timeNs) {
            return add(process, OpType.INFO, f, value, timeNs);
        }

        public Builder add(long process, OpType type, String f, Object value, long timeNs) {
            return add(new Op(ops.size(), process, type, f, value, timeNs));
        }

        /** Appends an op; its index is replaced by its position. */
        public Builder add(Op op) {
            if (ops.size() >= MAX_OPS) {
                throw new IllegalStateException("history exceeds " + MAX_OPS + " ops");
            }
            ops.add(op.index() == ops.size() ? op : op.withIndex(ops.size()));
            return this;
        }

        public int size() {
            return ops.size();
        }

        public History build() {
            return History.of(ops, nemesis);
        }
    }
}
