package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds requests from QEMU block trace events (docs/formats.md §2, docs/adr/0012).
 *
 * <p>Virtio layer: a request per {@code virtqueue_pop elem E}, keyed by the pointer in time order
 * (pointers are reused); {@code virtio_blk_handle_read/write req E} gives op and range, and {@code
 * virtio_blk_req_complete} its status. A request with no handle_* event is classified by
 * elimination: one out and one in descriptor and a 1-byte reply is a FLUSH, anything else OTHER
 * (WRITE_ZEROES when the block layer shows a zero write for it).
 *
 * <p>Host layer: a request per {@code blk_co_preadv/pwritev} (or, when those are not traced, per
 * first {@code bdrv_co_*}/backend submission), linked to the virtio request at the same sector;
 * {@code bdrv_co_*}, {@code luring_*}, {@code thread_pool_*} and {@code qcow2_*} lines attach to it
 * (issue = backend submission); a backend flush ({@code type 8}, or a thread-pool job while a
 * virtio flush waits) is a host FLUSH linked to that flush. Everything else is kept as an OTHER
 * event with its name.
 */
final class QemuRequests {
    private static final int QEMU_AIO_FLUSH = 0x8;
    private static final int QEMU_AIO_READ = 0x1;
    private static final int QEMU_AIO_WRITE_ZEROES = 0x20;
    private static final int QEMU_AIO_DISCARD = 0x10;
    private static final int BDRV_REQ_ZERO_WRITE = 0x2;
    private static final int BDRV_REQ_FUA = 0x10;
    private static final int MAX_HOST_PENDING = 4096;

    private final TraceBuilder b;
    private final RequestTable table;
    private final EventTable events;
    private final SourceFile source;
    private final int file;
    private final int virtioLayer;
    private final int hostLayer;
    private Fields f;
    private int argsStart;
    private final QemuArgs args = new QemuArgs();

    private final LongMap<QemuReq> virtioByElem = new LongMap<>();

    /** Virtio reads/writes waiting for their host request, by sector. */
    private final LongMap<QemuReq> virtioBySector = new LongMap<>();

    private final Map<Long, String> vqNames = new HashMap<>();
    private final Map<Long, Integer> vqLanes = new HashMap<>();

    /** The virtio device (vdev pointer) each queue belongs to: its lanes share one flush domain. */
    private final Map<Long, Long> vdevOfVq = new HashMap<>();

    private final Map<Long, String> vdevNames = new HashMap<>();
    private final Map<Long, Integer> blkLanes = new HashMap<>();
    private int lastHostLane = -1;

    /** Rows completed on a virtqueue since its last virtqueue_flush, then since the last notify. */
    private final Map<Long, List<Integer>> filled = new HashMap<>();

    private final Map<Long, List<Integer>> flushed = new HashMap<>();

    private final List<QemuReq> hostPending = new ArrayList<>();
    private final ArrayDeque<QemuReq> awaitingBackend = new ArrayDeque<>();
    private final LongMap<QemuReq> hostByBackend = new LongMap<>();
    private final LongMap<QemuReq> hostByCo = new LongMap<>();

    /**
     * Host FUA writes whose data is written: QEMU emulates the FUA with a flush next
     * (writethrough).
     */
    private final ArrayDeque<QemuReq> fuaWritesDone = new ArrayDeque<>();

    /** The host request that most recently started backend work and is not finished. */
    private QemuReq active;

    private boolean sawBlkEvents;
    private final List<QemuReq> linked = new ArrayList<>();
    private final Map<Integer, QemuReq> mergeEvents = new HashMap<>();

    QemuRequests(TraceBuilder b, SourceFile source, int file) {
        this.b = b;
        this.table = b.requests();
        this.events = b.events();
        this.source = source;
        this.file = file;
        this.virtioLayer = b.layer(Layer.VIRTIO);
        this.hostLayer = b.layer(Layer.HOST);
    }

    // ---- events ----

    void message(long t, String text, int line) {
        int e = events.add(t, EventKind.MESSAGE, -1, -1, file, -1, 0);
        events.setText(e, text);
        events.setSourceLine(e, line);
    }

