package multidriver.chaos.maelstrom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationSamplesTest {
    @Test
    void quantilesOfTheKeptSamplesInMicroseconds() {
        DurationSamples s = new DurationSamples(10_000);
        for (int us = 1000; us >= 1; us--) s.add(us * 1_000L); // added out of order
        assertEquals(501, s.quantileUs(0.5));
        assertEquals(991, s.quantileUs(0.99));
        assertEquals(1000, s.quantileUs(1));
        assertEquals(1, s.quantileUs(0));
    }

    @Test
    void keepsAtMostItsCapacityButCountsEverything() {
        DurationSamples s = new DurationSamples(3);
        for (int i = 0; i < 100; i++) s.add(7_000);
        s.add(-5); // a clock that went backwards counts as zero, never as a negative cost
        assertEquals(101, s.count());
        assertEquals(7, s.quantileUs(0.5));
    }

    @Test
    void noSamplesAndBadArgumentsSaySo() {
        assertEquals(-1, new DurationSamples(1).quantileUs(0.5));
        assertThrows(IllegalArgumentException.class, () -> new DurationSamples(0));
        assertThrows(IllegalArgumentException.class, () -> new DurationSamples(1).quantileUs(1.5));
    }
}
