package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sector plot's bins: hand-derived on the sample, brute force on a real capture pair. */
class SectorPlotTest {
    /**
     * journal-commit.json, window [0, 500 µs) in 5 columns of 100 µs and 10 rows. Both lanes write
     * sectors 1000 to 5015 (lo 1000, hi 5016: requests 1 and 5/16 at 5008+8), so a row is 401.6
     * sectors: sectors 1000-1023 are in the bottom row (9), 5000-5015 in the top row (0).
     *
     * <p>Guest (lines 6-12): writes submitted at 0 and 2000 ns (ids 1, 2: column 0, bottom), 140000
     * (id 3, sector 5000: column 1, top), 205000 (id 4, 1016: column 2, bottom), 210000 (id 5,
     * 5008, PREFLUSH: column 2, top, and a flush line), 410000 (id 6: column 4, bottom); the flush
     * id 7 at 480000 is a line in column 4. Completions: 120000, 130000 (column 1), 200000, 260000
     * (column 2), 400000, 470000 (column 4), 8 sectors of 512 bytes each.
     *
     * <p>Device (lines 13-20): writes at 5000, 6000 (column 0, bottom), 141000 (column 1, top),
     * 206000 (column 2, bottom), 300000 (id 16, FUA, column 3, top), 411000 (column 4, bottom);
     * flushes at 211000 and 481000 (columns 2 and 4). Completions 118000, 128000, 198000 (column
     * 1), 258000 (2), 398000 (3), 468000 (4).
     */
    @Test
    void theSamplesBinsAreTheOnesReasonedFromItsLines() {
        SectorPlot plot = SectorPlot.of(TestTraces.sample());
        assertEquals(
                List.of(
                        new SectorPlot.LaneRange(0, "guest vda", 1000, 5016),
                        new SectorPlot.LaneRange(1, "device sda", 1000, 5016)),
                plot.lanes());
        SectorPlot.Frame f = plot.frame(0, 500_000, 5, 10);

        SectorPlot.LaneFrame guest = f.lanes().get(0);
        int[][] guestWrites = {{0, 9, 2}, {1, 0, 1}, {2, 9, 1}, {2, 0, 1}, {4, 9, 1}};
        assertCells(guest, guestWrites);
        assertFlushes(guest, 2, 4);
        assertArrayEquals(new int[] {0, 2, 2, 0, 2}, ios(guest));
        assertArrayEquals(new long[] {0, 8192, 8192, 0, 8192}, bytes(guest));

        SectorPlot.LaneFrame device = f.lanes().get(1);
        int[][] deviceWrites = {{0, 9, 2}, {1, 0, 1}, {2, 9, 1}, {3, 0, 1}, {4, 9, 1}};
        assertCells(device, deviceWrites);
        assertFlushes(device, 2, 4);
        assertArrayEquals(new int[] {0, 3, 1, 1, 1}, ios(device));
        assertEquals(3, device.maxIos());
        assertEquals(3 * 4096, device.maxBytes());
    }

    private static void assertCells(SectorPlot.LaneFrame l, int[][] expected) {
        int[][] grid = new int[5][10];
        for (int[] e : expected) {
            grid[e[0]][e[1]] = e[2];
        }
        for (int c = 0; c < 5; c++) {
            for (int y = 0; y < 10; y++) {
                assertEquals(grid[c][y], l.writes(c, y), l.range() + " writes at " + c + "," + y);
                assertEquals(0, l.reads(c, y), "no reads in the sample");
            }
        }
    }

    private static void assertFlushes(SectorPlot.LaneFrame l, int... columns) {
        for (int c = 0; c < 5; c++) {
            final int col = c;
            boolean expected = java.util.Arrays.stream(columns).anyMatch(x -> x == col);
            assertEquals(expected, l.flush(c), l.range() + " flush in column " + c);
        }
    }

    private static int[] ios(SectorPlot.LaneFrame l) {
        int[] out = new int[5];
        for (int c = 0; c < 5; c++) {
            out[c] = l.ios(c);
        }
        return out;
    }

    private static long[] bytes(SectorPlot.LaneFrame l) {
        long[] out = new long[5];
        for (int c = 0; c < 5; c++) {
            out[c] = l.bytes(c);
        }
        return out;
    }