    /** One event line: {@code argsAt} is where its arguments start in {@code fields}. */
    void event(String name, int argsAt, Fields fields, long t, int line) {
        this.f = fields;
        this.argsStart = argsAt;
        this.args.split(fields, argsAt);
        switch (name) {
            case "virtqueue_pop" -> pop(t, line);
            case "virtio_blk_handle_write", "virtio_blk_handle_zone_append" ->
                    handle(name, Op.WRITE, t, line);
            case "virtio_blk_handle_read" -> handle(name, Op.READ, t, line);
            case "virtio_blk_handle_zone_mgmt",
                    "virtio_blk_handle_zone_report",
                    "virtio_blk_handle_zone_reset_all" ->
                    handle(name, Op.OTHER, t, line);
            case "virtio_blk_rw_complete",
                    "virtio_blk_zone_report_complete",
                    "virtio_blk_zone_mgmt_complete",
                    "virtio_blk_zone_append_complete" ->
                    rwComplete(t, line);
            case "virtio_blk_req_complete" -> reqComplete(t, line);
            case "virtqueue_fill" -> fill(t, line);
            case "virtqueue_flush" -> batch(filled, flushed, args.get("vq"), line);
            case "virtio_notify", "virtio_notify_irqfd", "virtio_notify_irqfd_deferred_fn" -> {
                if (!batch(flushed, null, args.get("vq"), line)) {
                    other(name, t, line);
                }
            }
            case "virtio_queue_notify" -> {
                long vq = args.get("vq");
                long n = args.get("n");
                if (vq != Fields.BAD && n != Fields.BAD) {
                    vqNames.putIfAbsent(vq, "vq" + n);
                }
                long vdev = args.get("vdev");
                if (vq != Fields.BAD && vdev != Fields.BAD) {
                    vdevOfVq.putIfAbsent(vq, vdev);
                }
                other(name, t, line);
            }
            case "virtio_blk_submit_multireq" -> multireq(t, line);
            case "blk_co_pwritev", "blk_co_preadv", "blk_co_pwrite_zeroes" -> blk(name, t, line);
            case "bdrv_co_pwritev",
                    "bdrv_co_preadv",
                    "bdrv_co_pwritev_part",
                    "bdrv_co_preadv_part",
                    "bdrv_co_pwrite_zeroes" ->
                    bdrv(name, t, line);
            case "luring_co_submit",
                    "file_paio_submit",
                    "paio_submit",
                    "file_paio_submit_co",
                    "paio_submit_co" ->
                    backendSubmit(name, t, line);
            case "luring_process_completion", "luring_cqe_handler" ->
                    backendComplete(name, args.get("luringcb", "req"), t, line);
            case "thread_pool_submit", "thread_pool_submit_aio" -> threadPoolSubmit(name, t, line);
            case "thread_pool_complete", "thread_pool_complete_aio" ->
                    backendComplete(name, args.get("req"), t, line);
            default -> {
                if (name.startsWith("qcow2_") && qcow2(t, line)) {
                    return;
                }
                other(name, t, line);
            }
        }
    }

    private void other(String name, long t, int line) {
        int e =
                events.add(
                        t,
                        EventKind.OTHER,
                        name.startsWith("virt") ? virtioLayer : hostLayer,
                        -1,
                        file,
                        -1,
                        0);
        events.setName(e, name);
        if (argsStart < f.end) {
            events.setText(e, f.text(argsStart, f.end));
        }
        events.setSourceLine(e, line);
    }

    /** A required argument is missing: the line is skipped and reported. */
    private boolean missing(String name, long value, String key, int line) {
        if (value != Fields.BAD) {
            return false;
        }
        source.skip(
                line,
                name
                        + ": expected '"
                        + key
                        + " VALUE' in the arguments, found: '"
                        + f.text(argsStart, f.end)
                        + "'");
        return true;
    }

