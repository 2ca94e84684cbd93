package dev.orderlens.sim;

import dev.orderlens.model.Op;
import dev.orderlens.model.Time;

/**
 * One request at one layer while the simulation runs. Becomes garbage once it completes; what stays
 * is its row in the trace's request table. Fields marked scratch are used by one layer only.
 */
final class SimRequest {
    static final int GUEST = 0;
    static final int VIRTIO = 1;
    static final int HOST = 2;
    static final int DEVICE = 3;

    static final int EIO = 5;
    static final int ENOSPC = 28;

    final int layer;
    final Op op;
    int flags;
    final long sector;
    final int count;
    final String tag;

    /**
     * The request in the layer above that this one serves (null for guest requests and writeback).
     */
    final SimRequest parent;

    int row = -1;
    long submit = Time.NONE;
    long issue = Time.NONE;
    long complete = Time.NONE;

    /** 0 = ok, else the errno it failed with. */
    int errno;

    /** Where the request is now (one of {@link Where}). */
    Where where = Where.GUEST;

    /** The child currently carrying this request's work, for "where was it" at a crash. */
    SimRequest active;

    /** Extra delay before the host starts it (a busy worker), inherited from the workload step. */
    long stallNs;

    // scratch
    int stage;
    int pending;
    int queue;
    long seq;
    boolean mustFail;

    /** A failed writeback write whose error the next fdatasync reports. */
    boolean reportError;

    /** Who waits for this request besides its parent (an fdatasync for its writeback writes). */
    SimRequest waiter;

    Object link;
    String process;
    int pid = -1;

    // the recorder's list of rows not yet completed
    SimRequest prevOpen;
    SimRequest nextOpen;

    SimRequest(int layer, Op op, int flags, long sector, int count, String tag, SimRequest parent) {
        this.layer = layer;
        this.op = op;
        this.flags = flags;
        this.sector = sector;
        this.count = count;
        this.tag = tag;
        this.parent = parent;
    }

    boolean failed() {
        return errno != 0;
    }

    boolean modifiesData() {
        return op.modifiesData();
    }

    boolean overlaps(long s, int n) {
        return sector < s + n && s < sector + count;
    }

    /** Where this request's work was at a crash: its deepest unfinished descendant's place. */
    String whereNow() {
        SimRequest r = this;
        while (r.active != null && r.active.complete == Time.NONE && r.active.where != Where.DONE) {
            r = r.active;
        }
        return r.where.label;
    }

    /** Places a request can be; the labels are truth.inFlight's "where" vocabulary. */
    enum Where {
        GUEST("guest"),
        VIRTQUEUE("virtqueue"),
        QEMU("qemu"),
        VM_STOPPED("vm-stopped"),
        HOST_KERNEL("host-kernel"),
        DEVICE("device"),
        LINK_LOST("link-lost"),
        DONE("done");

        final String label;

        Where(String label) {
            this.label = label;
        }
    }
}
