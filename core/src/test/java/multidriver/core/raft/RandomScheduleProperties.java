package multidriver.core.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** jqwik: whatever the network does, the invariants hold, and a healed cluster elects a leader and converges. */
class RandomScheduleProperties {

    @Property(tries = 60)
    void invariantsHoldUnderReorderingDropsAndDuplicates(@ForAll @IntRange(min = 3, max = 5) int size,
                                                          @ForAll long seed,
                                                          @ForAll @DoubleRange(min = 0, max = 0.3) double drop,
                                                          @ForAll @DoubleRange(min = 0, max = 0.2) double duplicate) {
        TestCluster c = TestCluster.of(size, seed);
        RandomSchedule schedule = new RandomSchedule(c, seed ^ 0x5DEECE66DL, drop, duplicate, false);
        schedule.run(3000);
        int leader = schedule.healAndAwaitLeader(300);
        c.rounds(10);
        for (int i = 0; i < size; i++) {
            assertEquals(c.node(leader).commitIndex(), c.node(i).commitIndex(), c.describe());
            assertEquals(c.member(leader).kv.contents(), c.member(i).kv.contents());
        }
    }

    @Property(tries = 40)
    void invariantsHoldAcrossCrashesRestartsAndPartitions(@ForAll @IntRange(min = 3, max = 5) int size,
                                                          @ForAll long seed) {
        TestCluster c = TestCluster.of(size, seed);
        RandomSchedule schedule = new RandomSchedule(c, seed * 31 + 7, 0.1, 0.05, true);
        schedule.run(3000);
        int leader = schedule.healAndAwaitLeader(300);
        c.rounds(10);
        for (int i = 0; i < size; i++) {
            assertEquals(c.node(leader).commitIndex(), c.node(i).commitIndex(), c.describe());
        }
    }
}
