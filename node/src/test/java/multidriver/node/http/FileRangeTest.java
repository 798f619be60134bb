package multidriver.node.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code Range: bytes=...} of a 100-byte file, as RFC 9110 §14 reads it: one range, or the whole file. */
class FileRangeTest {
    private static long[] r(String header) {
        return FileApi.range(header, 100);
    }

    @Test
    void oneRangeIsPartialContent() {
        assertArrayEquals(new long[]{10, 20, 1}, r("bytes=10-19"));
        assertArrayEquals(new long[]{90, 100, 1}, r("bytes=90-"));
        assertArrayEquals(new long[]{90, 100, 1}, r("bytes=-10"));
        assertArrayEquals(new long[]{0, 100, 1}, r("bytes=-1000"));
        assertArrayEquals(new long[]{95, 100, 1}, r("bytes=95-99999999999999999999999"), "an end past a long is the end");
    }

    @Test
    void aRangeStartingPastTheEndIsUnsatisfiable() {
        assertNull(r("bytes=100-"));
        assertNull(r("bytes=100-200"));
        assertNull(r("bytes=-0"));
    }

    @Test
    void anythingElseIsIgnoredAndGivesTheWholeFile() {
        long[] whole = {0, 100, 0};
        assertArrayEquals(whole, r(null));
        assertArrayEquals(whole, r("bytes=5-3"));
        assertArrayEquals(whole, r("bytes=1-2,5-6"));
        assertArrayEquals(whole, r("items=1-2"));
        assertArrayEquals(whole, r("bytes=a-b"));
        assertArrayEquals(whole, r("bytes=99999999999999999999-"));
    }
}
