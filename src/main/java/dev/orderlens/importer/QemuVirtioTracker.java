package dev.orderlens.importer;

import dev.orderlens.model.Errno;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtio layer of a QEMU log: a request per {@code virtqueue_pop elem E}, looked up by pointer
 * in time order (a new pop of a pointer ends the request that had it); {@code
 * virtio_blk_handle_read/write req E} gives op and range, {@code virtio_blk_req_complete} or {@code
 * virtqueue_fill} its end. A request with no handle_* event is classified when it ends
 * (docs/adr/0012): write-zeroes if the block layer showed a zero write for it, FLUSH if it had one
 * out and one in descriptor and a 1-byte reply, OTHER otherwise.
 */
final class QemuVirtioTracker {
    private final TraceBuilder b;
    private final QemuRows rows;
    private final int layer;
    private QemuLinker linker;
    private QemuHostTracker host;

    private final LongMap<QemuReq> byElem = new LongMap<>();
    private final Map<Long, String> vqNames = new HashMap<>();
    private final Map<Long, Integer> vqLanes = new HashMap<>();

    /** The virtio device (vdev pointer) each queue belongs to: its lanes share one flush domain. */
    private final Map<Long, Long> vdevOfVq = new HashMap<>();

    private final Map<Long, String> vdevNames = new HashMap<>();

    /** Rows completed on a virtqueue since its last virtqueue_flush, then since the last notify. */
    private final Map<Long, List<Integer>> filled = new HashMap<>();

    private final Map<Long, List<Integer>> flushed = new HashMap<>();

    /**
     * Events that belong to a request (a merge: its first request; a failed attempt: the request),
     * whose row is known at the end.
     */
    private final Map<Integer, QemuReq> requestEvents = new HashMap<>();

    QemuVirtioTracker(TraceBuilder b, QemuRows rows, int layer) {
        this.b = b;
        this.rows = rows;
        this.layer = layer;
    }

    void connect(QemuLinker linker, QemuHostTracker host) {
        this.linker = linker;
        this.host = host;
    }

    int layer() {
        return layer;
    }

    /** The open requests' slots for a scan without a copy (null entries are empty slots). */
    Object[] openSlots() {
        return byElem.slots();
    }

    void pop(QemuEvent e) {
        long elem = e.arg("elem");
        if (rows.missing(e, elem, "elem")) {
            return;
        }
        QemuReq old = byElem.remove(elem);
        if (old != null) {
            commit(old); // the pointer is reused: the old request is done (or never completed)
        }
        QemuReq r = new QemuReq(true);
        r.vq = e.arg("vq");
        r.submit = e.time();
        r.inNum = (int) e.arg("in_num");
        r.outNum = (int) e.arg("out_num");
        r.line(e.line());
        byElem.put(elem, r);
    }

    /** The open request with the pointer in argument {@code key}, opened if unknown; or null. */
    private QemuReq byPointer(QemuEvent e, String key) {
        long ptr = e.arg(key);
        if (ptr == Fields.BAD) {
            return null;
        }
        QemuReq r = byElem.get(ptr);
        if (r == null) {
            r = new QemuReq(true);
            r.submit = e.time();
            r.flags |= Flags.NO_QUEUE;
            byElem.put(ptr, r);
        }
        r.line(e.line());
        return r;
    }

    void handle(QemuEvent e, Op op) {
        long s = e.arg("sector");
        if (rows.missing(e, e.arg("req"), "req") || rows.missing(e, s, "sector")) {
            return;
        }
        QemuReq r = byElem.get(e.arg("req"));
        if (r != null && r.complete != Time.NONE) {
            // completed to the guest but neither filled nor popped again (events not traced):
            // the pointer is reused by a new request
            byElem.remove(e.arg("req"));
            commit(r);
        }
        r = byPointer(e, "req");
        linker.stopAwaiting(r); // a repeated handle_* line: the last range counts
        if (r.rwComplete != Time.NONE) {
            resubmitted(r);
        }
        r.op = op;
        long vdev = e.arg("vdev");
        if (r.vq != 0 && vdev != Fields.BAD) {
            vdevOfVq.putIfAbsent(r.vq, vdev);
        }
        long n = e.arg("nsectors", "len");
        r.sector = s;
        r.count = n == Fields.BAD ? 0 : (int) n;
        if (r.issue == Time.NONE) {
            r.issue = e.time(); // a retry keeps the first issue
        }
        if (op != Op.OTHER) {
            linker.awaitHost(r);
        }
    }

