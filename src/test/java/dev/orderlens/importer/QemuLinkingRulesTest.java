package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.CpuBound;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-written case per rule of docs/adr/0012 (QEMU log → virtio and host requests and their
 * links). Each log is written here, line N at 100 s + N × 10 µs, so line N is at {@link #at}(N) on
 * the trace's clock; the expected requests are derived from the lines named in each comment.
 */
class QemuLinkingRulesTest {

    /** Line N of a log built by {@link #load} is at (N − 1) × 10 µs from the first line. */
    static long at(int line) {
        return (line - 1) * 10_000L;
    }

    static Trace load(String... events) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            sb.append(String.format("1@%d.%06d:%s%n", 100, (i + 1) * 10, events[i]));
        }
        return new QemuLogImporter()
                .read(
                        ImportInput.ofString("rules.log", sb.toString()),
                        ImportOptions.DEFAULT,
                        Progress.NONE);
    }

    /** The rows of a layer, in row order. */
    static List<Integer> rows(Trace t, String layer) {
        Requests r = t.requests();
        int l = t.layerIndex(layer);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == l) {
                out.add(i);
            }
        }
        return out;
    }

    /** The row whose first source line is {@code line}. */
    static int rowOfLine(Trace t, int line) {
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.sourceLines(i)[0] == line) {
                return i;
            }
        }
        throw new AssertionError("no request starts at line " + line);
    }

    static long otherEvents(Trace t) {
        long n = 0;
        for (int e = 0; e < t.events().size(); e++) {
            n += t.events().kind(e) == EventKind.OTHER ? 1 : 0;
        }
        return n;
    }

    @Test
    void aNewPopOfAPointerEndsTheRequestThatHadIt() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 8 nsectors 8",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 2 out_num 1",
                        "virtio_blk_handle_read vdev 0x1 req 0xa0 sector 64 nsectors 8",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0");
        // No virtqueue_fill ends the first request: the pop on line 4 of the same pointer does.
        // Lines 1-3: a write of sectors 8+8 from 0 to line 3; lines 4-6: a read of 64+8.
        Requests r = t.requests();
        assertEquals(2, rows(t, Layer.VIRTIO).size());
        int w = rowOfLine(t, 1);
        assertEquals(Op.WRITE, r.op(w));
        assertEquals(8, r.sector(w));
        assertEquals(8, r.count(w));
        assertEquals(at(3), r.complete(w));
        assertArrayEquals(new int[] {1, 2, 3}, r.sourceLines(w));
        int rd = rowOfLine(t, 4);
        assertEquals(Op.READ, r.op(rd));
        assertEquals(64, r.sector(rd));
        assertEquals(at(4), r.submit(rd));
        assertArrayEquals(new int[] {4, 5, 6}, r.sourceLines(rd));
    }

    @Test
    void aRequestWithNoHandleIsClassifiedByItsDescriptors() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 1",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0",
                        "virtqueue_pop vq 0x10 elem 0xb0 in_num 2 out_num 1",
                        "virtio_blk_req_complete vdev 0x1 req 0xb0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xb0 len 21 idx 1",
                        "virtqueue_pop vq 0x10 elem 0xc0 in_num 1 out_num 1",
                        "virtqueue_fill vq 0x10 elem 0xc0 len 21 idx 2");
        // Lines 1-3: one out, one in descriptor and a 1-byte reply (the status) → FLUSH.
        // Lines 4-6: two in descriptors (GET_ID's 20-byte serial + status) → OTHER.
        // Lines 7-8: one out and one in, but a 21-byte reply → not a flush → OTHER.
        Requests r = t.requests();
        assertEquals(Op.FLUSH, r.op(rowOfLine(t, 1)));
        assertEquals(Op.OTHER, r.op(rowOfLine(t, 4)));
        assertEquals(Op.OTHER, r.op(rowOfLine(t, 7)));
        assertEquals(at(8), r.complete(rowOfLine(t, 7))); // no req_complete: the fill ends it
    }

    @Test
    void aHostRequestServesTheOldestVirtioRequestWaitingAtItsSector() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 16 nsectors 8",
                        "virtqueue_pop vq 0x10 elem 0xb0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xb0 sector 16 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 8192 bytes 4096 flags 0x0",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 8192 bytes 4096 flags 0x0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xb0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xb0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xb0 len 1 idx 1");
        // Two virtio writes of sector 16 (lines 1-2, 3-4) wait; offset 8192 / 512 = sector 16.
        // The host write of line 5 serves the older (line 1), line 6 the other (line 3). Each
        // host write completes when the block layer reports back to its virtio request
        // (rw_complete, lines 7 and 10).
        Requests r = t.requests();
        int va = rowOfLine(t, 1);
        int vb = rowOfLine(t, 3);
        int h5 = rowOfLine(t, 5);
        int h6 = rowOfLine(t, 6);
        assertEquals(va, r.parent(h5));
        assertEquals(vb, r.parent(h6));
        assertEquals(16, r.sector(h5));
        assertEquals(8, r.count(h5));
        assertEquals(at(7), r.complete(h5));
        assertEquals(at(10), r.complete(h6));
        assertEquals(Status.OK, r.status(h5));
    }

    @Test
    void aZeroWriteWithoutHandleServesTheOldestRequestWithData() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xf0 in_num 1 out_num 1",
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 65536 bytes 65536 flags 0x6",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xf0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xf0 len 1 idx 1");
        // Line 3: flags 0x6 = BDRV_REQ_ZERO_WRITE (0x2) | BDRV_REQ_MAY_UNMAP (0x4): a zero write
        // of 65536/512 = 128 sectors at 128. virtio-blk logs no handle_* for write-zeroes, so it
        // serves the oldest open request with a data descriptor (out_num 2: line 2), not the
        // older flush-shaped one of line 1 (out_num 1). That virtio request is WRITE_ZEROES with
        // the block layer's range; the one of line 1 stays a FLUSH. The host request completes
        // with its virtio request (line 4: write-zeroes has no rw_complete).
        Requests r = t.requests();
        int v = rowOfLine(t, 2);
        int h = rowOfLine(t, 3);
        assertEquals(v, r.parent(h));
        assertEquals(Op.WRITE_ZEROES, r.op(h));
        assertEquals(Op.WRITE_ZEROES, r.op(v));
        assertEquals(128, r.sector(v));
        assertEquals(128, r.count(v));
        assertEquals(at(4), r.complete(h));
        assertEquals(Op.FLUSH, r.op(rowOfLine(t, 1)));
    }

    @Test
    void lowerNodeAndBackendLinesJoinByRangeThenByPointer() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 216 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 110592 bytes 4096 flags 0x0",
                        "bdrv_co_pwritev_part bs 0x2 offset 110592 bytes 4096 flags 0x10",
                        "luring_co_submit bs 0x3 s 0x4 luringcb 0xc1 fd 13 offset 110592"
                                + " nbytes 4096 type 2",
                        "luring_process_completion LuringState 0x4 luringcb 0xc1 ret 4096",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0");
        // 110592 / 512 = sector 216. Line 4 (same range on a lower node) joins the host request of
        // line 3 and adds BDRV_REQ_FUA (0x10); line 5 joins by range and is its issue; line 6
        // joins by the luringcb pointer of line 5. Nothing is left over as an OTHER event.
        Requests r = t.requests();
        assertEquals(1, rows(t, Layer.HOST).size());
        int h = rowOfLine(t, 3);
        assertArrayEquals(new int[] {3, 4, 5, 6}, r.sourceLines(h));
        assertTrue(r.has(h, Flags.FUA));
        assertEquals(at(5), r.issue(h));
        assertEquals(at(7), r.complete(h));
        assertEquals(rowOfLine(t, 1), r.parent(h));
        assertEquals(0, otherEvents(t));
    }

    @Test
    void aBackendFlushServesTheOldestVirtioFlush() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 1",
                        "virtqueue_pop vq 0x10 elem 0xb0 in_num 1 out_num 1",
                        "luring_co_submit bs 0x3 s 0x4 luringcb 0xc1 fd 13 offset 0 nbytes 0 type 8",
                        "luring_process_completion LuringState 0x4 luringcb 0xc1 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0",
                        "luring_co_submit bs 0x3 s 0x4 luringcb 0xc2 fd 13 offset 0 nbytes 0 type 8",
                        "luring_process_completion LuringState 0x4 luringcb 0xc2 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xb0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xb0 len 1 idx 1");
        // Two flush-shaped virtio requests (lines 1, 2). type 8 = QEMU_AIO_FLUSH: the backend
        // flush of line 3 serves the oldest waiting flush (line 1), the one of line 7 the next
        // (line 2, which has no host request yet). Each completes with its virtio flush.
        Requests r = t.requests();
        int h3 = rowOfLine(t, 3);
        int h7 = rowOfLine(t, 7);
        assertEquals(Op.FLUSH, r.op(h3));
        assertEquals(rowOfLine(t, 1), r.parent(h3));
        assertEquals(rowOfLine(t, 2), r.parent(h7));
        assertEquals(Op.FLUSH, r.op(rowOfLine(t, 1)));
        assertEquals(at(5), r.complete(h3));
        assertEquals(at(9), r.complete(h7));
    }

    @Test
    void aFlushAfterAFuaHostWriteEmulatesThatFua() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 8 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 4096 bytes 4096 flags 0x0",
                        "bdrv_co_pwritev_part bs 0x2 offset 4096 bytes 4096 flags 0x10",
                        "thread_pool_submit pool 0x1 req 0xd1 opaque 0x1",
                        "thread_pool_complete pool 0x1 req 0xd1 opaque 0x1 ret 0",
                        "thread_pool_submit pool 0x1 req 0xd2 opaque 0x2",
                        "thread_pool_complete pool 0x1 req 0xd2 opaque 0x2 ret 0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0");
        // cache=writethrough: the lower node gets BDRV_REQ_FUA (line 4), the write's job runs
        // (lines 5-6), then a second job (line 7) with no request waiting and no virtio flush
        // open: the fdatasync QEMU issues to emulate the FUA. It is a host FLUSH serving the
        // virtio write of line 1, completed by its own job (line 8).
        Requests r = t.requests();
        int w = rowOfLine(t, 3);
        int fl = rowOfLine(t, 7);
        assertTrue(r.has(w, Flags.FUA));
        assertEquals(Op.FLUSH, r.op(fl));
        assertEquals(rowOfLine(t, 1), r.parent(w));
        assertEquals(rowOfLine(t, 1), r.parent(fl));
        assertEquals(at(7), r.issue(fl));
        assertEquals(at(8), r.complete(fl));
    }

    @Test
    void aBackendRequestWithNoVirtioRequestCompletesAtItsBackend() throws Exception {
        Trace t =
                load(
                        "luring_co_submit bs 0x3 s 0x4 luringcb 0xc1 fd 13 offset 4096 nbytes 4096"
                                + " type 2",
                        "luring_co_submit bs 0x3 s 0x4 luringcb 0xc2 fd 13 offset 8192 nbytes 4096"
                                + " type 2",
                        "luring_process_completion LuringState 0x4 luringcb 0xc2 ret -5",
                        "luring_process_completion LuringState 0x4 luringcb 0xc1 ret 4096");
        // No blk_co_* and no virtio events: each backend submission is a host write (type 2),
        // submitted and issued at its line, ending at its own completion found by luringcb:
        // line 1 at line 4 (OK), line 2 at line 3 with ret -5 (EIO) → ERROR.
        Requests r = t.requests();
        int a = rowOfLine(t, 1);
        int b = rowOfLine(t, 2);
        assertEquals(Op.WRITE, r.op(a));
        assertEquals(8, r.sector(a));
        assertEquals(at(1), r.issue(a));
        assertEquals(at(4), r.complete(a));
        assertEquals(Status.OK, r.status(a));
        assertEquals(-1, r.parent(a));
        assertEquals(at(3), r.complete(b));
        assertEquals(Status.ERROR, r.status(b));
    }

    /** Issue 17 item 1: a repeated handle_* line linked a request to itself and a walk looped. */
    @Test
    void repeatedHandleLinesOfOnePointerDoNotHang() {
        Trace t =
                CpuBound.within(
                        Duration.ofSeconds(5),
                        () ->
                                load(
                                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 8"
                                                + " nsectors 8",
                                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 8"
                                                + " nsectors 8",
                                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 8"
                                                + " nsectors 8",
                                        "blk_co_pwritev blk 0x1 bs 0x2 offset 4096 bytes 4096"
                                                + " flags 0x0",
                                        "virtio_blk_handle_write vdev 0x1 req 0xb0 sector 8"
                                                + " nsectors 8",
                                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret 0",
                                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0"));
        // Lines 1-3 are one request (pointer 0xa0, no pop) waiting once at sector 8; the host
        // write of line 4 serves it; line 5 is a second request at sector 8 that never gets a
        // host request and never completes.
        Requests r = t.requests();
        int a = rowOfLine(t, 1);
        assertArrayEquals(new int[] {1, 2, 3, 6, 7}, r.sourceLines(a));
        assertEquals(a, r.parent(rowOfLine(t, 4)));
        assertEquals(2, rows(t, Layer.VIRTIO).size());
        assertTrue(r.has(rowOfLine(t, 5), Flags.NO_COMPLETE));
    }
}
