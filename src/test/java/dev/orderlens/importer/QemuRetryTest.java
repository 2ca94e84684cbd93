package dev.orderlens.importer;

import static dev.orderlens.importer.QemuLinkingRulesTest.at;
import static dev.orderlens.importer.QemuLinkingRulesTest.load;
import static dev.orderlens.importer.QemuLinkingRulesTest.rowOfLine;
import static dev.orderlens.importer.QemuLinkingRulesTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Host errors under QEMU's werror policies (issue 12 item 3). In hw/block/virtio-blk.c a failed
 * request goes to virtio_blk_handle_rw_error: with werror=report it is completed to the guest with
 * VIRTIO_BLK_S_IOERR; with werror=stop/enospc it is kept, the VM stops, and after {@code cont} it
 * is handled again (virtio_blk_dma_restart_bh) under the same request pointer, in any order. A
 * request's status is its last completion. Logs are written here; line N is at {@code at(N)}.
 */
class QemuRetryTest {

    static List<Integer> ioErrors(Trace t) {
        Events e = t.events();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.IO_ERROR) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void werrorStopRetriesAreOneRequestThatSucceedsWithAnErrorEvent() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 2048 nsectors 8",
                        "virtqueue_pop vq 0x10 elem 0xb0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xb0 sector 4096 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 1048576 bytes 4096 flags 0x0",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 2097152 bytes 4096 flags 0x0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret -28",
                        "virtio_blk_rw_complete vdev 0x1 req 0xb0 ret -28",
                        "vm_state_notify running 0 reason 4 (io-error)",
                        "vm_state_notify running 1 reason 9 (running)",
                        "virtio_blk_handle_write vdev 0x1 req 0xb0 sector 4096 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 2097152 bytes 4096 flags 0x0",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 2048 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 1048576 bytes 4096 flags 0x0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xb0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xb0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xb0 len 1 idx 0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret 0",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 0",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 1");
        // Two guest writes (lines 1-2: sector 2048; 3-4: sector 4096; 1048576/512 = 2048,
        // 2097152/512 = 4096) fail with -28 (ENOSPC, lines 7-8) and get no req_complete: the VM
        // stops (9) and continues (10); QEMU handles them again in the other order (11, 13) and
        // they complete OK (15-17, 18-20). So: two virtio requests, both OK, each issued at its
        // first handle and completed at its last req_complete; four host attempts, the first two
        // failed at lines 7 and 8, the retries OK at 18 and 15; one io-error event per failure.
        Requests r = t.requests();
        assertEquals(2, rows(t, Layer.VIRTIO).size());
        assertEquals(4, rows(t, Layer.HOST).size());
        int a = rowOfLine(t, 1);
        int b = rowOfLine(t, 3);
        assertEquals(Status.OK, r.status(a));
        assertEquals(Status.OK, r.status(b));
        assertEquals(at(2), r.issue(a));
        assertEquals(at(19), r.complete(a));
        assertEquals(at(16), r.complete(b));

        int a1 = rowOfLine(t, 5);
        int a2 = rowOfLine(t, 14);
        int b1 = rowOfLine(t, 6);
        int b2 = rowOfLine(t, 12);
        assertEquals(a, r.parent(a1));
        assertEquals(a, r.parent(a2));
        assertEquals(b, r.parent(b1));
        assertEquals(b, r.parent(b2));
        assertEquals(Status.ERROR, r.status(a1));
        assertEquals(at(7), r.complete(a1));
        assertEquals(Status.ERROR, r.status(b1));
        assertEquals(at(8), r.complete(b1));
        assertEquals(Status.OK, r.status(a2));
        assertEquals(at(18), r.complete(a2));
        assertEquals(Status.OK, r.status(b2));
        assertEquals(at(15), r.complete(b2));

        List<Integer> errs = ioErrors(t);
        assertEquals(2, errs.size());
        Events e = t.events();
        assertEquals(at(7), e.time(errs.get(0)));
        assertEquals(a, e.request(errs.get(0)));
        assertEquals(2048, e.sector(errs.get(0)));
        assertEquals(b, e.request(errs.get(1)));
        assertTrue(e.text(errs.get(0)).contains("-28"));
    }

    @Test
    void werrorReportCompletesTheErrorToTheGuest() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 2048 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 1048576 bytes 4096 flags 0x0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret -5",
                        "virtio_blk_req_complete vdev 0x1 req 0xa0 status 1",
                        "virtqueue_fill vq 0x10 elem 0xa0 len 1 idx 0");
        // Line 4: -5 (EIO); line 5: status 1 = VIRTIO_BLK_S_IOERR reaches the guest. The virtio
        // request and its host request are errors; one io-error event.
        Requests r = t.requests();
        int v = rowOfLine(t, 1);
        int h = rowOfLine(t, 3);
        assertEquals(Status.ERROR, r.status(v));
        assertEquals(at(5), r.complete(v));
        assertEquals(Status.ERROR, r.status(h));
        assertEquals(at(4), r.complete(h));
        assertEquals(1, ioErrors(t).size());
    }

    @Test
    void aRequestStoppedOnAnErrorAndNeverRetriedIsStillInFlight() throws Exception {
        Trace t =
                load(
                        "virtqueue_pop vq 0x10 elem 0xa0 in_num 1 out_num 2",
                        "virtio_blk_handle_write vdev 0x1 req 0xa0 sector 2048 nsectors 8",
                        "blk_co_pwritev blk 0x1 bs 0x2 offset 1048576 bytes 4096 flags 0x0",
                        "virtio_blk_rw_complete vdev 0x1 req 0xa0 ret -28",
                        "vm_state_notify running 0 reason 4 (io-error)");
        // werror=stop and the log ends while stopped: the guest never got an answer, so the
        // virtio request has no completion (neither OK nor failed); its host attempt failed.
        Requests r = t.requests();
        int v = rowOfLine(t, 1);
        assertTrue(r.has(v, Flags.NO_COMPLETE));
        assertEquals(Status.UNKNOWN, r.status(v));
        assertEquals(Status.ERROR, r.status(rowOfLine(t, 3)));
    }
}
