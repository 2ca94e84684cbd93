package dev.orderlens.importer;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host layer of a QEMU log (QEMU's block layer and its backends): a request per {@code
 * blk_co_preadv/pwritev/pwrite_zeroes} (or, when those are not traced, per first {@code
 * bdrv_co_*}/backend submission). Lower-node ({@code bdrv_co_*}) and backend ({@code luring_*},
 * {@code paio}, {@code thread_pool_*}, {@code qcow2_*}) lines join a request by range, then by the
 * backend's pointer; the backend submission is its issue. Which virtio request a host request
 * serves is the {@link QemuLinker}'s decision.
 */
final class QemuHostTracker {
    private static final int QEMU_AIO_FLUSH = 0x8;
    private static final int QEMU_AIO_READ = 0x1;
    private static final int QEMU_AIO_WRITE_ZEROES = 0x20;
    private static final int QEMU_AIO_DISCARD = 0x10;
    private static final int BDRV_REQ_ZERO_WRITE = 0x2;
    private static final int BDRV_REQ_FUA = 0x10;
    static final int MAX_HOST_PENDING = 4096;

    private final TraceBuilder b;
    private final QemuRows rows;
    private final int layer;
    private QemuLinker linker;

    private final Map<Long, Integer> blkLanes = new HashMap<>();
    private int lastLane = -1;

    /** Host requests not written yet, oldest first. */
    private final List<QemuReq> pending = new ArrayList<>();

    /** Host requests opened by blk_co_* whose backend submission has not been seen. */
    private final ArrayDeque<QemuReq> awaitingBackend = new ArrayDeque<>();

    private final LongMap<QemuReq> byBackend = new LongMap<>();
    private final LongMap<QemuReq> byCo = new LongMap<>();

    /** The host request that most recently started backend work and is not finished. */
    private QemuReq active;

    private boolean sawBlkEvents;

    /** Between vm_state_notify running 0 and running 1: the guest submits nothing. */
    private boolean vmStopped;

    QemuHostTracker(TraceBuilder b, QemuRows rows, int layer) {
        this.b = b;
        this.rows = rows;
        this.layer = layer;
    }

    void connect(QemuLinker linker) {
        this.linker = linker;
    }

    int layer() {
        return layer;
    }

    private int lane(long blk) {
        if (blk == Fields.BAD) {
            if (lastLane < 0) {
                lastLane = b.lane(layer, rows.file, "blk0");
            }
            return lastLane;
        }
        Integer lane = blkLanes.get(blk);
        if (lane == null) {
            lane = b.lane(layer, rows.file, "blk" + blkLanes.size());
            blkLanes.put(blk, lane);
        }
        lastLane = lane;
        return lane;
    }

    /** blk_co_*: the BlockBackend entry opens a host request. */
    void blk(QemuEvent e) {
        long offset = e.arg("offset");
        long bytes = e.arg("bytes", "count");
        if (rows.missing(e, offset, "offset") || rows.missing(e, bytes, "bytes")) {
            return;
        }
        sawBlkEvents = true;
        long fl = e.arg("flags");
        QemuReq h = open(e.name().contains("read") ? Op.READ : Op.WRITE, offset, bytes, fl, e);
        h.lane = lane(e.arg("blk"));
        linker.linkHostRequest(h);
        awaitingBackend.add(h);
    }

    private QemuReq open(Op op, long offset, long bytes, long fl, QemuEvent e) {
        if (pending.size() > MAX_HOST_PENDING) {
            // never completed in the trace: keep it, flagged, and move on
            commit(pending.get(0));
        }
        QemuReq h = new QemuReq(false);
        h.op = op;
        h.sector = offset == Fields.BAD ? 0 : offset / 512;
        h.count = bytes == Fields.BAD ? 0 : (int) (bytes / 512);
        h.submit = e.time();
        applyFlags(h, fl);
        h.line(e.line());
        pending.add(h);
        return h;
    }

    private static void applyFlags(QemuReq h, long fl) {
        if (fl == Fields.BAD) {
            return;
        }
        if ((fl & BDRV_REQ_FUA) != 0) {
            h.flags |= Flags.FUA;
        }
        if ((fl & BDRV_REQ_ZERO_WRITE) != 0 && h.op == Op.WRITE) {
            h.op = Op.WRITE_ZEROES;
        }
    }

    /** bdrv_co_*: a lower node's view of a host request. */
    void bdrv(QemuEvent e) {
        long offset = e.arg("offset");
        long bytes = e.arg("bytes", "nbytes");
        if (bytes == Fields.BAD) {
            bytes = e.arg("count");
        }
        long fl = e.arg("flags");
        QemuReq h = byRange(offset, bytes);
        if (h != null) {
            // the same range on a lower node: FUA added in writethrough mode shows here
            applyFlags(h, fl);
            h.line(e.line());
            return;
        }
        if (!awaitingBackend.isEmpty()) {
            // a child node at another offset (qcow2 data or metadata)
            h = awaitingBackend.peekLast();
        } else if (sawBlkEvents) {
            h = activeUnwritten();
        }
        if (h == null && !sawBlkEvents) {
            h = open(e.name().contains("read") ? Op.READ : Op.WRITE, offset, bytes, fl, e);
            h.lane = lane(Fields.BAD);
            awaitingBackend.add(h);
            return;
        }
        if (h == null) {
            rows.other(e, layer);
            return;
        }
        h.line(e.line());
    }

