package multidriver.check.search;

import java.util.Arrays;

/**
 * Lowe's memo for the WGL search, with two refinements for long histories with crashes.
 *
 * <p>A configuration is (F, s, A): the set F of linearized determinate ops, the model state s, and the set A of
 * linearized indeterminate ({@code :info}) ops. (F, s, A1) <em>dominates</em> (F, s, A2) when A1 ⊆ A2: an
 * indeterminate op may also never take effect, so every completion of the second is one of the first. The search
 * skips a configuration dominated by one it has seen; plain WGL memoisation is the case A1 = A2. This removes the
 * 2^k blow-up in the number of subsets of k crashed ops that Knossos suffers from.
 *
 * <p>Bitsets are stored compactly: F as (index of the first word that is not all ones, words up to the last
 * non-zero one) because F grows as a prefix of the history with a ragged edge; A as (first non-zero word, words up
 * to the last non-zero one). Memory is bounded by a byte budget; when it is used up the search answers UNKNOWN.
 */
final class MemoTable {
    /** Results of {@link #add}. */
    static final int ADDED = 0;
    static final int PRESENT = 1;
    static final int FULL = 2;

    /** Bytes per key and per variant besides their words (parallel arrays plus table slots at load 1/2). */
    private static final long KEY_OVERHEAD_BYTES = 8 + 4 * 5 + 8;
    private static final long VARIANT_OVERHEAD_BYTES = 4 * 4;

    private final long maxBytes;
    private long usedBytes;

    private long[] arena = new long[1024];
    private int arenaSize;

    // Keys: (F, state), found by hash in an open-addressing table.
    private long[] keyHash = new long[256];
    private int[] keyState = new int[256];
    private int[] keyFLow = new int[256];
    private int[] keyFLen = new int[256];
    private int[] keyFOff = new int[256];
    private int[] keyFirstVariant = new int[256];
    private int keys;
    private int[] slots = new int[512];

    // Variants: the A sets seen with a key, chained.
    private int[] varALow = new int[256];
    private int[] varALen = new int[256];
    private int[] varAOff = new int[256];
    private int[] varNext = new int[256];
    private int variants;

    MemoTable(long maxMemoBytes) {
        this.maxBytes = maxMemoBytes;
    }

    /** Configurations stored. */
    int size() {
        return variants;
    }

    /**
     * Adds the configuration unless a dominating one is present.
     *
     * @param f     determinate-op bitset; words below {@code fLow} are all ones, from {@code fHigh} on zero
     * @param fHash a hash of the set F alone
     * @param a     indeterminate-op bitset; non-zero words only in [{@code aLow}, {@code aHigh})
     */
    int add(long[] f, int fLow, int fHigh, long fHash, int state, long[] a, int aLow, int aHigh) {
        long h = mix(fHash ^ (state * 0x9E3779B97F4A7C15L));
        int mask = slots.length - 1;
        int i = (int) h & mask;
        int key = -1;
        while (slots[i] != 0) {
            int k = slots[i] - 1;
            if (keyHash[k] == h && keyState[k] == state && sameF(k, f, fLow, fHigh)) {
                key = k;
                break;
            }
            i = (i + 1) & mask;
        }
        if (key >= 0) {
            for (int v = keyFirstVariant[key]; v >= 0; v = varNext[v]) {
                if (subsetOf(v, a)) {
                    return PRESENT;
                }
            }
        }
        int aLen = aHigh - aLow;
        long cost = VARIANT_OVERHEAD_BYTES + 8L * aLen + (key < 0 ? KEY_OVERHEAD_BYTES + 8L * (fHigh - fLow) : 0);
        if (usedBytes + cost > maxBytes) {
            return FULL;
        }
        usedBytes += cost;
        if (key < 0) {
            key = newKey(h, state, f, fLow, fHigh);
            slots[i] = key + 1;
            if (keys * 2 > slots.length) {
                rehash();
            }
        }
        int v = newVariant(a, aLow, aLen);
        varNext[v] = keyFirstVariant[key];
        keyFirstVariant[key] = v;
        return ADDED;
    }

    private boolean sameF(int k, long[] f, int fLow, int fHigh) {
        if (keyFLow[k] != fLow || keyFLen[k] != fHigh - fLow) {
            return false;
        }
        int off = keyFOff[k];
        for (int w = fLow; w < fHigh; w++) {
            if (arena[off++] != f[w]) {
                return false;
            }
        }
        return true;
    }

    private boolean subsetOf(int v, long[] a) {
        int off = varAOff[v];
        int low = varALow[v];
        for (int j = 0; j < varALen[v]; j++) {
            if ((arena[off + j] & ~a[low + j]) != 0) {
                return false;
            }
        }
        return true;
    }

    private int store(long[] words, int from, int len) {
        if (arenaSize + len > arena.length) {
            long cap = Math.max(arena.length * 2L, (long) arenaSize + len);
            if (cap > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("memo arena beyond 2^31 words; lower maxMemoBytes");
            }
            arena = Arrays.copyOf(arena, (int) cap);
        }
        int off = arenaSize;
        System.arraycopy(words, from, arena, off, len);
        arenaSize += len;
        return off;
    }

    private int newKey(long h, int state, long[] f, int fLow, int fHigh) {
        if (keys == keyHash.length) {
            int cap = keys * 2;
            keyHash = Arrays.copyOf(keyHash, cap);
            keyState = Arrays.copyOf(keyState, cap);
            keyFLow = Arrays.copyOf(keyFLow, cap);
            keyFLen = Arrays.copyOf(keyFLen, cap);
            keyFOff = Arrays.copyOf(keyFOff, cap);
            keyFirstVariant = Arrays.copyOf(keyFirstVariant, cap);
        }
        int k = keys++;
        keyHash[k] = h;
        keyState[k] = state;
        keyFLow[k] = fLow;
        keyFLen[k] = fHigh - fLow;
        keyFOff[k] = store(f, fLow, fHigh - fLow);
        keyFirstVariant[k] = -1;
        return k;
    }

    private int newVariant(long[] a, int aLow, int aLen) {
        if (variants == varALow.length) {
            int cap = variants * 2;
            varALow = Arrays.copyOf(varALow, cap);
            varALen = Arrays.copyOf(varALen, cap);
            varAOff = Arrays.copyOf(varAOff, cap);
            varNext = Arrays.copyOf(varNext, cap);
        }
        int v = variants++;
        varALow[v] = aLow;
        varALen[v] = aLen;
        varAOff[v] = store(a, aLow, aLen);
        return v;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int k = 0; k < keys; k++) {
            int i = (int) keyHash[k] & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = k + 1;
        }
    }

    /** splitmix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