    private void pop(long t, int line) {
        long elem = args.get("elem");
        if (missing("virtqueue_pop", elem, "elem", line)) {
            return;
        }
        QemuReq old = virtioByElem.remove(elem);
        if (old != null) {
            commitVirtio(
                    old); // the pointer is reused: the old request is done (or never completed)
        }
        QemuReq r = new QemuReq(true);
        r.vq = args.get("vq");
        r.submit = t;
        r.inNum = (int) args.get("in_num");
        r.outNum = (int) args.get("out_num");
        r.line(line);
        virtioByElem.put(elem, r);
    }

    private QemuReq virtio(String key, long t, int line) {
        long ptr = args.get(key);
        if (ptr == Fields.BAD) {
            return null;
        }
        QemuReq r = virtioByElem.get(ptr);
        if (r == null) {
            r = new QemuReq(true);
            r.submit = t;
            r.flags |= Flags.NO_QUEUE;
            virtioByElem.put(ptr, r);
        }
        r.line(line);
        return r;
    }

    private void handle(String name, Op op, long t, int line) {
        long s = args.get("sector");
        if (missing(name, args.get("req"), "req", line) || missing(name, s, "sector", line)) {
            return;
        }
        QemuReq r = virtio("req", t, line);
        r.op = op;
        long vdev = args.get("vdev");
        if (r.vq != 0 && vdev != Fields.BAD) {
            vdevOfVq.putIfAbsent(r.vq, vdev);
        }
        long n = args.get("nsectors", "len");
        r.sector = s == Fields.BAD ? 0 : s;
        r.count = n == Fields.BAD ? 0 : (int) n;
        r.issue = t;
        if (op != Op.OTHER) {
            QemuReq q = virtioBySector.get(r.sector);
            if (q == null) {
                virtioBySector.put(r.sector, r);
            } else {
                while (q.nextSameSector != null) {
                    q = q.nextSameSector;
                }
                q.nextSameSector = r;
            }
        }
    }

    private void rwComplete(long t, int line) {
        QemuReq r = virtio("req", t, line);
        if (r == null) {
            missing("virtio_blk_rw_complete", Fields.BAD, "req", line);
            return;
        }
        long ret = args.get("ret");
        r.error |= ret != Fields.BAD && ret < 0;
        r.rwComplete = t;
        if (r.hostChild != null && r.hostChild.complete == Time.NONE) {
            r.hostChild.complete = t;
        }
    }

    private void reqComplete(long t, int line) {
        QemuReq r = virtio("req", t, line);
        if (r == null) {
            missing("virtio_blk_req_complete", Fields.BAD, "req", line);
            return;
        }
        long status = args.get("status");
        r.error |= status != Fields.BAD && status != 0;
        r.complete = t;
    }

    private void fill(long t, int line) {
        long elem = args.get("elem");
        QemuReq r = virtioByElem.remove(elem);
        if (r == null) {
            other("virtqueue_fill", t, line);
            return;
        }
        r.line(line);
        long len = args.get("len");
        r.fillLen = len == Fields.BAD ? -1 : (int) len;
        if (r.complete == Time.NONE) {
            r.complete = t; // virtio_blk_req_complete not traced
        }
        long vq = args.get("vq");
        commitVirtio(r);
        filled.computeIfAbsent(vq, k -> new ArrayList<>()).add(r.row);
    }

    /**
     * virtqueue_flush / virtio_notify: the line belongs to the requests completed since the last
     * one.
     */
    private boolean batch(
            Map<Long, List<Integer>> from, Map<Long, List<Integer>> to, long vq, int line) {
        List<Integer> rows = from.remove(vq);
        if (rows == null || rows.isEmpty()) {
            return to
                    != null; // an empty virtqueue_flush is harmless; an unattributed notify is kept
        }
        for (int row : rows) {
            table.addSourceLine(row, line);
        }
        if (to != null) {
            to.put(vq, rows);
        }
        return true;
    }

