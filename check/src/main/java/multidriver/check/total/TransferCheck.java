package multidriver.check.total;

import java.util.Map;
import multidriver.check.history.History;
import multidriver.check.history.Keyword;

/**
 * The bank's durability check, beside {@link BankCheck}'s totals: a lost transfer keeps every total right, so the
 * totals alone cannot see an acknowledged commit that a crash took back. Each {@code transfer} carries a unique
 * {@code :id} (its value is a map with {@code :id}, {@code :from}, {@code :to}, {@code :amount}) that the same
 * transaction writes to a ledger, and a final {@code ledger} read ({@code :ok}, a collection of ids) after the heal
 * must hold every acknowledged transfer and no transfer that ended {@code :fail}. The result is a {@link Delivery} of
 * transfer ids: lost are acknowledged commits that are gone.
 */
public final class TransferCheck {
    private TransferCheck() {
    }

    public static Delivery check(History history) {
        return FinalCollection.check(history, "transfer", TransferCheck::id, "ledger", "transfer ids");
    }

    private static Object id(Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = e.getKey() instanceof Keyword k ? k.name() : String.valueOf(e.getKey());
                if (key.replaceFirst("^:", "").equals("id") && e.getValue() != null) {
                    return e.getValue();
                }
            }
        }
        throw new IllegalArgumentException("a transfer's value must be a map with an :id, got " + value);
    }
}
