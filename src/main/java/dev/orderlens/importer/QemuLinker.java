package dev.orderlens.importer;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayDeque;

/**
 * The rules of docs/adr/0012 that join a host (QEMU block layer) request to the virtio request it
 * serves, one named method per rule. The trackers ask; the linker decides and records the link.
 *
 * <p>Virtio reads and writes waiting for their host request are kept per sector in a queue of their
 * own (oldest first), never threaded through the requests themselves, so a reused or repeated
 * pointer cannot make a request wait behind itself (issue 17: a self link looped).
 */
final class QemuLinker {
    private final QemuVirtioTracker virtio;

    /** Virtio reads/writes that have no host request yet, per sector, oldest first. */
    private final LongMap<ArrayDeque<QemuReq>> awaitingHost = new LongMap<>();

    /**
     * Virtio writes whose FUA host write has finished: QEMU emulates the FUA with a flush next
     * (writethrough), and that flush belongs to them.
     */
    private final ArrayDeque<QemuReq> fuaWritesDone = new ArrayDeque<>();

    QemuLinker(QemuVirtioTracker virtio) {
        this.virtio = virtio;
    }

    // ---- the wait list of virtio data requests ----

    /** A virtio read/write got its range (handle_*): it waits for its host request. */
    void awaitHost(QemuReq v) {
        if (v.awaitingHost) {
            stopAwaiting(v); // the same request handled again (a repeated line): wait once
        }
        ArrayDeque<QemuReq> q = awaitingHost.get(v.sector);
        if (q == null) {
            q = new ArrayDeque<>(2);
            awaitingHost.put(v.sector, q);
        }
        q.add(v);
        v.awaitingHost = true;
    }

    /** The virtio request got its host request, or ended: it no longer waits. */
    void stopAwaiting(QemuReq v) {
        if (!v.awaitingHost) {
            return;
        }
        v.awaitingHost = false;
        ArrayDeque<QemuReq> q = awaitingHost.get(v.sector);
        if (q != null) {
            q.remove(v);
            if (q.isEmpty()) {
                awaitingHost.remove(v.sector);
            }
        }
    }

    /** The oldest virtio request waiting at a sector, or null. */
    QemuReq firstAwaiting(long sector) {
        ArrayDeque<QemuReq> q = awaitingHost.get(sector);
        return q == null ? null : q.peekFirst();
    }

    // ---- rules for a host request opened by blk_co_p* ----

    /** Links a new host request to its virtio request, by the rules below in order. */
    void linkHostRequest(QemuReq h) {
        QemuReq v = sameSectorRule(h);
        if (v != null) {
            stopAwaiting(v);
            link(h, v);
            return;
        }
        v = zeroWriteWithoutHandleRule(h);
        if (v != null) {
            link(h, v);
        }
    }

    /**
     * Rule "same sector": the host request serves the oldest virtio read/write at its first sector
     * that has no host request yet.
     */
    QemuReq sameSectorRule(QemuReq h) {
        return firstAwaiting(h.sector);
    }

    /**
     * Rule "zero write without handle": virtio-blk logs no handle_* event for write-zeroes or
     * discard, so a host zero write serves the oldest virtio request with no op, no host request
     * and data descriptors (out_num ≥ 2: header + range).
     */
    QemuReq zeroWriteWithoutHandleRule(QemuReq h) {
        if (h.op != Op.WRITE_ZEROES) {
            return null;
        }
        QemuReq best = null;
        for (Object o : virtio.openSlots()) {
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

    // ---- rules for a host flush (backend type 8, or a thread-pool job) ----

    /** Links a host flush to the virtio request it serves, by the rules below in order. */
    void linkHostFlush(QemuReq h) {
        QemuReq v = virtioFlushRule();
        if (v == null) {
            v = writeThroughRule();
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
    }

    /**
     * Rule "virtio flush": a host flush serves the oldest virtio flush still open with no host
     * request — a request with no handle_* event and one out and one in descriptor.
     */
    QemuReq virtioFlushRule() {
        QemuReq best = null;
        for (Object o : virtio.openSlots()) {
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

    /**
     * Rule "writethrough": with no virtio flush waiting, a host flush right after a FUA host write
     * finished is QEMU emulating that FUA (BDRV_REQ_FUA on a driver without native FUA): it serves
     * the virtio write of that FUA write, while it is still open.
     */
    QemuReq writeThroughRule() {
        QemuReq w;
        while ((w = fuaWritesDone.peek()) != null && w.parent.row >= 0) {
            fuaWritesDone.poll();
        }
        return w == null ? null : w.parent;
    }

    /** Whether a thread-pool job with no data request waiting would be a flush by the rules. */
    boolean hostFlushExpected() {
        return virtioFlushRule() != null || writeThroughRule() != null;
    }

    /** A host write's backend finished: remember a FUA one for {@link #writeThroughRule}. */
    void backendDataDone(QemuReq h) {
        if (h.op == Op.WRITE && (h.flags & Flags.FUA) != 0 && h.parent != null) {
            fuaWritesDone.add(h);
        }
    }

    private static void link(QemuReq host, QemuReq v) {
        host.parent = v;
        v.hostChild = host;
        if (host.op == Op.WRITE_ZEROES && v.op == null) {
            v.zeroWrite = true;
        }
    }
}
