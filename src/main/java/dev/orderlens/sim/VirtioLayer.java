package dev.orderlens.sim;

import dev.orderlens.model.Time;
import java.util.ArrayDeque;

/**
 * The virtqueues as QEMU sees them. A request enters the ring when the guest driver adds it, QEMU
 * pops each queue in ring order after a notification delay and hands the request to its block
 * layer, and the completion is reported to the guest either as each finishes (the default) or in
 * ring order ({@code completion: in-order}). With werror=enospc an ENOSPC stops the VM.
 */
final class VirtioLayer {
    private final Simulation sim;
    private final SimConfig.Virtio config;
    private final int[] inFlight;
    private final long[] lastPop;
    private final long[] lastNotify;
    private final ArrayDeque<SimRequest>[] ringWaiters;
    private final ArrayDeque<SimRequest>[] ringOrder;
    private static final int READY = 1;

    @SuppressWarnings("unchecked")
    VirtioLayer(Simulation sim) {
        this.sim = sim;
        this.config = sim.config.virtio;
        int q = config.queues;
        inFlight = new int[q];
        lastPop = new long[q];
        lastNotify = new long[q];
        ringWaiters = new ArrayDeque[q];
        ringOrder = new ArrayDeque[q];
        for (int i = 0; i < q; i++) {
            ringWaiters[i] = new ArrayDeque<>();
            ringOrder[i] = new ArrayDeque<>();
        }
    }

    /** The guest driver adds a request to its queue (or waits for a free slot). */
    void submit(SimRequest c, long now) {
        c.where = SimRequest.Where.GUEST;
        if (inFlight[c.queue] >= config.depth) {
            ringWaiters[c.queue].add(c);
            return;
        }
        add(c, now);
    }

    private void add(SimRequest c, long now) {
        int q = c.queue;
        c.submit = now;
        c.where = SimRequest.Where.VIRTQUEUE;
        sim.recorder.record(c, c.parent.row);
        if (c.parent.issue == Time.NONE && c.op == c.parent.op) {
            // the guest's "dispatched" (blktrace D): its own data (or, for a flush, the flush) is
            // in the
            // ring; a preflush sent ahead of the data does not count, as in blktrace
            sim.recorder.issue(c.parent, now);
        }
        inFlight[q]++;
        long pop = Math.max(now + config.pop.sample(sim.virtioRng, 0), lastPop[q]);
        lastPop[q] = pop;
        c.seq = pop;
        if (config.inOrder) {
            ringOrder[q].add(c);
        }
        sim.at(pop + config.process.sample(sim.virtioRng, 0), Simulation.VIRTIO_ISSUE, c);
    }

    /** QEMU has popped the request and submits it to its block layer. */
    void issue(SimRequest c) {
        sim.recorder.issue(c, sim.now);
        c.where = SimRequest.Where.QEMU;
        sim.host.submit(c, sim.now);
    }

    /** QEMU's block layer finished the request (errno 0 = ok). */
    void hostDone(SimRequest c, long now, int errno) {
        c.errno = errno;
        if (errno == SimRequest.ENOSPC && !sim.config.host.reportEnospc) {
            c.where = SimRequest.Where.VM_STOPPED;
            sim.stopVm(now, "VM stopped: ENOSPC on " + sim.config.host.lane + " (werror=enospc)");
            return;
        }
        if (!config.inOrder) {
            notifyGuest(c, now);
            return;
        }
        c.stage = READY;
        ArrayDeque<SimRequest> order = ringOrder[c.queue];
        while (!order.isEmpty() && order.peek().stage == READY) {
            notifyGuest(order.poll(), now);
        }
    }

    private void notifyGuest(SimRequest c, long now) {
        c.where = SimRequest.Where.QEMU;
        long t = now + config.notify.sample(sim.virtioRng, 0);
        if (config.inOrder) {
            t = Math.max(t, lastNotify[c.queue]);
            lastNotify[c.queue] = t;
        }
        sim.at(t, Simulation.VIRTIO_COMPLETE, c);
    }

    /** The used-ring entry is visible to the guest. */
    void complete(SimRequest c) {
        long now = sim.now;
        sim.recorder.complete(c, now);
        int q = c.queue;
        inFlight[q]--;
        if (sim.guestAlive) { // a crashed guest adds nothing more to the ring
            if (!ringWaiters[q].isEmpty()) {
                add(ringWaiters[q].poll(), now);
            }
            sim.guest.childDone(c, now);
        }
    }
}