    void rwComplete(QemuEvent e) {
        QemuReq r = byPointer(e, "req");
        if (r == null) {
            rows.missing(e, Fields.BAD, "req");
            return;
        }
        long ret = e.arg("ret");
        boolean failed = ret != Fields.BAD && ret < 0;
        r.error = failed; // the last completion decides (a failed attempt may be retried)
        r.errno = failed ? (int) Math.max(ret, Integer.MIN_VALUE) : 0;
        r.rwComplete = e.time();
        if (r.hostChild != null && r.hostChild.complete == Time.NONE) {
            r.hostChild.complete = e.time();
            r.hostChild.error |= failed;
            if (failed && r.hostChild.errno == 0) {
                r.hostChild.errno = r.errno;
            }
        }
        if (failed) {
            attemptFailed(r, ret, e);
        }
    }

    /**
     * The block layer failed a request: an IO_ERROR event on it. With werror=report QEMU then
     * completes it to the guest with an error; with werror=stop (or enospc) it keeps the request,
     * stops the VM and, after {@code cont}, submits it again (virtio_blk_handle_rw_error and
     * virtio_blk_dma_restart_bh in QEMU's hw/block/virtio-blk.c), which {@link #resubmitted} sees.
     */
    private void attemptFailed(QemuReq r, long ret, QemuEvent e) {
        int ev =
                rows.events.add(
                        e.time(), EventKind.IO_ERROR, layer, -1, rows.file, r.sector, r.count);
        rows.events.setName(ev, e.name());
        String name = Errno.name((int) Math.max(ret, Integer.MIN_VALUE));
        rows.events.setText(
                ev,
                "the block layer failed this request: ret "
                        + ret
                        + (name == null ? "" : " (" + name + ")"));
        rows.events.setSourceLine(ev, e.line());
        requestEvents.put(ev, r);
    }

    /**
     * A handle_* line for a request the block layer already completed: QEMU resubmits it after the
     * VM was stopped on an error and continued. It stays one request; its earlier host attempt ends
     * here (with its own status) and the retry gets a host request of its own.
     */
    private void resubmitted(QemuReq r) {
        QemuReq attempt = r.hostChild;
        if (attempt != null && attempt.row < 0) {
            host.commit(attempt);
        }
        r.hostChild = null;
        r.rwComplete = Time.NONE;
    }

    void reqComplete(QemuEvent e) {
        QemuReq r = byPointer(e, "req");
        if (r == null) {
            rows.missing(e, Fields.BAD, "req");
            return;
        }
        long status = e.arg("status");
        r.error = status != Fields.BAD && status != 0; // what the guest sees, last one wins
        if (!r.error) {
            r.errno = 0;
        } else if (r.errno == 0) {
            r.errno = -5; // virtio-blk's VIRTIO_BLK_S_IOERR: the guest's driver makes it EIO
        }
        r.complete = e.time();
    }

    void fill(QemuEvent e) {
        long elem = e.arg("elem");
        QemuReq r = byElem.remove(elem);
        if (r == null) {
            rows.other(e, layer);
            return;
        }
        r.line(e.line());
        long len = e.arg("len");
        r.fillLen = len == Fields.BAD ? -1 : (int) len;
        if (r.complete == Time.NONE) {
            r.complete = e.time(); // virtio_blk_req_complete not traced
        }
        long vq = e.arg("vq");
        commit(r);
        filled.computeIfAbsent(vq, k -> new ArrayList<>()).add(r.row);
    }

    /** virtqueue_flush: the line belongs to the requests filled since the last one. */
    void queueFlush(QemuEvent e) {
        batch(filled, flushed, e.arg("vq"), e.line());
    }

