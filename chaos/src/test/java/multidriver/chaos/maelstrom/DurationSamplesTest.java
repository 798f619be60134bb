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
    void aBoundedSampleStillCoversTheWholeRun() {
        DurationSamples s = new DurationSamples(1_000);
        for (int i = 0; i < 50_000; i++) s.add(i < 25_000 ? 1_000 : 9_000); // the run's second half is slower
        assertEquals(50_000, s.count());
        assertEquals(1, s.quantileUs(0.25));
        assertEquals(9, s.quantileUs(0.75), "the second half is in the sample, not only the first 1,000");
    }

    @Test
    void aClockThatWentBackwardsCountsAsZero() {
        DurationSamples s = new DurationSamples(10);
        s.add(-5_000);
        assertEquals(0, s.quantileUs(0.5));
    }

    @Test
    void noSamplesAndBadArgumentsSaySo() {
        assertEquals(-1, new DurationSamples(1).quantileUs(0.5));
        assertThrows(IllegalArgumentException.class, () -> new DurationSamples(0));
        assertThrows(IllegalArgumentException.class, () -> new DurationSamples(1).quantileUs(1.5));
    }
}
