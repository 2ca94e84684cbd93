package dev.orderlens.sim;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayDeque;

/**
 * The guest block layer (what blktrace in the VM records; a request is issued when its data enters
 * the ring). Optional dm-crypt-style workers encrypt data requests in parallel, so they may leave
 * in another order than they came; then a request waits for a tag and goes to the virtqueue. On a
 * disk with a volatile cache and no FUA (virtio-blk) the flush machinery turns PREFLUSH into a
 * flush before the data and FUA into a flush after it; on a disk without a volatile cache flushes
 * end at once and the flags are dropped.
 */
final class GuestLayer {
    private static final int PREFLUSH = 0;
    private static final int DATA = 1;
    private static final int POSTFLUSH = 2;
    private static final int DONE = 3;

    private final Simulation sim;
    private final SimConfig.Guest config;
    private final boolean writeCache;
    private final int queues;
    private final ArrayDeque<SimRequest> tagWaiters = new ArrayDeque<>();
    private final ArrayDeque<SimRequest> cryptWaiters = new ArrayDeque<>();
    private int tagsInUse;
    private int cryptBusy;
    private int inFlight;
    private long submitted;

    GuestLayer(Simulation sim) {
        this.sim = sim;
        this.config = sim.config.guest;
        this.writeCache = sim.config.host.cacheMode.guestSeesWriteCache();
        this.queues = sim.config.virtio.queues;
    }

    int inFlight() {
        return inFlight;
    }

    void submit(SimRequest r, long now) {
        r.submit = now;
        r.where = SimRequest.Where.GUEST;
        r.queue = (int) (submitted++ % queues);
        sim.recorder.record(r, -1);
        inFlight++;
        if (r.op == Op.FLUSH && !writeCache) {
            // no volatile cache: the block layer ends an empty flush at once
            sim.at(now + config.completion.sample(sim.guestRng, 0), Simulation.GUEST_COMPLETE, r);
        } else if (r.op != Op.FLUSH && config.cryptWorkers > 0) {
            if (cryptBusy < config.cryptWorkers) {
                startCrypt(r, now);
            } else {
                cryptWaiters.add(r);
            }
        } else {
            sim.at(now + config.dispatch.sample(sim.guestRng, 0), Simulation.GUEST_DISPATCH, r);
        }
    }

    private void startCrypt(SimRequest r, long now) {
        cryptBusy++;
        sim.at(now + config.crypt.sample(sim.guestRng, r.count), Simulation.GUEST_CRYPT_DONE, r);
    }

    void cryptDone(SimRequest r) {
        long now = sim.now;
        cryptBusy--;
        if (!cryptWaiters.isEmpty()) {
            startCrypt(cryptWaiters.poll(), now);
        }
        sim.at(now + config.dispatch.sample(sim.guestRng, 0), Simulation.GUEST_DISPATCH, r);
    }

    void dispatch(SimRequest r) {
        if (tagsInUse < config.queueDepth) {
            start(r, sim.now);
        } else {
            tagWaiters.add(r);
        }
    }

    private void start(SimRequest r, long now) {
        tagsInUse++;
        r.stage = PREFLUSH;
        next(r, now);
    }

    /** Sends the request's next part to the virtqueue, or finishes it. */
    private void next(SimRequest r, long now) {
        while (true) {
            switch (r.stage) {
                case PREFLUSH -> {
                    if (r.op == Op.FLUSH || (writeCache && Flags.has(r.flags, Flags.PREFLUSH))) {
                        send(r, Op.FLUSH, 0, now);
                        return;
                    }
                }
                case DATA -> {
                    if (r.op != Op.FLUSH) {
                        boolean fua = writeCache && config.fua && Flags.has(r.flags, Flags.FUA);
                        send(r, r.op, fua ? Flags.FUA : 0, now);
                        return;
                    }
                }
                case POSTFLUSH -> {
                    if (writeCache
                            && !config.fua
                            && r.op != Op.FLUSH
                            && Flags.has(r.flags, Flags.FUA)) {
                        send(r, Op.FLUSH, 0, now);
                        return;
                    }
                }
                default -> {
                    finish(r, now);
                    return;
                }
            }
            r.stage++;
        }
    }

    private void send(SimRequest r, Op op, int flags, long now) {
        boolean data = op != Op.FLUSH;
        SimRequest c =
                new SimRequest(
                        SimRequest.VIRTIO,
                        op,
                        flags,
                        data ? r.sector : 0,
                        data ? r.count : 0,
                        data ? r.tag : null,
                        r);
        c.queue = r.queue;
        c.stallNs = r.stallNs;
        r.active = c;
        sim.virtio.submit(c, now);
    }

    /** A virtio request of ours completed (the guest driver's interrupt). */
    void childDone(SimRequest c, long now) {
        SimRequest r = c.parent;
        if (c.failed()) {
            r.errno = c.errno;
            r.stage = DONE;
        } else {
            r.stage++;
        }
        next(r, now);
    }

    private void finish(SimRequest r, long now) {
        r.where = SimRequest.Where.GUEST;
        tagsInUse--;
        if (!tagWaiters.isEmpty()) {
            start(tagWaiters.poll(), now);
        }
        sim.at(now + config.completion.sample(sim.guestRng, 0), Simulation.GUEST_COMPLETE, r);
    }

    void complete(SimRequest r) {
        sim.recorder.complete(r, sim.now);
        inFlight--;
        sim.program.completed(r, sim.now);
    }
}