    private void multireq(long t, int line) {
        long offset = args.get("offset");
        long size = args.get("size");
        long n = args.get("num_reqs");
        int e =
                events.add(
                        t,
                        EventKind.MERGE,
                        virtioLayer,
                        -1,
                        file,
                        offset / 512,
                        (int) (size / 512));
        events.setName(e, "virtio_blk_submit_multireq");
        events.setText(e, n + " requests merged into one of " + size + " bytes");
        events.setSourceLine(e, line);
        QemuReq first = virtioBySector.get(offset / 512);
        if (first != null) {
            mergeEvents.put(e, first);
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

    private int hostLane(long blk) {
        if (blk == Fields.BAD) {
            if (lastHostLane < 0) {
                lastHostLane = b.lane(hostLayer, file, "blk0");
            }
            return lastHostLane;
        }
        Integer lane = blkLanes.get(blk);
        if (lane == null) {
            lane = b.lane(hostLayer, file, "blk" + blkLanes.size());
            blkLanes.put(blk, lane);
        }
        lastHostLane = lane;
        return lane;
    }

    private void blk(String name, long t, int line) {
        long offset = args.get("offset");
        long bytes = args.get("bytes", "count");
        if (missing(name, offset, "offset", line) || missing(name, bytes, "bytes", line)) {
            return;
        }
        sawBlkEvents = true;
        long fl = args.get("flags");
        QemuReq h = newHost(name.contains("read") ? Op.READ : Op.WRITE, offset, bytes, fl, t, line);
        h.lane = hostLane(args.get("blk"));
        QemuReq v0 = virtioBySector.get(h.sector);
        if (v0 != null) {
            unlinkSector(v0);
            link(h, v0);
        } else if (h.op == Op.WRITE_ZEROES) {
            QemuReq v = typelessWithData();
            if (v != null) {
                link(h, v); // a discard or write-zeroes request has no handle_* event
            }
        }
        awaitingBackend.add(h);
    }

    private QemuReq newHost(Op op, long offset, long bytes, long fl, long t, int line) {
        if (hostPending.size() > MAX_HOST_PENDING) {
            commitHost(
                    hostPending.get(
                            0)); // never completed in the trace: keep it, flagged, and move on
        }
        QemuReq h = new QemuReq(false);
        h.op = op;
        h.sector = offset == Fields.BAD ? 0 : offset / 512;
        h.count = bytes == Fields.BAD ? 0 : (int) (bytes / 512);
        h.submit = t;
        applyFlags(h, fl);
        h.line(line);
        hostPending.add(h);
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

    private void link(QemuReq host, QemuReq v) {
        host.parent = v;
        v.hostChild = host;
        if (host.op == Op.WRITE_ZEROES && v.op == null) {
            v.zeroWrite = true;
        }
    }

    private void bdrv(String name, long t, int line) {
        long offset = args.get("offset");
        long bytes = args.get("bytes", "nbytes");
        if (bytes == Fields.BAD) {
            bytes = args.get("count");
        }
        long fl = args.get("flags");
        QemuReq h = findHost(offset, bytes);
        if (h != null) {
            applyFlags(
                    h, fl); // the same range on a lower node: FUA added in writethrough mode shows
            // here
            h.line(line);
            return;
        }
        if (!awaitingBackend.isEmpty()) {
            h =
                    awaitingBackend
                            .peekLast(); // a child node at another offset (qcow2 data or metadata)
        } else if (sawBlkEvents) {
            h = activeHost();
        }
        if (h == null && !sawBlkEvents) {
            h = newHost(name.contains("read") ? Op.READ : Op.WRITE, offset, bytes, fl, t, line);
            h.lane = hostLane(Fields.BAD);
            awaitingBackend.add(h);
            return;
        }
        if (h == null) {
            other(name, t, line);
            return;
        }
        h.line(line);
    }

    private QemuReq findHost(long offset, long bytes) {
        if (offset == Fields.BAD) {
            return null;
        }
        for (int i = hostPending.size() - 1; i >= 0; i--) {
            QemuReq h = hostPending.get(i);
            if (h.sector == offset / 512
                    && (bytes == Fields.BAD || h.count == bytes / 512)
                    && h.op != Op.FLUSH) {
                return h;
            }
        }
        return null;
    }

    private void backendSubmit(String name, long t, int line) {
        long type = args.get("type");
        long cb = args.get("luringcb", "acb");
        if (cb == Fields.BAD) {
            cb = args.get("req");
        }
        long offset = args.get("offset");
        long bytes = args.get("nbytes", "count");
        if (type != Fields.BAD && (type & QEMU_AIO_FLUSH) != 0) {
            hostFlush(t, line, cb);
            return;
        }
        QemuReq h = findHost(offset, bytes);
        if (h == null && !awaitingBackend.isEmpty()) {
            h = awaitingBackend.peekLast();
        }
        if (h == null && sawBlkEvents && activeHost() != null && active.op != Op.FLUSH) {
            h = active; // a lower node at another offset (qcow2 data, metadata)
        }
        if (h == null) {
            if (sawBlkEvents) {
                other(name, t, line);
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
            h = newHost(op, offset, bytes, Fields.BAD, t, line);
            h.lane = hostLane(Fields.BAD);
        } else {
            h.line(line);
        }
        startBackend(h, cb, t);
    }

    private void startBackend(QemuReq h, long cb, long t) {
        awaitingBackend.remove(h);
        active = h;
        if (h.issue == Time.NONE) {
            h.issue = t;
        }
        if (cb != Fields.BAD) {
            hostByBackend.put(cb, h);
        }
    }

    /**
     * A host flush: linked to the oldest virtio flush without one, else to the write it completes
     * (writethrough).
     */
    private void hostFlush(long t, int line, long cb) {
        QemuReq h = newHost(Op.FLUSH, 0, 0, Fields.BAD, t, line);
        h.lane = hostLane(Fields.BAD);
        QemuReq v = flushCandidate();
        if (v == null) {
            v = writeThroughParent();
            if (v != null) {
                fuaWritesDone.poll();
            }
        }
        if (v != null) {
            h.parent = v;
            if (v.hostChild == null) {
                v.hostChild = h;
            }
        }
        startBackend(h, cb, t);
    }

    /** The virtio write whose FUA host write finished first: a flush now is QEMU emulating FUA. */
    private QemuReq writeThroughParent() {
        QemuReq w;
        while ((w = fuaWritesDone.peek()) != null && w.parent.row >= 0) {
            fuaWritesDone.poll();
        }
        return w == null ? null : w.parent;
    }

    /**
     * Extra backend work (qcow2 metadata, ...) of the request that is active, when nothing else
     * claims it.
     */
    private QemuReq activeHost() {
        return active != null && active.row < 0 ? active : null;
    }

    private QemuReq typelessWithData() {
        QemuReq best = null;
        for (Object o : virtioByElem.slots()) {
            QemuReq v = (QemuReq) o;
            if (v != null
                    && v.op == null
                    && v.hostChild == null
                    && v.outNum >= 2
                    && (best == null || v.submit < best.submit)) {
                best = v;
            }
        }
        return best;
    }

    private QemuReq flushCandidate() {
        QemuReq best = null;
        for (Object o : virtioByElem.slots()) {
            QemuReq v = (QemuReq) o;
            if (v != null
                    && v.op == null
                    && v.hostChild == null
                    && v.inNum == 1
                    && v.outNum == 1
                    && (best == null || v.submit < best.submit)) {
                best = v;
            }
        }
        return best;
    }

    private void threadPoolSubmit(String name, long t, int line) {
        long req = args.get("req");
        QemuReq h = awaitingBackend.peekFirst();
        if (h != null) {
            h.line(line);
            startBackend(h, req, t);
            return;
        }
        if (flushCandidate() != null || writeThroughParent() != null) {
            hostFlush(t, line, req);
            return;
        }
        h = activeHost();
        if (h != null) {
            h.line(line);
            hostByBackend.put(req, h);
            return;
        }
        other(name, t, line);
    }

    private void backendComplete(String name, long cb, long t, int line) {
        QemuReq h = cb == Fields.BAD ? null : hostByBackend.remove(cb);
        if (h == null) {
            other(name, t, line);
            return;
        }
        if (h.row >= 0) {
            table.addSourceLine(h.row, line); // a late extra job (metadata) of a committed request
            return;
        }
        h.line(line);
        long ret = args.get("ret");
        h.error |= ret != Fields.BAD && ret < 0;
        h.backendDone = true;
        if (h.op == Op.WRITE && (h.flags & Flags.FUA) != 0 && h.parent != null) {
            fuaWritesDone.add(h);
        }
        if (h.parent == null || h.op == Op.FLUSH && h.parent.hostChild != h) {
            if (h.complete == Time.NONE) {
                h.complete = t;
            }
            commitHost(h); // no virtio request reports its completion
        }
    }

    private boolean qcow2(long t, int line) {
        long co = args.get("co");
        if (co == Fields.BAD) {
            return false;
        }
        QemuReq h = hostByCo.get(co);
        if (h == null) {
            long offset = args.get("offset");
            long bytes = args.get("bytes");
            h = findHost(offset, bytes);
            if (h == null) {
                return false;
            }
            h.co = co;
            hostByCo.put(co, h);
        }
        h.line(line);
        return true;
    }

    // ---- committing ----

    private void commitVirtio(QemuReq r) {
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
        } else if (r.op != Op.OTHER) {
            unlinkSector(r);
        }
        Integer lane = vqLanes.get(r.vq);
        if (lane == null) {
            String vqName =
                    r.vq == 0
                            ? "vq?"
                            : vqNames.computeIfAbsent(r.vq, k -> "vq " + Long.toHexString(k));
            lane = b.lane(virtioLayer, file, deviceName(r.vq) + "/" + vqName);
            vqLanes.put(r.vq, lane);
        }
        r.lane = lane;
        commit(r);
        QemuReq h = r.hostChild;
        if (h != null && h.row < 0) {
            if (h.complete == Time.NONE) {
                h.complete =
                        h.op == Op.FLUSH || r.rwComplete == Time.NONE ? r.complete : r.rwComplete;
            }
            commitHost(h);
        }
    }

    /**
     * Takes a virtio request out of the by-sector wait list (it got its host request, or ended).
     */
    private void unlinkSector(QemuReq r) {
        QemuReq head = virtioBySector.get(r.sector);
        if (head == r) {
            virtioBySector.put(r.sector, r.nextSameSector);
        } else {
            while (head != null && head.nextSameSector != r) {
                head = head.nextSameSector;
            }
            if (head != null) {
                head.nextSameSector = r.nextSameSector;
            }
        }
        r.nextSameSector = null;
    }

    private void commitHost(QemuReq h) {
        if (h.row >= 0) {
            return;
        }
        hostPending.remove(h);
        awaitingBackend.remove(h);
        if (h.co != 0) {
            hostByCo.remove(h.co);
        }
        commit(h);
    }

    private void commit(QemuReq r) {
        int flags = r.flags;
        if (r.complete == Time.NONE) {
            flags |= Flags.NO_COMPLETE;
        } else if (r.issue == Time.NONE && r.op != Op.FLUSH) {
            flags |= Flags.NO_ISSUE;
        }
        Status st = r.complete == Time.NONE ? Status.UNKNOWN : r.error ? Status.ERROR : Status.OK;
        long issue =
                r.issue != Time.NONE && r.complete != Time.NONE && r.issue > r.complete
                        ? r.complete
                        : r.issue;
        int row =
                table.add(r.lane, r.op, flags, r.sector, r.count, r.submit, issue, r.complete, st);
        Arrays.sort(r.lines, 0, r.nLines);
        for (int i = 0; i < r.nLines; i++) {
            table.addSourceLine(row, r.lines[i]);
        }
        r.row = row;
        r.lines = null;
        if (r.parent != null) {
            linked.add(r);
        }
    }

    void finish() {
        for (QemuReq v : virtioByElem.values()) {
            commitVirtio(v);
        }
        for (QemuReq h : new ArrayList<>(hostPending)) {
            commitHost(h);
        }
        for (QemuReq c : linked) {
            if (c.parent.row >= 0) {
                table.setParent(c.row, c.parent.row);
            }
        }
        mergeEvents.forEach((e, r) -> events.setRequest(e, r.row));
    }
}
