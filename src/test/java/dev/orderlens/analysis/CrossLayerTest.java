package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrossLayer.Segment;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guest → virtio → host breakdown on hand-made chains, and its invariants on real captures. */
class CrossLayerTest {
    private static long seg(CrossLayer c, int entry, Segment s) {
        return c.segment(entry, s);
    }

    @Test
    void aWriteDownTheStackSplitsIntoFiveSegmentsThatAddUp() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(8, 8).times(0, 1000L).issued(100);
        f.write(2).on("virtio").lane("vq0").sectors(8, 8).times(150, 900L).issued(160);
        f.write(3).on("host").lane("blk0").sectors(8, 8).times(170, 800L).issued(200).parent(2);
        CrossLayer c = CrossLayer.of(f.build());
        assertTrue(c.available());
        assertEquals(1, c.size());
        assertEquals(100, seg(c, 0, Segment.GUEST));
        assertEquals(50, seg(c, 0, Segment.VIRTQUEUE));
        assertEquals(50, seg(c, 0, Segment.QEMU), "pop at 150 to the backend submission at 200");
        assertEquals(600, seg(c, 0, Segment.HOST));
        assertEquals(200, seg(c, 0, Segment.COMPLETION));
        assertEquals(1000, seg(c, 0, Segment.TOTAL));
        assertEquals(1, c.matchedVirtio());
        assertEquals(1, c.matchedHost());
        assertEquals(0, c.unmatchedVirtio());
    }

    @Test
    void requestsOfOneRangeAreMatchedInIssueOrderToTheFirstPopAfterTheirIssue() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(8, 8).times(0, 500L).issued(100);
        f.write(2).on("guest").sectors(8, 8).times(200, 900L).issued(300);
        f.write(3)
                .on("virtio")
                .lane("vq0")
                .sectors(8, 8)
                .times(50, 80L); // before either was issued
        f.write(4).on("virtio").lane("vq0").sectors(8, 8).times(150, 450L);
        f.write(5).on("virtio").lane("vq0").sectors(8, 8).times(350, 850L);
        f.write(6).on("virtio").lane("vq0").sectors(16, 8).times(120, 130L); // another range
        Trace t = f.build();
        CrossLayer c = CrossLayer.of(t);
        Requests r = t.requests();
        assertEquals(2, c.size());
        assertEquals(150, r.submit(c.virtio(0)));
        assertEquals(350, r.submit(c.virtio(1)));
        assertEquals(2, c.unmatchedVirtio());
        assertEquals(
                Time.NONE,
                seg(c, 0, Segment.QEMU),
                "no host request: the segments below are unknown");
        assertEquals(Time.NONE, seg(c, 0, Segment.TOTAL));
        assertEquals(50, seg(c, 0, Segment.VIRTQUEUE));
        assertEquals(2, c.summary(Segment.VIRTQUEUE).n());
        assertEquals(0, c.summary(Segment.HOST).n());
    }

    @Test
    void anFsyncGoesDownAsItsMachineryFlushAndIsOneEntry() {
        TraceFixture f = new TraceFixture();
        f.flush(1).on("guest").flags("preflush").times(0, 700L).issued(100);
        f.flush(2).on("guest").times(100, 650L).issued(100).parent(1); // the flush machinery's D FN
        f.flush(3).on("virtio").lane("vq0").times(120, 600L).issued(120);
        f.flush(4).on("host").lane("blk0").times(130, 590L).issued(130).parent(3);
        Trace t = f.build();
        CrossLayer c = CrossLayer.of(t);
        assertEquals(1, c.size());
        assertEquals(0, c.row(0));
        assertEquals(100, seg(c, 0, Segment.GUEST));
        assertEquals(20, seg(c, 0, Segment.VIRTQUEUE));
        assertEquals(10, seg(c, 0, Segment.QEMU));
        assertEquals(460, seg(c, 0, Segment.HOST));
        assertEquals(110, seg(c, 0, Segment.COMPLETION));
        for (int row = 0; row < 4; row++) {
            assertEquals(0, c.entryOf(row), "row " + row + " belongs to the fsync's entry");
        }
    }

    @Test
    void aFlushOfTheFuaMachineryHasNoQueueSegment() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").flags("fua").sectors(8, 8).times(0, 900L).issued(300);
        f.flush(2).on("guest").times(500, 800L).issued(500).parent(1); // its post-flush
        f.write(3).on("virtio").lane("vq0").sectors(8, 8).times(320, 450L);
        f.flush(4).on("virtio").lane("vq0").times(520, 780L);
        CrossLayer c = CrossLayer.of(f.build());
        assertEquals(2, c.size());
        assertEquals(300, seg(c, 0, Segment.GUEST));
        assertEquals(Time.NONE, seg(c, 1, Segment.GUEST), "the machinery issued it: no Q");
        assertEquals(20, seg(c, 1, Segment.VIRTQUEUE));
    }

    @Test
    void withoutAGuestLayerTheVirtioRequestsAreTheEntriesAndWithoutVirtioThereIsNothing() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vq0").sectors(8, 8).times(150, 900L).issued(160);
        f.write(2).on("host").lane("blk0").sectors(8, 8).times(170, 800L).issued(200).parent(1);
        CrossLayer c = CrossLayer.of(f.build());
        assertEquals(1, c.size());
        assertEquals(Time.NONE, seg(c, 0, Segment.GUEST));
        assertEquals(50, seg(c, 0, Segment.QEMU));
        assertEquals(100, seg(c, 0, Segment.COMPLETION));
        assertEquals(750, seg(c, 0, Segment.TOTAL));

        TraceFixture g = new TraceFixture();
        g.write(1).on("guest").sectors(8, 8).times(0, 100L).issued(10);
        assertFalse(CrossLayer.of(g.build()).available());
    }

    @ParameterizedTest
    @ValueSource(strings = {"writeback", "none", "writethrough"})
    void onARealCaptureEveryGuestRequestFindsItsVirtioRequestInsideIt(String mode)
            throws Exception {
        Path dir = Path.of("sample-traces/btt");
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(dir.resolve(mode + ".guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(dir.resolve(mode + ".qemu.log"))),
                        Progress.NONE);
        CrossLayer c = CrossLayer.of(t);
        Requests r = t.requests();
        int guest = t.layerIndex(Layer.GUEST);
        int issued = 0;
        for (int i = 0; i < r.size(); i++) {
            issued += r.layer(i) == guest && r.issue(i) != Time.NONE ? 1 : 0;
        }
        assertTrue(
                c.size() > 50 && c.size() <= issued,
                "entries: guest requests that reached the driver");
        assertEquals(c.size(), c.matchedVirtio(), mode + ": every guest request reached QEMU");
        int complete = 0;
        for (int i = 0; i < c.size(); i++) {
            int g = c.row(i);
            int v = c.virtio(i);
            assertEquals(r.op(g) == Op.FLUSH, r.op(v) == Op.FLUSH);
            if (r.op(g) != Op.FLUSH) {
                assertEquals(r.sector(g), r.sector(v));
                assertEquals(r.count(g), r.count(v));
            }
            assertTrue(
                    r.submit(v) >= r.issue(g) && r.complete(v) <= r.complete(g),
                    "virtio request nests in the guest's");
            long total = seg(c, i, Segment.TOTAL);
            if (total != Time.NONE) {
                complete++;
                long sum = 0;
                for (Segment s : Segment.values()) {
                    sum += s == Segment.TOTAL ? 0 : seg(c, i, s);
                }
                assertEquals(total, sum, "segments add up to the total");
                assertEquals(r.complete(g) - r.submit(g), total);
            }
        }
        assertTrue(complete > 40, mode + ": " + complete + " complete chains");
        // QEMU skips a flush when nothing was written since the previous one: no host request
        for (int i = 0; i < c.size(); i++) {
            if (c.host(i) < 0) {
                assertEquals(Op.FLUSH, r.op(c.row(i)));
            }
        }
        // the virtio requests no guest request matched were popped before blktrace started (boot
        // reads)
        int virt = t.layerIndex(Layer.VIRTIO);
        long traceStart = r.submit(firstGuest(r, guest));
        int before = 0;
        for (int i = 0; i < r.size(); i++) {
            before += r.layer(i) == virt && r.complete(i) < traceStart ? 1 : 0;
        }
        assertEquals(before, c.unmatchedVirtio());
    }

    private static int firstGuest(Requests r, int guest) {
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == guest) {
                return i;
            }
        }
        return -1;
    }
}
