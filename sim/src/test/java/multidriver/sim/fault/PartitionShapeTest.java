package multidriver.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionShapeTest {
    private static final List<Integer> ORDER = List.of(3, 0, 4, 1, 2);

    private static int reachable(boolean[][] blocked, int from) {
        int count = 1;
        for (int to = 0; to < blocked.length; to++) if (to != from && !blocked[from][to]) count++;
        return count;
    }

    @Test
    void isolateOneCutsTheFirstNodeBothWays() {
        boolean[][] b = PartitionShape.ISOLATE_ONE.blockedLinks(ORDER, 5);
        for (int other : List.of(0, 1, 2, 4)) {
            assertTrue(b[3][other]);
            assertTrue(b[other][3]);
        }
        assertFalse(b[0][1]);
    }

    @Test
    void halvesLeaveAMinorityAndAMajority() {
        boolean[][] b = PartitionShape.HALVES.blockedLinks(ORDER, 5);
        assertEquals(2, reachable(b, 3));
        assertEquals(2, reachable(b, 0));
        assertEquals(3, reachable(b, 4));
        assertTrue(b[3][4]);
        assertFalse(b[4][1]);
    }

    @Test
    void inAMajoritiesRingEveryNodeSeesABareMajorityAndNoTwoSeeTheSame() {
        boolean[][] b = PartitionShape.MAJORITIES_RING.blockedLinks(ORDER, 5);
        for (int node = 0; node < 5; node++) assertEquals(3, reachable(b, node), "node " + node);
        // Ring neighbours of 3 are 0 and 2 (order 3,0,4,1,2 wraps around); 4 and 1 are cut off from it.
        assertFalse(b[3][0]);
        assertFalse(b[3][2]);
        assertTrue(b[3][4]);
        assertTrue(b[3][1]);
    }

    @Test
    void theBridgeSeesBothSidesWhichCannotSeeEachOther() {
        boolean[][] b = PartitionShape.BRIDGE.blockedLinks(ORDER, 5);
        assertEquals(5, reachable(b, 3));
        assertTrue(b[0][1]); // 0 and 4 on one side, 1 and 2 on the other
        assertFalse(b[0][4]);
        assertFalse(b[1][2]);
    }

    @Test
    void oneWayCutsOnlyTheFirstNodesOutgoingLinks() {
        boolean[][] b = PartitionShape.ONE_WAY.blockedLinks(ORDER, 5);
        assertTrue(b[3][0]);
        assertFalse(b[0][3]);
    }
}
