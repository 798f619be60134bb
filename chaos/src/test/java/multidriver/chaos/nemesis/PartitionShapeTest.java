package multidriver.chaos.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The partition shapes cut what their names say, for every cluster size and random order. */
class PartitionShapeTest {
    @Test
    void isolateLeaderCutsTheLeaderFromEveryoneElse() {
        Grudge g = PartitionShape.ISOLATE_LEADER.grudge(5, new Random(1), OptionalInt.of(3));
        assertEquals(Set.of(0, 1, 2, 4), g.dropsFrom().get(3));
        for (int other : new int[] {0, 1, 2, 4}) {
            assertEquals(Set.of(3), g.dropsFrom().get(other), "node-" + other + " drops only the leader");
        }
    }

    @Property(tries = 200)
    void isolatePrimaryPutsThePrimaryOnAMinoritySide(@ForAll @IntRange(min = 3, max = 9) int n, @ForAll long seed) {
        int primary = (int) Math.floorMod(seed, (long) n);
        Grudge g = PartitionShape.ISOLATE_PRIMARY.grudge(n, new Random(seed), OptionalInt.of(primary));
        SortedSet<Integer> cutFromPrimary = g.dropsFrom().get(primary);
        int side = n - cutFromPrimary.size();
        assertEquals((n - 1) / 2, side, "the primary's side is the largest minority: " + g.describe());
        for (int i = 0; i < n; i++) {
            boolean withPrimary = i != primary && !cutFromPrimary.contains(i);
            if (i == primary || withPrimary) {
                assertEquals(cutFromPrimary, g.dropsFrom().get(i), "node-" + i + " is cut from the majority");
            }
        }
        assertSymmetric(g);
    }

    @Test
    void oneWayDropsOnlyWhatTheVictimSends() {
        Grudge g = PartitionShape.ONE_WAY.grudge(5, new Random(7), OptionalInt.empty());
        assertEquals(4, g.dropsFrom().size(), "four receivers drop the victim's packets");
        int victim = g.dropsFrom().values().iterator().next().first();
        assertFalse(g.dropsFrom().containsKey(victim), "the victim itself still hears everybody");
    }

    @Property(tries = 200)
    void halvesLeaveAtMostOneMajoritySide(@ForAll @IntRange(min = 2, max = 9) int n, @ForAll long seed) {
        Grudge g = PartitionShape.HALVES.grudge(n, new Random(seed), OptionalInt.empty());
        int majority = n / 2 + 1;
        int nodesSeeingMajority = 0;
        for (int i = 0; i < n; i++) {
            if (n - g.dropsFrom().getOrDefault(i, new TreeSet<>()).size() >= majority) {
                nodesSeeingMajority++;
            }
        }
        // Odd n: the bigger half, and only it, is a majority; even n: two equal halves, neither is.
        assertEquals(n % 2 == 1 ? n - n / 2 : 0, nodesSeeingMajority, g.describe());
        assertSymmetric(g);
    }

    @Property(tries = 200)
    void majoritiesRingGivesEveryNodeADifferentMajority(@ForAll @IntRange(min = 5, max = 9) int n, @ForAll long seed) {
        Grudge g = PartitionShape.MAJORITIES_RING.grudge(n, new Random(seed), OptionalInt.empty());
        int majority = n / 2 + 1;
        Set<Set<Integer>> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> visible = new TreeSet<>();
            for (int j = 0; j < n; j++) {
                if (!g.dropsFrom().getOrDefault(i, new TreeSet<>()).contains(j)) {
                    visible.add(j);
                }
            }
            assertTrue(visible.size() >= majority, "node-" + i + " sees a majority: " + visible);
            assertTrue(visible.size() < n, "node-" + i + " does not see everyone");
            seen.add(visible);
        }
        assertEquals(n, seen.size(), "no two nodes see the same set");
        assertSymmetric(g);
    }

    @Property(tries = 200)
    void bridgeNodeTalksToBothSidesWhichCannotTalk(@ForAll @IntRange(min = 3, max = 9) int n, @ForAll long seed) {
        Grudge g = PartitionShape.BRIDGE.grudge(n, new Random(seed), OptionalInt.empty());
        List<Integer> bridges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (g.dropsFrom().getOrDefault(i, new TreeSet<>()).isEmpty()) {
                bridges.add(i);
            }
        }
        assertEquals(1, bridges.size(), "exactly one node keeps all its links: " + g.describe());
        g.dropsFrom().forEach((node, drops) -> assertFalse(drops.contains(bridges.get(0)), "nobody drops the bridge"));
        assertTrue(g.dropsFrom().size() == n - 1, "every other node is cut from the far side");
        assertSymmetric(g);
    }

    private static void assertSymmetric(Grudge g) {
        g.dropsFrom().forEach((a, from) -> from.forEach(b ->
                assertTrue(g.dropsFrom().getOrDefault(b, new TreeSet<>()).contains(a), a + " drops " + b + " but not back")));
    }
}
