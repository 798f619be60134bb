package multidriver.check.search;

/**
 * The set of linearized ops of the current configuration, as two bitsets: F for determinate ops and A for
 * indeterminate ({@code :info}) ones, with the bounds {@link MemoTable} stores compactly kept exact on every
 * change, and an incremental (Zobrist) hash of F.
 */
final class LinearizedSet {
    private final boolean[] isInfo;
    private final int[] bitOf;
    private final long[] zobrist;
    private final long[] f;
    private final long[] a;
    /** First word of F that is not all ones. */
    private int fLow;
    /** One past the last non-zero word of F. */
    private int fHigh;
    /** First and one-past-last non-zero words of A (both 0 when A is empty). */
    private int aLow;
    private int aHigh;
    private long fHash;

    LinearizedSet(boolean[] isInfo) {
        int n = isInfo.length;
        this.isInfo = isInfo;
        this.bitOf = new int[n];
        this.zobrist = new long[n];
        int fCount = 0;
        int aCount = 0;
        for (int op = 0; op < n; op++) {
            bitOf[op] = isInfo[op] ? aCount++ : fCount++;
            zobrist[op] = MemoTable.mix(0x5DEECE66DL + op * 0x9E3779B97F4A7C15L);
        }
        this.f = new long[(fCount + 63) >>> 6];
        this.a = new long[(aCount + 63) >>> 6];
    }

    void add(int op) {
        int bit = bitOf[op];
        int w = bit >>> 6;
        if (isInfo[op]) {
            a[w] |= 1L << bit;
            if (aLow == aHigh) {
                aLow = w;
                aHigh = w + 1;
            } else {
                aLow = Math.min(aLow, w);
                aHigh = Math.max(aHigh, w + 1);
            }
        } else {
            f[w] |= 1L << bit;
            fHash ^= zobrist[op];
            fHigh = Math.max(fHigh, w + 1);
            while (fLow < f.length && f[fLow] == -1L) {
                fLow++;
            }
        }
    }

    void remove(int op) {
        int bit = bitOf[op];
        int w = bit >>> 6;
        if (isInfo[op]) {
            a[w] &= ~(1L << bit);
            if (a[w] == 0) {
                while (aLow < aHigh && a[aLow] == 0) {
                    aLow++;
                }
                while (aHigh > aLow && a[aHigh - 1] == 0) {
                    aHigh--;
                }
                if (aLow == aHigh) {
                    aLow = 0;
                    aHigh = 0;
                }
            }
        } else {
            f[w] &= ~(1L << bit);
            fHash ^= zobrist[op];
            fLow = Math.min(fLow, w);
            while (fHigh > 0 && f[fHigh - 1] == 0) {
                fHigh--;
            }
        }
    }

    /** Stores (this set, state) in the memo unless dominated: {@link MemoTable#ADDED}, PRESENT or FULL. */
    int memoize(MemoTable memo, int state) {
        return memo.add(f, fLow, fHigh, fHash, state, a, aLow, aHigh);
    }
}
