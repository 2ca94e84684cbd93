package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void percentilesAreNearestRank() {
        long[] v = {10, 3, 8, 1, 7, 2, 9, 5, 4, 6};
        LatencySummary s = LatencySummary.of(v, v.length);
        assertEquals(new LatencySummary(10, 1, 5.5, 5, 9, 10, 10), s);
        assertArrayEquals(
                new long[] {10, 3, 8, 1, 7, 2, 9, 5, 4, 6}, v, "the input is not reordered");
        assertEquals(
                new LatencySummary(1, 42, 42, 42, 42, 42, 42),
                LatencySummary.of(new long[] {42, 7}, 1));
        assertTrue(LatencySummary.of(new long[0], 0).isEmpty());
    }

    @Test
    void selectionAgreesWithSortingOnRandomAndAdversarialInputs() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            int n = 1 + rnd.nextInt(round < 200 ? 50 : 5000);
            long[] v = new long[n];
            int shape = round % 4;
            for (int i = 0; i < n; i++) {
                v[i] =
                        switch (shape) {
                            case 0 -> rnd.nextLong(1, 1_000_000_000L);
                            case 1 -> rnd.nextInt(3); // many duplicates
                            case 2 -> i; // sorted
                            default -> n - i; // reversed
                        };
            }
            long[] sorted = v.clone();
            Arrays.sort(sorted);
            LatencySummary s = LatencySummary.of(v, n);
            String why = "seed " + seed + " round " + round;
            assertEquals(sorted[0], s.min(), why);
            assertEquals(sorted[n - 1], s.max(), why);
            assertEquals(sorted[LatencySummary.rank(50, n)], s.p50(), why);
            assertEquals(sorted[LatencySummary.rank(90, n)], s.p90(), why);
            assertEquals(sorted[LatencySummary.rank(99, n)], s.p99(), why);
            assertEquals(Arrays.stream(v).sum() / (double) n, s.avg(), 1e-6, why);
        }
    }
}
