package multidriver.check.total;

import multidriver.check.history.History;

/**
 * Jepsen's set checker: clients {@code add} elements ({@code :value} the element); a final {@code read} ({@code :ok},
 * {@code :value} a collection of the elements present) must contain every acknowledged add and nothing never added.
 * Adds that ended {@code :info} and are present count as recovered. Only the last {@code :ok} read is the final one;
 * {@code :nemesis} and other processes' ops of other functions are ignored.
 */
public final class SetCheck {
    private SetCheck() {
    }

    public static Delivery check(History history) {
        return FinalCollection.check(history, "add", v -> v, "read", "elements");
    }
}
