package multidriver.check.search;

import java.util.Arrays;

/**
 * Lowe's memo for the WGL search: the set of configurations (linearized-op bitset, model state id) already
 * explored. Open addressing over primitive arrays; bitsets are copied into one arena. Never shrinks; bounded by
 * a byte budget so a hopeless search ends in UNKNOWN instead of an OutOfMemoryError.
 */
final class MemoTable {
    /** Result of {@link #add}. */
    static final int ADDED = 0;
    static final int PRESENT = 1;
    static final int FULL = 2;

    private final int words;
    private final long maxEntries;
    private long[] arena;
    private long[] hashes;
    private int[] states;
    private int[] slots;
    private int size;

    MemoTable(int words, long maxMemoBytes) {
        this.words = words;
        // Per entry: bitset words, hash, state, and two int slots (load factor 1/2).
        long perEntry = words * 8L + 8 + 4 + 8;
        this.maxEntries = Math.max(1, Math.min(maxMemoBytes / perEntry, (Integer.MAX_VALUE - 8) / Math.max(words, 2)));
        int cap = (int) Math.max(16, Math.min(Math.min(1024, maxEntries), (1 << 20) / Math.max(words, 1)));
        this.arena = new long[cap * words];
        this.hashes = new long[cap];
        this.states = new int[cap];
        this.slots = new int[Integer.highestOneBit(cap - 1) << 2];
    }

    int size() {
        return size;
    }

    long maxEntries() {
        return maxEntries;
    }

    /** Adds (bits, state) unless present; {@code bitsHash} must be a hash of {@code bits} alone. */
    int add(long[] bits, long bitsHash, int state) {
        long h = mix(bitsHash ^ (state * 0x9E3779B97F4A7C15L));
        int mask = slots.length - 1;
        int i = (int) h & mask;
        while (true) {
            int e = slots[i];
            if (e == 0) {
                break;
            }
            e--;
            if (hashes[e] == h && states[e] == state && sameBits(e, bits)) {
                return PRESENT;
            }
            i = (i + 1) & mask;
        }
        if (size >= maxEntries) {
            return FULL;
        }
        if (size == hashes.length) {
            grow();
            return add(bits, bitsHash, state);
        }
        int e = size++;
        System.arraycopy(bits, 0, arena, e * words, words);
        hashes[e] = h;
        states[e] = state;
        slots[i] = e + 1;
        return ADDED;
    }

    private boolean sameBits(int e, long[] bits) {
        int base = e * words;
        for (int w = 0; w < words; w++) {
            if (arena[base + w] != bits[w]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        int cap = (int) Math.min((long) hashes.length * 2, maxEntries);
        arena = Arrays.copyOf(arena, cap * words);
        hashes = Arrays.copyOf(hashes, cap);
        states = Arrays.copyOf(states, cap);
        slots = new int[Integer.highestOneBit(cap - 1) << 2]; // a power of two >= 2 * cap
        int mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int i = (int) hashes[e] & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = e + 1;
        }
    }

    /** splitmix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
