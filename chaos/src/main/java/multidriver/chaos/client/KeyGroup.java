package multidriver.chaos.client;

import java.util.function.LongSupplier;

/** The key a group of clients shares; moves to a fresh key after a bounded number of operations. */
final class KeyGroup {
    private final LongSupplier freshKey;
    private final int opsPerKey;
    private long key;
    private int used;

    KeyGroup(LongSupplier freshKey, int opsPerKey) {
        this.freshKey = freshKey;
        this.opsPerKey = opsPerKey;
        this.key = freshKey.getAsLong();
    }

    synchronized long nextKey() {
        if (used == opsPerKey) {
            key = freshKey.getAsLong();
            used = 0;
        }
        used++;
        return key;
    }
}
