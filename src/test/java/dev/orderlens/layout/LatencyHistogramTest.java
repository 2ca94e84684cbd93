package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LogSlots;
import dev.orderlens.analysis.Phase;
import dev.orderlens.analysis.Samples;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.JsonTraceImporter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final Path GUEST = Path.of("sample-traces/btt/writeback.guest.blkparse.txt");

    @Test
    void bucketsAreFifthsOfADecadeFromTheSmallestToTheLargestSample() throws Exception {
        DeviceStats d = LatencyStats.of(TraceLoader.load(GUEST)).devices().get(0);
        Samples q2m = d.samples(Phase.Q2M); // 850 ns .. 272.41 µs
        LatencyHistogram h = LatencyHistogram.of(q2m);
        // fifths of a decade: 631 ns (10^2.8) .. 1 µs holds 850 ns; 251 µs (10^5.4) .. 398 µs holds
        // 272 µs
        assertEquals(631, h.lower(0));
        assertEquals(1000, h.upper(0));
        assertEquals(251_189, h.lower(h.size() - 1));
        assertEquals(398_108, h.upper(h.size() - 1));
        assertEquals(14, h.size(), "fifths from 10^2.8 ns to 10^5.6 ns");
        assertEquals(31, Arrays.stream(range(h)).sum());
        assertEquals(h.bucketOf(850), h.bucketOf(999));
        assertEquals(h.bucketOf(850) + 1, h.bucketOf(1000));
        for (int b = 0; b < h.size(); b++) {
            int inBucket = 0;
            for (int i = 0; i < q2m.size(); i++) {
                // a sample keeps its slot: the slot's lower edge lies in the bucket's range
                long edge = LogSlots.lowerEdge(q2m.slot(i));
                inBucket += edge >= h.lower(b) && edge < h.upper(b) ? 1 : 0;
            }
            assertEquals(inBucket, h.count(b), "bucket " + h.label(b));
        }
        assertEquals("631 ns – 1.00 µs", h.label(0));
        assertEquals(-1, h.bucketOf(500));
        assertEquals(-1, h.bucketOf(398_108));
    }

    @Test
    void aBucketGivesTheDistinctRowsOfItsSamples() throws Exception {
        DeviceStats d = LatencyStats.of(TraceLoader.load(GUEST)).devices().get(0);
        Samples d2c =
                d.samples(Phase.D2C); // one sample per bio: merged requests appear several times
        LatencyHistogram h = LatencyHistogram.of(d2c);
        int rows = 0;
        for (int b = 0; b < h.size(); b++) {
            int[] r = h.rows(b);
            rows += r.length;
            assertArrayEquals(Arrays.stream(r).sorted().distinct().toArray(), r);
            for (int row : r) {
                boolean found = false;
                for (int i = 0; i < d2c.size(); i++) {
                    found |= d2c.row(i) == row && h.bucketOf(LogSlots.lowerEdge(d2c.slot(i))) == b;
                }
                assertTrue(found);
            }
        }
        assertEquals(52, rows, "the 83 bios were issued as 52 requests");
    }

    @Test
    void segmentsAtOrBelowZeroGoToTheirOwnBucket() throws Exception {
        // the host I/O ends after the guest saw its completion: a clock offset that is slightly off
        String json =
                "{\"format\": \"orderlens-trace\", \"requests\": [\n"
                        + "{\"id\": 1, \"layer\": \"guest\", \"op\": \"write\", \"sector\": 8, \"count\": 8, \"submit\": 0, \"issue\": 100, \"complete\": 500},\n"
                        + "{\"id\": 2, \"layer\": \"guest\", \"op\": \"write\", \"sector\": 16, \"count\": 8, \"submit\": 0, \"issue\": 100, \"complete\": 5000},\n"
                        + "{\"id\": 3, \"layer\": \"virtio\", \"op\": \"write\", \"sector\": 8, \"count\": 8, \"submit\": 150, \"complete\": 600},\n"
                        + "{\"id\": 4, \"layer\": \"host\", \"op\": \"write\", \"sector\": 8, \"count\": 8, \"submit\": 160, \"issue\": 170, \"complete\": 550, \"parent\": 3},\n"
                        + "{\"id\": 5, \"layer\": \"virtio\", \"op\": \"write\", \"sector\": 16, \"count\": 8, \"submit\": 150, \"complete\": 600},\n"
                        + "{\"id\": 6, \"layer\": \"host\", \"op\": \"write\", \"sector\": 16, \"count\": 8, \"submit\": 160, \"issue\": 170, \"complete\": 550, \"parent\": 5}\n"
                        + "]}";
        Trace t =
                new JsonTraceImporter()
                        .read(
                                ImportInput.ofString("t.json", json),
                                ImportOptions.DEFAULT,
                                Progress.NONE);
        LatencyHistogram h =
                LatencyHistogram.of(
                        LatencyStats.of(t).crossLayer().samples(CrossLayer.Segment.COMPLETION));
        assertTrue(h.isUnderflow(0));
        assertEquals(1, h.count(0));
        assertEquals("≤ 0 ns", h.label(0));
        assertEquals(0, h.bucketOf(-50));
        assertArrayEquals(
                new int[] {0}, h.rows(0), "the guest write whose host I/O ended 50 ns after it");
        assertEquals(1, h.count(h.bucketOf(4450)));
    }

    private static int[] range(LatencyHistogram h) {
        int[] c = new int[h.size()];
        for (int b = 0; b < c.length; b++) {
            c[b] = h.count(b);
        }
        return c;
    }
}
