package multidriver.core.raft;

import static multidriver.core.raft.TestCluster.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory log: O(1) access by index, the §5.4.1 comparison, and tracking of the unstable suffix. */
class RaftLogTest {

    @Test
    void termsByIndexWithZeroBeforeTheStartAndMinusOnePastTheEnd() {
        RaftLog log = new RaftLog(List.of(entry(1, 1), entry(2, 3)));
        assertEquals(0, log.termAt(0));
        assertEquals(3, log.termAt(2));
        assertEquals(-1, log.termAt(3));
        assertEquals(List.of(entry(2, 3)), log.slice(2, 99));
        assertTrue(log.slice(3, 2).isEmpty());
    }

    @Test
    void upToDateComparesLastTermFirstThenLength() {
        RaftLog log = new RaftLog(List.of(entry(1, 1), entry(2, 2), entry(3, 2)));
        assertTrue(log.isUpToDate(1, 3), "higher last term wins even when shorter");
        assertTrue(log.isUpToDate(3, 2));
        assertFalse(log.isUpToDate(2, 2), "same last term, shorter");
        assertFalse(log.isUpToDate(9, 1), "longer but older last term");
    }

    @Test
    void truncationMarksTheRewrittenSuffixUnstable() {
        RaftLog log = new RaftLog(List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
        assertEquals(4, log.unstableFrom(), "a recovered log is stable");
        log.truncateFrom(2);
        log.append(entry(2, 2));
        assertEquals(2, log.unstableFrom());
        assertEquals(2, log.takeLowestRewritten());
        assertEquals(Long.MAX_VALUE, log.takeLowestRewritten());
        log.stableTo(2, 1); // an acknowledgement for the replaced entry is ignored
        assertEquals(2, log.unstableFrom());
        log.stableTo(2, 2);
        assertEquals(3, log.unstableFrom());
    }

    @Test
    void appendsMustBeContiguous() {
        RaftLog log = new RaftLog(List.of());
        assertThrows(IllegalStateException.class, () -> log.append(entry(2, 1)));
    }

    @Test
    void fastBackupHelpersStopAtTheFloor() {
        RaftLog log = new RaftLog(List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 3), entry(5, 3)));
        assertEquals(3, log.lastIndexWithTermAtMost(5, 2, 0));
        assertEquals(4, log.lastIndexWithTermAtMost(5, 2, 4));
        assertEquals(1, log.firstIndexOfTermRun(3, 0));
        assertEquals(3, log.firstIndexOfTermRun(3, 2));
    }
}
