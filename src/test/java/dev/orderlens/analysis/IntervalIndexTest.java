package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalIndexTest {
    /**
     * Every overlap query agrees with a scan of all rows, in (start, row) order, across domains and
     * long ranges.
     */
    @Test
    void findsExactlyTheOverlappingRowsOfADomain() {
        for (int seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            int n = rnd.nextInt(200);
            int[] domain = new int[n];
            long[] sector = new long[n];
            int[] count = new int[n];
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
                domain[i] = rnd.nextInt(3);
                sector[i] = rnd.nextInt(1000);
                count[i] =
                        rnd.nextInt(10) == 0
                                ? 0
                                : rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(800) : 1 + rnd.nextInt(16);
            }
            IntervalIndex ix = new IntervalIndex(rows, domain, sector, count);
            for (int q = 0; q < 50; q++) {
                int d = rnd.nextInt(4);
                long from = rnd.nextInt(1100) - 50;
                long to = from + 1 + rnd.nextInt(40);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (domain[i] == d
                            && count[i] > 0
                            && sector[i] < to
                            && from < sector[i] + count[i]) {
                        expected.add(i);
                    }
                }
                expected.sort(
                        (a, b) ->
                                sector[a] != sector[b]
                                        ? Long.compare(sector[a], sector[b])
                                        : Integer.compare(a, b));
                List<Integer> got = new ArrayList<>();
                ix.overlapping(d, from, to, got::add);
                assertEquals(
                        expected,
                        got,
                        "seed " + seed + " domain " + d + " [" + from + ", " + to + ")");
            }
        }
    }
}
