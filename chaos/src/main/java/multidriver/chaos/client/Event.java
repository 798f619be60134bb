package multidriver.chaos.client;

import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * One line of a chaos history: a client operation event or a nemesis event, with its position and its
 * monotonic time in ns since the run's origin.
 */
public sealed interface Event {
    long index();

    long timeNs();

    /**
     * A client invocation or completion (Jepsen's {@code :invoke}, {@code :ok}, {@code :fail}, {@code :info}).
     *
     * @param value Jepsen independent tuple {@code [key v]}
     * @param error why a completion is {@code :fail} or {@code :info}, else null
     */
    record Client(long index, long process, OpType type, String f, Object value, long timeNs, String error)
            implements Event {
        public Op toOp() {
            return new Op(index, process, type, f, value, timeNs);
        }
    }

    /**
     * A fault injector's action, Jepsen's {@code {:process :nemesis :type :info ...}}.
     *
     * @param f     {@code start-kill}, {@code stop-kill}, {@code start-partition-halves}, {@code heal-all}, ...
     * @param value what was done, e.g. {@code "node-2"} or the grudge
     */
    record Nemesis(long index, String f, Object value, long timeNs) implements Event {
    }
}
