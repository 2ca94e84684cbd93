package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writes qcow2 makes on its own are host requests on the image file (issue 12, item 6).
 * Expectations from the raw lines of sample-traces/qcow2-alloc.qemu.log, as listed in
 * sample-traces/expectations/qcow2-alloc.txt ("Host (Q): what qcow2 writes on its own"); image-file
 * offsets in 512-byte sectors.
 */
class Qcow2HostWritesTest {
    @Test
    void clusterZeroesMetadataAndDataAreImageFileRequests() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/qcow2-alloc.qemu.log"))),
                        dev.orderlens.model.Progress.NONE);
        Requests r = t.requests();
        List<String> file = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (t.lanes().get(r.lane(i)).name().equals("blk0/image-file")) {
                file.add(
                        r.id(i)
                                + " "
                                + r.op(i).jsonName()
                                + (r.has(i, Flags.META) ? " meta " : " ")
                                + r.sector(i)
                                + "+"
                                + r.count(i)
                                + (r.parent(i) >= 0 ? " of host#" + r.id(r.parent(i)) : ""));
            }
        }
        assertEquals(
                List.of(
                        "70 read meta 256+128", // Q:70 refcount block read, 131072 + 65536
                        "75 write meta 256+128", // Q:75-76 written back
                        "84 write meta 512+128", // Q:84-85 the new L2 table at 262144
                        "90 write meta 384+1", // Q:90 the L1 entry, 512 bytes at 196608
                        "100 write-zeroes 640+128", // Q:100 zeroes over the cluster at 327680
                        "106 write 640+8 of host#63", // Q:106 step 1's data, blk_co_pwritev Q:63
                        "129 write-zeroes 768+128", // Q:129 cluster 1 at 393216
                        "135 write 776+8 of host#119", // Q:135 397312 = 393216 + 4096
                        "156 write 784+8 of host#148", // Q:156 cluster 1 already allocated
                        "179 write 896+128 of host#168", // Q:179 all of cluster 4: no zeroes
                        "202 write-zeroes 1024+256", // Q:202 two clusters at 524288
                        "208 write 1144+16 of host#192", // Q:208 585728 = 524288 + 61440
                        "224 write meta 256+128", // Q:224 refcount at the guest's flush
                        "229 write meta 512+128"), // Q:229 L2 table at the guest's flush
                file);
        // the zeroes complete (Q:103) before the data is submitted (Q:106): not concurrent
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(0, f.concurrentOverlaps().total());
        // the host flushes (luring type 8, blk0) are in the image file's flush domain
        int zeroes = rowOf(t, 100);
        assertEquals(Op.WRITE_ZEROES, r.op(zeroes));
        assertTrue(
                dev.orderlens.analysis.FlushDomains.of(t).ofLane(r.lane(zeroes))
                        == dev.orderlens.analysis.FlushDomains.of(t).ofLane(r.lane(rowOf(t, 78))),
                "blk0/image-file shares blk0's flushes");
    }

    /**
     * A hand-made QEMU log (src/test/resources/handmade/qcow2-image-file.fixture.log, not a
     * capture) pinning each rule of ADR 0203 with two guest writes, A at guest byte 0 (lines 1-5)
     * and B at 4096 (lines 19-23), the image's top node bs 0xf0 and its file bs 0xf1. Image-file
     * offsets in 512-byte sectors. B's data is placed inside the cluster A is zeroing while the
     * zeroes are in flight, which qcow2 itself would serialize: the overlap finding must see such a
     * race whatever made it (the 2019 XFS story).
     */
    @Test
    void aHandMadeLogPinsEachImageFileRule() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of(
                                                "src/test/resources/handmade/"
                                                        + "qcow2-image-file.fixture.log"))),
                        dev.orderlens.model.Progress.NONE);
        Requests r = t.requests();
        List<String> file = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (t.lanes().get(r.lane(i)).name().equals("blk0/image-file")) {
                file.add(
                        r.id(i)
                                + " "
                                + r.op(i).jsonName()
                                + (r.has(i, Flags.META) ? " meta " : " ")
                                + r.sector(i)
                                + "+"
                                + r.count(i)
                                + (r.parent(i) >= 0 ? " of host#" + r.id(r.parent(i)) : ""));
            }
        }
        assertEquals(
                List.of(
                        // line 7: bs 0xf1 (no blk_co_* used it) at 131072 (256), 65536 bytes,
                        // named by no qcow2_writev_data: qcow2's own write (the refcount block)
                        "7 write meta 256+128",
                        // line 12: the L2 table at 262144 (512), 65536 bytes: qcow2's own
                        "12 write meta 512+128",
                        // line 16: bdrv_co_pwrite_zeroes at 327680 (640), 65536 bytes
                        "16 write-zeroes 640+128",
                        // line 25: 331776 (648), 4096 bytes = B's qcow2_writev_data 0x51000 (line
                        // 24); B's host request is blk_co_pwritev line 21
                        "25 write 648+8 of host#21",
                        // line 32: 327680 (640), 4096 bytes = A's qcow2_writev_data 0x50000 (line
                        // 31); A's host request is blk_co_pwritev line 3
                        "32 write 640+8 of host#3"),
                file);
        // the host requests stay at guest offsets on blk0: A at 0 (line 3), B at 8 (line 21)
        assertEquals(0, r.sector(rowOf(t, 3)));
        assertEquals(8, r.sector(rowOf(t, 21)));
        assertEquals("blk0", t.lanes().get(r.lane(rowOf(t, 3))).name());
        // the zeroes (thread_pool_submit line 18, complete line 27) and B's data (luring submit
        // line 26, complete line 28) overlap on 648..655 while both are in flight: one pair
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(1, f.concurrentOverlaps().total());
        int a = f.concurrentOverlaps().first(0);
        int b = f.concurrentOverlaps().second(0);
        assertEquals(
                java.util.Set.of(16, 25),
                java.util.Set.of(r.id(a), r.id(b)),
                "zeroes and B's data");
        // A's data (line 32) is submitted after the zeroes completed (line 27): no pair
        // the host flush (luring type 8, line 10) covers the image file: one flush domain
        assertEquals(Op.FLUSH, r.op(rowOf(t, 10)));
        assertTrue(
                dev.orderlens.analysis.FlushDomains.of(t).ofLane(r.lane(rowOf(t, 16)))
                        == dev.orderlens.analysis.FlushDomains.of(t).ofLane(r.lane(rowOf(t, 10))),
                "blk0/image-file shares blk0's flushes");
    }

    private static int rowOf(Trace t, int id) {
        return t.requests().rowOfId(0, id);
    }
}
