package multidriver.check.total;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;

/**
 * Jepsen's bank checker: clients {@code transfer} amounts between accounts inside transactions, and {@code read}
 * every balance at once ({@code :ok}, {@code :value} a map from account to balance). Under snapshot isolation or
 * stronger every read sees the same total and no negative balance; a read that does not is a broken snapshot, a lost
 * or doubled transfer, or a transfer applied in part.
 */
public final class BankCheck {
    /** One read that the invariants refute. */
    public record BadRead(long index, Map<?, ?> balances, long total, List<Object> negative) {
        public BadRead {
            negative = List.copyOf(negative);
        }

        public String explain(long expectedTotal) {
            return "read at op " + index + " " + balances + ": "
                    + (total != expectedTotal ? "total " + total + ", not " + expectedTotal : "")
                    + (total != expectedTotal && !negative.isEmpty() ? "; " : "")
                    + (negative.isEmpty() ? "" : "negative balance in " + negative);
        }
    }

    /** The reads checked and the ones that broke an invariant, in history order. */
    public record Result(long expectedTotal, int reads, List<BadRead> bad) {
        public Result {
            bad = List.copyOf(bad);
        }

        public boolean valid() {
            return bad.isEmpty();
        }

        public String explain() {
            if (valid()) return reads + " reads, every total " + expectedTotal + ", no negative balance";
            return bad.size() + " of " + reads + " reads broke the bank: " + bad.get(0).explain(expectedTotal);
        }
    }

    private BankCheck() {
    }

    /** Checks every {@code :ok} read against {@code expectedTotal}; balances must be integers. */
    public static Result check(History history, long expectedTotal) {
        int reads = 0;
        List<BadRead> bad = new ArrayList<>();
        for (Op op : history.ops()) {
            if (!op.f().equals("read") || op.type() != OpType.OK) continue;
            if (!(op.value() instanceof Map<?, ?> balances)) {
                throw new IllegalArgumentException("op " + op.index() + ": a bank read's value must be a map of"
                        + " account to balance, got " + op.value());
            }
            reads++;
            long total = 0;
            List<Object> negative = new ArrayList<>();
            for (Map.Entry<?, ?> e : balances.entrySet()) {
                if (!(e.getValue() instanceof Long balance)) {
                    throw new IllegalArgumentException("op " + op.index() + ": balance of " + e.getKey()
                            + " is not an integer: " + e.getValue());
                }
                total = Math.addExact(total, balance);
                if (balance < 0) negative.add(e.getKey());
            }
            if (total != expectedTotal || !negative.isEmpty()) {
                bad.add(new BadRead(op.index(), balances, total, negative));
            }
        }
        return new Result(expectedTotal, reads, bad);
    }
}
