package multidriver.chaos.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import multidriver.chaos.client.Recorder;
import multidriver.check.history.OpType;
import org.junit.jupiter.api.Test;

/** Scenarios of the lost-acknowledged-write check, written as the history a client would see. */
class LostWriteCheckTest {
    private final Recorder r = new Recorder();

    private void write(long process, long key, long value, OpType outcome) {
        r.invoke(process, "write", Arrays.asList(key, value));
        r.complete(process, outcome, "write", Arrays.asList(key, value), outcome == OpType.OK ? null : "timeout");
    }

    private void cas(long process, long key, long expected, long value, OpType outcome) {
        r.invoke(process, "cas", Arrays.asList(key, List.of(expected, value)));
        r.complete(process, outcome, "cas", Arrays.asList(key, List.of(expected, value)), null);
    }

    @Test
    void acknowledgedWriteMissingFromTheFinalReadIsLost() {
        write(0, 1, 3, OpType.OK);
        write(1, 1, 4, OpType.OK);
        List<LostWrite> lost = LostWriteCheck.check(r.events(), Map.of(1L, 3L));
        assertEquals(1, lost.size(), "4 was acknowledged after 3 completed, so 3 cannot be final");
        assertEquals(List.of(4L), lost.get(0).possibleValues());
    }

    @Test
    void theLastAcknowledgedWriteSurvives() {
        write(0, 1, 3, OpType.OK);
        write(1, 1, 4, OpType.OK);
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 4L)).isEmpty());
    }

    @Test
    void anIndeterminateWriteMayOrMayNotHaveHappened() {
        write(0, 1, 3, OpType.OK);
        write(1, 1, 4, OpType.INFO);
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 3L)).isEmpty(), "the timed-out write never applied");
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 4L)).isEmpty(), "the timed-out write applied late");
    }

    @Test
    void aFailedCompareAndSetChangesNothing() {
        write(0, 1, 3, OpType.OK);
        cas(1, 1, 2, 0, OpType.FAIL);
        assertEquals(1, LostWriteCheck.check(r.events(), Map.of(1L, 0L)).size(), "0 was never written");
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 3L)).isEmpty());
    }

    @Test
    void concurrentWritesMayEndEitherWay() {
        r.invoke(0, "write", Arrays.asList(1L, 3L));
        r.invoke(1, "write", Arrays.asList(1L, 4L));
        r.complete(0, OpType.OK, "write", Arrays.asList(1L, 3L), null);
        r.complete(1, OpType.OK, "write", Arrays.asList(1L, 4L), null);
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 3L)).isEmpty());
        assertTrue(LostWriteCheck.check(r.events(), Map.of(1L, 4L)).isEmpty());
    }

    @Test
    void notFoundAfterAnAcknowledgedWriteIsLost() {
        write(0, 1, 3, OpType.OK);
        Map<Long, Object> reads = new HashMap<>();
        reads.put(1L, null);
        assertEquals(1, LostWriteCheck.check(r.events(), reads).size());
    }
}
