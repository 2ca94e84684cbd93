package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowPackerTest {
    private static RowPacker.Intervals of(long[] s, long[] e) {
        return new RowPacker.Intervals() {
            @Override
            public int size() {
                return s.length;
            }

            @Override
            public long start(int i) {
                return s[i];
            }

            @Override
            public long end(int i) {
                return e[i];
            }
        };
    }

    @Test
    void overlappingIntervalsNeverShareARowAndTheRowCountIsTheMostInFlight() {
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(2000);
            long[] s = new long[n];
            long[] e = new long[n];
            long t = 0;
            for (int i = 0; i < n; i++) {
                t += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(100); // ties included
                s[i] = t;
                e[i] = t + (rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(1000));
            }
            RowPacker.Packing p = RowPacker.pack(of(s, e));
            String why = "seed " + seed;
            List<List<Integer>> rows = new ArrayList<>();
            for (int k = 0; k < p.rows(); k++) {
                rows.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                rows.get(p.rowOf()[i]).add(i);
            }
            for (List<Integer> row : rows) {
                assertTrue(!row.isEmpty(), why + ": no empty rows");
                for (int k = 1; k < row.size(); k++) {
                    int a = row.get(k - 1);
                    int b = row.get(k);
                    assertTrue(
                            e[a] <= s[b],
                            why
                                    + ": ["
                                    + s[a]
                                    + ","
                                    + e[a]
                                    + "] and ["
                                    + s[b]
                                    + ","
                                    + e[b]
                                    + "] share a row");
                }
            }
            assertEquals(maxInFlight(s, e), p.rows(), why + ": rows used");
        }
    }

    /**
     * The most intervals running at once, brute force: when interval i starts, every earlier
     * interval that ends after that start is still running (an interval ending exactly then is
     * not).
     */
    private static int maxInFlight(long[] s, long[] e) {
        int max = 0;
        for (int i = 0; i < s.length; i++) {
            int running = 1;
            for (int j = 0; j < i; j++) {
                if (Math.max(s[j], e[j]) > s[i]) {
                    running++;
                }
            }
            max = Math.max(max, running);
        }
        return max;
    }

    @Test
    void eachIntervalTakesTheLowestFreeRow() {
        long[] s = {0, 1, 2, 10, 11};
        long[] e = {5, 20, 3, 12, 13};
        RowPacker.Packing p = RowPacker.pack(of(s, e));
        // 0→row0, 1→row1, 2→row2 (0 and 1 busy), 10→row0 (free since 5), 11→row2 (free since 3)
        assertEquals(List.of(0, 1, 2, 0, 2), Arrays.stream(p.rowOf()).boxed().toList());
        assertEquals(3, p.rows());
    }
}
