package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheModeInference.DiskMode;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cache mode read from a QEMU log (issue 12 item 8). Counts on the real captures are from their
 * raw lines (sample-traces/README.md recipes name each capture's cache mode): a guest flush is a
 * {@code virtqueue_pop} followed by no {@code virtio_blk_handle_*} for that element (formats.md); a
 * host flush is a thread-pool job (or {@code luring_co_submit ... type 8}) that is neither a {@code
 * blk_co_pwritev} nor a {@code blk_co_preadv}; a flush "after writes" has a {@code
 * virtio_blk_handle_write} since the previous guest flush.
 */
class CacheModeInferenceTest {
    static Trace pair(String name) throws Exception {
        return TraceLoader.load(
                List.of(
                        TraceLoader.FileSpec.of(
                                Path.of("sample-traces/" + name + ".guest.blkparse.txt")),
                        TraceLoader.FileSpec.of(Path.of("sample-traces/" + name + ".qemu.log"))),
                Progress.NONE);
    }

    static DiskMode only(Trace t) {
        List<DiskMode> d = CacheModeInference.of(t);
        assertEquals(1, d.size(), d.toString());
        return d.get(0);
    }

    @Test
    void theUnsafeCaptureIsInferredUnsafe() throws Exception {
        // unsafe.qemu.log: 77 pops, 44 handle_write + 12 handle_read → 21 guest flushes, 15 of
        // them after a write; 57 thread-pool jobs = 44 blk_co_pwritev + 13 blk_co_preadv → 0 host
        // flushes (recipe: cache=unsafe)
        Trace t = pair("unsafe");
        DiskMode d = only(t);
        assertEquals(CacheMode.UNSAFE, d.mode());
        assertTrue(d.inferred());
        assertEquals(21, d.guestFlushes());
        assertEquals(15, d.guestFlushesAfterWrites());
        assertEquals(0, d.hostFlushes());
        assertEquals(44, d.hostWrites());
        assertEquals("blk0", d.disk());
        assertEquals(
                "unsafe (inferred: 21 guest flushes (15 after writes), 0 host flushes)", d.text());
        // the analysis takes it when the trace names no mode
        assertEquals(CacheMode.UNSAFE, CrashAnalysis.of(t).defaultCacheMode());
    }

    @Test
    void theWritethroughCaptureIsInferredWritethrough() throws Exception {
        // writethrough.qemu.log: 56 pops = 44 handle_write + 12 handle_read → no guest flush; 97
        // thread-pool jobs - 44 writes - 13 reads = 40 host flushes; 44 bdrv_co_pwritev_part with
        // flags 0x18 (BDRV_REQ_FUA 0x10) (recipe: cache=writethrough)
        Trace t = pair("writethrough");
        DiskMode d = only(t);
        assertEquals(CacheMode.WRITETHROUGH, d.mode());
        assertTrue(d.inferred());
        assertEquals(0, d.guestFlushes());
        assertEquals(40, d.hostFlushes());
        assertEquals(44, d.hostWrites());
        assertEquals(44, d.fuaWrites());
        assertEquals(CacheMode.WRITETHROUGH, CrashAnalysis.of(t).defaultCacheMode());
    }

    @Test
    void writebackAndNoneAreAssumedWriteback() throws Exception {
        // writeback.qemu.log: 21 guest flushes, 72 - 44 - 13 = 15 thread-pool fdatasyncs;
        // none.qemu.log: 21 guest flushes, 15 luring_co_submit type 8. Flushes reach the host in
        // both, and nothing in the log shows O_DIRECT: writeback is assumed, not inferred.
        for (String name : List.of("writeback", "none")) {
            Trace t = pair(name);
            DiskMode d = only(t);
            assertEquals(CacheMode.WRITEBACK, d.mode(), name);
            assertFalse(d.inferred(), name);
            assertEquals(21, d.guestFlushes(), name);
            assertEquals(15, d.hostFlushes(), name);
            assertTrue(d.text().startsWith("writeback (assumed: "), d.text());
            assertEquals(CacheMode.WRITEBACK, CrashAnalysis.of(t).defaultCacheMode(), name);
        }
    }

    @Test
    void aGuestFileAloneHasNoDisk() throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces/unsafe.guest.blkparse.txt"));
        assertTrue(CacheModeInference.of(t).isEmpty());
        assertEquals(CacheMode.WRITEBACK, CrashAnalysis.of(t).defaultCacheMode());
    }

    /** A virtio write, then a virtio flush; the host wrote but never flushed: unsafe. */
    @Test
    void guestFlushesWithNoHostFlushAreUnsafe() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).times(10, 90L).parent(1);
        f.flush(3).on("virtio").lane("vq0").times(200, 210L);
        DiskMode d = only(f.build());
        assertEquals(CacheMode.UNSAFE, d.mode());
        assertEquals(1, d.guestFlushesAfterWrites());
    }

    /**
     * A guest flush with nothing written before it: QEMU skips the host flush in every mode
     * (bdrv_co_flush returns when nothing was written since the last flush), so it tells nothing.
     */
    @Test
    void aFlushWithNothingWrittenTellsNothing() {
        TraceFixture f = new TraceFixture();
        f.flush(1).on("virtio").lane("vq0").times(0, 10L);
        f.write(2).on("virtio").lane("vq0").sectors(0, 8).times(20, 100L);
        f.write(3).on("host").lane("blk0").sectors(0, 8).times(30, 90L).parent(2);
        DiskMode d = only(f.build());
        assertEquals(CacheMode.WRITEBACK, d.mode());
        assertFalse(d.inferred());
    }

    /** No guest flush, a FUA host write and a host flush after it: writethrough. */
    @Test
    void hostFlushesTheGuestNeverAskedForAreWritethrough() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).flags("fua").times(10, 50L).parent(1);
        f.flush(3).on("host").lane("blk0").times(50, 90L).parent(1);
        DiskMode d = only(f.build());
        assertEquals(CacheMode.WRITETHROUGH, d.mode());
        assertEquals(1, d.fuaWrites());
    }

    /**
     * Two disks: blk0 unsafe, blk1 writeback. Each is reported on its own; the fallback for writes
     * on no known disk is the one that promises least.
     */
    @Test
    void twoDisksAreInferredEachOnItsOwn() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vda/vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).times(10, 90L).parent(1);
        f.flush(3).on("virtio").lane("vda/vq0").times(200, 210L);
        f.write(4).on("virtio").lane("vdb/vq0").sectors(0, 8).times(0, 100L);
        f.write(5).on("host").lane("blk1").sectors(0, 8).times(10, 90L).parent(4);
        f.flush(6).on("virtio").lane("vdb/vq0").times(200, 300L);
        f.flush(7).on("host").lane("blk1").times(210, 290L).parent(6);
        List<DiskMode> d = CacheModeInference.of(f.build());
        assertEquals(2, d.size());
        assertEquals(CacheMode.UNSAFE, d.get(0).mode());
        assertEquals("blk0", d.get(0).disk());
        assertEquals(CacheMode.WRITEBACK, d.get(1).mode());
        assertTrue(CacheModeInference.disksDiffer(d));
        assertEquals(CacheMode.UNSAFE, CacheModeInference.defaultMode(d));
        assertNull(CacheModeInference.defaultMode(List.of(d.get(1))));
    }

    /**
     * No guest flush, and one host flush after every guest write completed — what QEMU does when it
     * closes a writeback drive at exit (two-disks.qemu.log, Q:227-228: the last flush of blk1 after
     * the guest's last write). No write waited on it: writeback assumed, not writethrough, so the
     * unflushed writes stay volatile until that flush.
     */
    @Test
    void aHostFlushNoGuestWriteWaitedOnIsNotWritethrough() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).times(10, 90L).parent(1);
        f.write(3).on("virtio").lane("vq0").sectors(8, 8).times(200, 300L);
        f.write(4).on("host").lane("blk0").sectors(8, 8).times(210, 290L).parent(3);
        f.flush(5).on("host").lane("blk0").times(1000, 1100L);
        DiskMode d = only(f.build());
        assertEquals(CacheMode.WRITEBACK, d.mode());
        assertFalse(d.inferred());
        assertEquals(1, d.hostFlushes());
    }

    /**
     * No guest flush, no FUA flag in the log, and each guest write completes after a host flush
     * issued while it was in flight: FUA emulated with a flush, writethrough.
     */
    @Test
    void guestWritesHeldUntilAHostFlushAreWritethroughWithoutAFuaFlag() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).times(10, 50L).parent(1);
        f.flush(3).on("host").lane("blk0").times(55, 95L).parent(1);
        f.write(4).on("virtio").lane("vq0").sectors(8, 8).times(200, 300L);
        f.write(5).on("host").lane("blk0").sectors(8, 8).times(210, 250L).parent(4);
        f.flush(6).on("host").lane("blk0").times(255, 295L).parent(4);
        DiskMode d = only(f.build());
        assertEquals(CacheMode.WRITETHROUGH, d.mode());
        assertEquals(0, d.fuaWrites());
    }

    /**
     * The real capture of the rule above (sample-traces/no-flush.*, cache=writeback, aio=io_uring):
     * three O_DIRECT writes (G:1, 8, 15 queued; Q:62, 74, 86 handle_write; io_uring type 2 at Q:66,
     * 78, 90; completed Q:68, 80, 92) and no guest flush (no virtio_blk_handle_flush line). The
     * only host flush is io_uring type 8 at Q:97, after the dataplane stopped (Q:96) as QEMU closed
     * the drive, 1.85 s after the last write completed. Read as writethrough, every write would be
     * durable at its completion; under writeback they stay volatile until that exit flush.
     */
    @Test
    void aRealGuestThatNeverFlushedIsWritebackNotWritethrough() throws Exception {
        Trace t = pair("no-flush");
        DiskMode d = only(t);
        assertEquals(CacheMode.WRITEBACK, d.mode());
        assertFalse(d.inferred());
        assertEquals(0, d.guestFlushes());
        assertEquals(1, d.hostFlushes());
        assertEquals(3, d.hostWrites());
        CrashAnalysis a = CrashAnalysis.of(t);
        // 1.0 s guest time: the last guest write completed at G:21 (0.125 s), the exit flush is
        // 1.85 s after it: every guest write is volatile
        var point = a.defaultPoint(Time.ofSeconds(1.0));
        var r = t.requests();
        int guest = t.layerIndex(dev.orderlens.model.Layer.GUEST);
        int writes = 0;
        for (int row = 0; row < r.size(); row++) {
            if (r.layer(row) == guest && r.count(row) > 0) {
                writes++;
                assertEquals(WriteState.VOLATILE, a.at(point).state(row), t.names().id(row));
            }
        }
        assertEquals(3, writes, "G:1, 8, 15");
    }
}