    /**
     * The writeback capture (guest blkparse + QEMU log: three layers, reads and writes, flushes) in
     * windows of odd sizes: every cell's count equals a brute-force count of the requests whose
     * sectors reach it, every column's throughput and IOPS a direct sum, and the totals the number
     * of requests in the window.
     */
    @Test
    void everyBinOfARealCaptureEqualsABruteForceCount() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                new TraceLoader.FileSpec(
                                        TraceLoader.open(
                                                Path.of(
                                                        "sample-traces/writeback.guest.blkparse.txt")),
                                        null,
                                        null,
                                        null),
                                new TraceLoader.FileSpec(
                                        TraceLoader.open(
                                                Path.of("sample-traces/writeback.qemu.log")),
                                        null,
                                        null,
                                        null)),
                        dev.orderlens.model.Progress.NONE);
        SectorPlot plot = SectorPlot.of(t);
        assertTrue(plot.lanes().size() >= 3, plot.lanes().toString());
        long span = t.endNs() - t.startNs();
        long[][] windows = {
            {t.startNs(), t.endNs() + 1},
            {t.startNs() + span / 3, t.startNs() + span / 3 + span / 7},
            {t.startNs() - 5_000, t.startNs() + span / 2}
        };
        int[][] sizes = {{37, 23}, {101, 64}, {1, 1}};
        Requests r = t.requests();
        for (long[] w : windows) {
            for (int[] size : sizes) {
                int cols = size[0];
                int rows = size[1];
                SectorPlot.Frame f = plot.frame(w[0], w[1], cols, rows);
                assertEquals(plot.lanes().size(), f.lanes().size());
                int plottedInWindow = 0;
                int completedInWindow = 0;
                int cellsHit = 0;
                for (SectorPlot.LaneFrame l : f.lanes()) {
                    SectorPlot.LaneRange lr = l.range();
                    int[][] reads = new int[cols][rows];
                    int[][] writes = new int[cols][rows];
                    boolean[] flush = new boolean[cols];
                    long[] bytes = new long[cols];
                    int[] ios = new int[cols];
                    for (int row = 0; row < r.size(); row++) {
                        if (r.lane(row) != lr.lane()) {
                            continue;
                        }
                        Op op = r.op(row);
                        boolean data = op == Op.READ || op == Op.WRITE || op == Op.WRITE_ZEROES;
                        int c = column(r.submit(row), w, cols);
                        if ((op == Op.FLUSH
                                        || (r.flags(row) & dev.orderlens.model.Flags.PREFLUSH) != 0)
                                && c >= 0) {
                            flush[c] = true;
                        }
                        if (!data) {
                            continue;
                        }
                        if (c >= 0) {
                            plottedInWindow++;
                            long end = r.sector(row) + Math.max(1, r.count(row));
                            // every sector of the request, mapped to its row: the cells it reaches
                            boolean[] reached = new boolean[rows];
                            for (long s = r.sector(row); s < end; s++) {
                                long k = (s - lr.lo()) * rows / (lr.hi() - lr.lo());
                                reached[rows - 1 - (int) k] = true;
                            }
                            for (int y = 0; y < rows; y++) {
                                if (reached[y]) {
                                    (op == Op.READ ? reads : writes)[c][y]++;
                                }
                            }
                        }
                        if (r.complete(row) != Time.NONE) {
                            int cc = column(r.complete(row), w, cols);
                            if (cc >= 0) {
                                completedInWindow++;
                                bytes[cc] += 512L * r.count(row);
                                ios[cc]++;
                            }
                        }
                    }
                    for (int c = 0; c < cols; c++) {
                        for (int y = 0; y < rows; y++) {
                            String at =
                                    lr.label()
                                            + " cell "
                                            + c
                                            + ","
                                            + y
                                            + " of "
                                            + cols
                                            + "×"
                                            + rows;
                            assertEquals(reads[c][y], l.reads(c, y), "reads " + at);
                            assertEquals(writes[c][y], l.writes(c, y), "writes " + at);
                            cellsHit += reads[c][y] + writes[c][y] > 0 ? 1 : 0;
                        }
                        assertEquals(flush[c], l.flush(c), lr.label() + " flush " + c);
                        assertEquals(bytes[c], l.bytes(c), lr.label() + " bytes " + c);
                        assertEquals(ios[c], l.ios(c), lr.label() + " ios " + c);
                    }
                }
                int sumIos = 0;
                for (SectorPlot.LaneFrame l : f.lanes()) {
                    for (int c = 0; c < cols; c++) {
                        sumIos += l.ios(c);
                    }
                }
                assertEquals(completedInWindow, sumIos);
                if (w[0] <= t.startNs() && w[1] > t.endNs()) {
                    assertTrue(plottedInWindow > 100, "the whole capture: " + plottedInWindow);
                    assertTrue(cellsHit > 0);
                }
            }
        }
    }

    /** The column of t in window w cut into n: the test's own integer arithmetic. */
    private static int column(long t, long[] w, int n) {
        if (t < w[0] || t >= w[1]) {
            return -1;
        }
        return (int) ((t - w[0]) * n / (w[1] - w[0]));
    }

    @Test
    void binsAreExactAndOutsideIsMinusOne() {
        assertEquals(-1, SectorPlot.bin(9, 10, 20, 5));
        assertEquals(-1, SectorPlot.bin(20, 10, 20, 5));
        assertEquals(0, SectorPlot.bin(10, 10, 20, 5));
        assertEquals(0, SectorPlot.bin(11, 10, 20, 5));
        assertEquals(1, SectorPlot.bin(12, 10, 20, 5));
        assertEquals(4, SectorPlot.bin(19, 10, 20, 5));
        // spans too wide for exact integer products still land inside
        assertEquals(1999, SectorPlot.bin(Long.MAX_VALUE - 1, 0, Long.MAX_VALUE, 2000));
        assertEquals(999, SectorPlot.bin(Long.MAX_VALUE / 2, 0, Long.MAX_VALUE, 2000));
        assertFalse(SectorPlot.plotted(Op.DISCARD));
    }
}
