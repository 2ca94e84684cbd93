package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueDepthTrackTest {
    /** Two lanes: on 8,0 requests in flight 10..50 and 30..40 ns; on 8,16 one in flight 0..100. */
    private static Trace twoLanes() throws Exception {
        String text =
                String.join(
                                "\n",
                                "8,0 0 1 0.000000010 1 D W 0 + 8 [a]",
                                "8,0 0 2 0.000000030 1 D W 8 + 8 [a]",
                                "8,0 0 3 0.000000040 0 C W 8 + 8 [0]",
                                "8,0 0 4 0.000000050 0 C W 0 + 8 [0]",
                                "8,16 0 1 0.000000000 1 D R 0 + 8 [b]",
                                "8,16 0 2 0.000000100 0 C R 0 + 8 [0]")
                        + "\n";
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("t.txt", text),
                        new ImportOptions(null, false),
                        Progress.NONE);
    }

    @Test
    void eachColumnHasItsMaxAndTimeWeightedMean() throws Exception {
        Trace t = twoLanes();
        QueueDepthTrack[] tracks = QueueDepthTrack.perLane(t);
        assertEquals(2, tracks.length);
        QueueDepthTrack sda =
                tracks[
                        t.lanes().stream()
                                .filter(l -> l.name().equals("8,0"))
                                .findFirst()
                                .orElseThrow()
                                .index()];
        assertEquals(2, sda.maxDepth());
        QueueDepthTrack.Bins b = sda.bins(0, 60, 6); // columns of 10 ns
        assertArrayEquals(new int[] {0, 1, 1, 2, 1, 0}, b.max());
        assertArrayEquals(new double[] {0, 1, 1, 2, 1, 0}, b.mean(), 1e-12);
        QueueDepthTrack.Bins coarse =
                sda.bins(0, 60, 2); // 0..30: 1 for 20 ns; 30..60: 2 for 10, 1 for 10
        assertArrayEquals(new int[] {1, 2}, coarse.max());
        assertArrayEquals(new double[] {20 / 30.0, 30 / 30.0}, coarse.mean(), 1e-12);
        assertEquals(2, coarse.peak());
        // a window starting inside a busy stretch starts at the depth then in force
        assertArrayEquals(new int[] {2, 1}, sda.bins(35, 45, 2).max());
    }

    @Test
    void binsAgreeWithPointQueriesOnARealCapture() throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces/btt/writeback.guest.blkparse.txt"));
        QueueDepthTrack track = QueueDepthTrack.perLane(t)[0];
        Requests r = t.requests();
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        long start = t.startNs();
        long end = t.endNs() + 1;
        for (int round = 0; round < 20; round++) {
            int columns = 1 + rnd.nextInt(800);
            QueueDepthTrack.Bins b = track.bins(start, end, columns);
            long probe = start + rnd.nextLong(end - start);
            int col = (int) Math.min(columns - 1, (probe - start) * columns / (end - start));
            // the count of requests in flight at the probe, straight from the rows
            int inFlight = 0;
            for (int i = 0; i < r.size(); i++) {
                inFlight +=
                        r.issue(i) >= 0 && r.issue(i) <= probe && (r.complete(i) > probe) ? 1 : 0;
            }
            String why = "seed " + seed + " round " + round;
            assertEquals(inFlight, track.depth().at(probe), why);
            assertTrue(b.max()[col] >= inFlight, why);
        }
        assertEquals(4, track.maxDepth(), "the most requests the guest had at the device at once");
    }
}
