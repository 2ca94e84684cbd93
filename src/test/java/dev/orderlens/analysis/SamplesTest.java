package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void theSummaryIsExactAndTheSamplesKeepEachRowWithItsSlot() {
        // 0.5 ms .. 2.5 s: the last two do not fit an int of nanoseconds; -3: a cross-layer
        // segment under a slightly wrong clock offset. Rows out of order, one row twice (a merged
        // bio), rows past 65,536 and 2 × 65,536 with the high groups 2 and 3 empty (row 262,145
        // is in group 4).
        long[] values = {500_000, 3_000_000, 7, 2_147_483_647L, 2_147_483_648L, 2_500_000_000L, -3};
        int[] rows = {262_145, 70_000, 5, 70_000, 65_535, 0, 65_536};
        SampleCollector c = new SampleCollector(2);
        for (int i = 0; i < values.length; i++) {
            c.add(values[i], rows[i]);
        }
        SampleCollector.Summarized done = c.finish();
        LatencySummary sum = done.summary();
        assertEquals(7, sum.n());
        assertEquals(-3, sum.min());
        assertEquals(2_500_000_000L, sum.max());
        // nearest rank: the 4th of the 7 sorted values (-3, 7, 0.5 ms, 3 ms, ...)
        assertEquals(3_000_000, sum.p50());

        Samples s = done.samples();
        assertEquals(7, s.size());
        int[] expectedRows = {0, 5, 65_535, 65_536, 70_000, 70_000, 262_145};
        for (int i = 0; i < s.size(); i++) {
            assertEquals(expectedRows[i], s.row(i), "sample " + i + " in row order");
        }
        // row 0: 2.5 s = 10^9.398: slot 9 × 5 + 1 (10^9.2 ≤ v < 10^9.4)
        assertEquals(46, s.slot(0));
        // row 5: 7 ns = 10^0.845: the fifth 10^0.8 ≤ v < 10^1.0
        assertEquals(4, s.slot(1));
        // row 65,536: -3 ns
        assertTrue(s.atOrBelowZero(3));
        assertFalse(s.atOrBelowZero(2));
        // row 262,145: 0.5 ms = 10^5.699: slot 5 × 5 + 3
        assertEquals(28, s.slot(6));
    }

    @Test
    void nothingCollectedIsEmpty() {
        SampleCollector.Summarized done = new SampleCollector(16).finish();
        assertTrue(done.summary().isEmpty());
        assertEquals(0, done.samples().size());
    }
}