    /** The newest unwritten data request with this offset (and size, if known), or null. */
    private QemuReq byRange(long offset, long bytes) {
        if (offset == Fields.BAD) {
            return null;
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
            QemuReq h = pending.get(i);
            if (h.sector == offset / 512
                    && (bytes == Fields.BAD || h.count == bytes / 512)
                    && h.op != Op.FLUSH) {
                return h;
            }
        }
        return null;
    }

    /** luring_co_submit / paio_submit*: a backend submission (a flush when its type says so). */
    void backendSubmit(QemuEvent e) {
        long type = e.arg("type");
        long cb = e.arg("luringcb", "acb");
        if (cb == Fields.BAD) {
            cb = e.arg("req");
        }
        long offset = e.arg("offset");
        long bytes = e.arg("nbytes", "count");
        if (type != Fields.BAD && (type & QEMU_AIO_FLUSH) != 0) {
            flush(e, cb);
            return;
        }
        QemuReq h = byRange(offset, bytes);
        if (h == null && !awaitingBackend.isEmpty()) {
            h = awaitingBackend.peekLast();
        }
        if (h == null && sawBlkEvents && activeUnwritten() != null && active.op != Op.FLUSH) {
            h = active; // a lower node at another offset (qcow2 data, metadata)
        }
        if (h == null) {
            if (sawBlkEvents) {
                rows.other(e, layer);
                return;
            }
            Op op =
                    type == Fields.BAD
                            ? Op.OTHER
                            : (type & QEMU_AIO_READ) != 0
                                    ? Op.READ
                                    : (type & (QEMU_AIO_WRITE_ZEROES | QEMU_AIO_DISCARD)) != 0
                                            ? Op.WRITE_ZEROES
                                            : Op.WRITE;
            h = open(op, offset, bytes, Fields.BAD, e);
            h.lane = lane(Fields.BAD);
        } else {
            h.line(e.line());
        }
        startBackend(h, cb, e.time());
    }

    private void startBackend(QemuReq h, long cb, long t) {
        awaitingBackend.remove(h);
        active = h;
        if (h.issue == Time.NONE) {
            h.issue = t;
        }
        if (cb != Fields.BAD) {
            byBackend.put(cb, h);
        }
    }

    /** A host flush, linked by the linker's flush rules. */
    private void flush(QemuEvent e, long cb) {
        QemuReq h = open(Op.FLUSH, 0, 0, Fields.BAD, e);
        h.lane = lane(Fields.BAD);
        linker.linkHostFlush(h);
        startBackend(h, cb, e.time());
    }

    /**
     * Extra backend work (qcow2 metadata, ...) of the request that is active, when nothing else
     * claims it.
     */
    private QemuReq activeUnwritten() {
        return active != null && active.row < 0 ? active : null;
    }

    /**
     * thread_pool_submit: the backend job of the oldest request waiting for one; else a flush when
     * the linker expects one; else more work of the active request.
     */
    void threadPoolSubmit(QemuEvent e) {
        long req = e.arg("req");
        QemuReq h = awaitingBackend.peekFirst();
        if (h != null) {
            h.line(e.line());
            startBackend(h, req, e.time());
            return;
        }
        if (linker.hostFlushExpected() || vmStopped) {
            // while the VM is stopped QEMU flushes every drive (vm_stop → bdrv_flush_all in
            // softmmu/cpus.c): a host flush no guest request asked for
            flush(e, req);
            return;
        }
        h = activeUnwritten();
        if (h != null) {
            h.line(e.line());
            byBackend.put(req, h);
            return;
        }
        rows.other(e, layer);
    }

    /** vm_state_notify: the VM stops ({@code running 0}) or runs again ({@code running 1}). */
    void vmState(QemuEvent e) {
        long running = e.arg("running");
        if (running != Fields.BAD) {
            vmStopped = running == 0;
        }
        rows.other(e, layer);
    }

    /** luring/thread-pool completion of the backend job {@code cb}. */
    void backendComplete(QemuEvent e, long cb) {
        QemuReq h = cb == Fields.BAD ? null : byBackend.remove(cb);
        if (h == null) {
            rows.other(e, layer);
            return;
        }
        if (h.row >= 0) {
            rows.table.addSourceLine(h.row, e.line()); // a late extra job of a written request
            return;
        }
        h.line(e.line());
        long ret = e.arg("ret");
        if (ret != Fields.BAD && ret < 0) {
            h.error = true;
            h.errno = (int) Math.max(ret, Integer.MIN_VALUE);
        }
        h.backendDone = true;
        linker.backendDataDone(h);
        if (h.parent == null || h.op == Op.FLUSH && h.parent.hostChild != h) {
            if (h.complete == Time.NONE) {
                h.complete = e.time();
            }
            commit(h); // no virtio request reports its completion
        }
    }

    /** qcow2_* with a coroutine: joins the request of that coroutine (or range). */
    boolean qcow2(QemuEvent e) {
        long co = e.arg("co");
        if (co == Fields.BAD) {
            return false;
        }
        QemuReq h = byCo.get(co);
        if (h == null) {
            h = byRange(e.arg("offset"), e.arg("bytes"));
            if (h == null) {
                return false;
            }
            h.co = co;
            byCo.put(co, h);
        }
        h.line(e.line());
        return true;
    }

    void commit(QemuReq h) {
        if (h.row >= 0) {
            return;
        }
        pending.remove(h);
        awaitingBackend.remove(h);
        if (h.co != 0) {
            byCo.remove(h.co);
        }
        rows.commit(h);
    }

    void finish() {
        for (QemuReq h : new ArrayList<>(pending)) {
            commit(h);
        }
    }
}
