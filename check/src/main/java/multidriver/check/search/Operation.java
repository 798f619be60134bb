package multidriver.check.search;

import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * An invocation paired with its completion, as the search sees it.
 *
 * @param invoke     the invocation
 * @param completion the {@code :ok} or {@code :info} completion, or null if the op never completed
 * @param f          operation name
 * @param value      effective value the model sees (the completion's for {@code :ok}; the per-key part for
 *                   independent histories)
 */
public record Operation(Op invoke, Op completion, String f, Object value) {
    /** True for {@code :info} or never-completed ops: they may take effect any time after invocation, or never. */
    public boolean indeterminate() {
        return completion == null || completion.type() == OpType.INFO;
    }

    public long process() {
        return invoke.process();
    }

    /** History index of the invocation. */
    public long callIndex() {
        return invoke.index();
    }

    /** History index of the completion, or {@link Long#MAX_VALUE} when indeterminate. */
    public long returnIndex() {
        return indeterminate() ? Long.MAX_VALUE : completion.index();
    }

    @Override
    public String toString() {
        String v = multidriver.check.history.Values.show(value);
        return "{:process " + process() + " :f :" + f + " :value " + v + " :index " + callIndex()
                + (indeterminate() ? " (indeterminate)" : "") + "}";
    }
}
