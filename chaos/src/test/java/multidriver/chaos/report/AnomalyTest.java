package multidriver.chaos.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.search.Operation;
import org.junit.jupiter.api.Test;

/** The failing op of a register named as a Jepsen analysis would: stale read, value never written, or neither. */
class AnomalyTest {
    private static final long S = 1_000_000_000L;

    /** write 1 (ok by 1 s), write 2 (ok by 3 s), then a read from 5 s to 6 s returning {@code read}. */
    private static History history(Object read) {
        return History.builder()
                .invoke(0, "write", Arrays.asList(7L, 1L), 0).ok(0, "write", Arrays.asList(7L, 1L), S)
                .invoke(1, "write", Arrays.asList(7L, 2L), 2 * S).ok(1, "write", Arrays.asList(7L, 2L), 3 * S)
                .invoke(2, "read", Arrays.asList(7L, null), 5 * S).ok(2, "read", Arrays.asList(7L, read), 6 * S)
                .invoke(3, "read", Arrays.asList(8L, null), 5 * S).ok(3, "read", Arrays.asList(8L, 4L), 6 * S)
                .build();
    }

    private static Operation theRead(History h, Object value) {
        List<Op> ops = h.ops();
        return new Operation(ops.get(4), ops.get(5), "read", value);
    }

    @Test
    void aReadOfAnOverwrittenValueAfterTheNewWriteWasAcknowledgedIsAStaleRead() {
        History h = history(1L);
        String name = Anomaly.name(h, 7L, theRead(h, 1L));
        assertTrue(name.startsWith("stale read: read of key 7 at 5.000 s returned 1, though a write of 2 was"
                + " acknowledged at 3.000 s"), name);
        History nil = history(null);
        assertTrue(Anomaly.name(nil, 7L, theRead(nil, null)).startsWith("stale read: read of key 7 at 5.000 s"
                + " returned nil"), Anomaly.name(nil, 7L, theRead(nil, null)));
    }

    @Test
    void aReadOfAValueNobodyWroteIsNamedSoAndOtherKeysDoNotCount() {
        History h = history(9L);
        assertTrue(Anomaly.name(h, 7L, theRead(h, 9L)).startsWith("read of a value never written: read of key 7"),
                Anomaly.name(h, 7L, theRead(h, 9L)));
        History four = history(4L); // key 8's read returned 4, which no write of key 7 carried either
        assertTrue(Anomaly.name(four, 7L, theRead(four, 4L)).startsWith("read of a value never written"));
    }

    @Test
    void aReadOfTheLatestAcknowledgedValueIsNotCalledStale() {
        History h = history(2L);
        assertEquals("non-linearizable read: read of key 7 at 5.000 s returned 2, which no order of the concurrent"
                + " writes explains", Anomaly.name(h, 7L, theRead(h, 2L)));
    }
}