    /** virtio_notify*: the line belongs to the requests flushed since the last notify. */
    void notify(QemuEvent e) {
        if (!batch(flushed, null, e.arg("vq"), e.line())) {
            rows.other(e, layer);
        }
    }

    private boolean batch(
            Map<Long, List<Integer>> from, Map<Long, List<Integer>> to, long vq, int line) {
        List<Integer> done = from.remove(vq);
        if (done == null || done.isEmpty()) {
            // an empty virtqueue_flush is harmless; an unattributed notify is kept
            return to != null;
        }
        for (int row : done) {
            rows.table.addSourceLine(row, line);
        }
        if (to != null) {
            to.put(vq, done);
        }
        return true;
    }

    /** virtio_queue_notify: names the queue ("vq N") and ties it to its device. */
    void queueNotify(QemuEvent e) {
        long vq = e.arg("vq");
        long n = e.arg("n");
        if (vq != Fields.BAD && n != Fields.BAD) {
            vqNames.putIfAbsent(vq, "vq" + n);
        }
        long vdev = e.arg("vdev");
        if (vq != Fields.BAD && vdev != Fields.BAD) {
            vdevOfVq.putIfAbsent(vq, vdev);
        }
        rows.other(e, layer);
    }

    void multireq(QemuEvent e) {
        long offset = e.arg("offset");
        long size = e.arg("size");
        long n = e.arg("num_reqs");
        int ev =
                rows.events.add(
                        e.time(),
                        EventKind.MERGE,
                        layer,
                        -1,
                        rows.file,
                        offset / 512,
                        (int) (size / 512));
        rows.events.setName(ev, "virtio_blk_submit_multireq");
        rows.events.setText(ev, n + " requests merged into one of " + size + " bytes");
        rows.events.setSourceLine(ev, e.line());
        QemuReq first = linker.firstAwaiting(offset / 512);
        if (first != null) {
            requestEvents.put(ev, first);
        }
    }

    /**
     * "virtio-blk" (or "virtio-blk1", ... for further devices) for the device a queue belongs to;
     * the lane is "device/queue", so all queues of one device form one flush domain.
     */
    private String deviceName(long vq) {
        Long vdev = vdevOfVq.get(vq);
        if (vdev == null) {
            return "virtio-blk";
        }
        return vdevNames.computeIfAbsent(
                vdev, k -> vdevNames.isEmpty() ? "virtio-blk" : "virtio-blk" + vdevNames.size());
    }

    /**
     * Ends a virtio request: classifies it if no handle_* named it, writes it and its host child.
     */
    void commit(QemuReq r) {
        if (r.row >= 0) {
            return;
        }
        if (r.op == null) {
            r.op =
                    r.zeroWrite
                            ? Op.WRITE_ZEROES
                            : r.inNum == 1 && r.outNum == 1 && r.fillLen <= 1 ? Op.FLUSH : Op.OTHER;
            if (r.hostChild != null && r.issue == Time.NONE) {
                r.issue = r.hostChild.submit;
            }
            if (r.zeroWrite && r.count == 0) {
                r.sector = r.hostChild.sector; // the range is only visible on the block layer
                r.count = r.hostChild.count;
            }
        } else {
            linker.stopAwaiting(r);
        }
        Integer lane = vqLanes.get(r.vq);
        if (lane == null) {
            String vqName =
                    r.vq == 0
                            ? "vq?"
                            : vqNames.computeIfAbsent(r.vq, k -> "vq " + Long.toHexString(k));
            lane = b.lane(layer, rows.file, deviceName(r.vq) + "/" + vqName);
            vqLanes.put(r.vq, lane);
        }
        r.lane = lane;
        rows.commit(r);
        QemuReq h = r.hostChild;
        if (h != null && h.row < 0) {
            if (h.complete == Time.NONE) {
                h.complete =
                        h.op == Op.FLUSH || r.rwComplete == Time.NONE ? r.complete : r.rwComplete;
            }
            host.commit(h);
        }
    }

    void finish() {
        for (QemuReq v : byElem.values()) {
            commit(v);
        }
    }

    /** After every request has its row: events point at their request. */
    void finishEvents() {
        requestEvents.forEach((ev, r) -> rows.events.setRequest(ev, r.row));
    }
}
