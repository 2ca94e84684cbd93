package dev.orderlens.sim;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's block layer and the host kernel under it. QEMU side: requests wait for an aio worker
 * (threads) or are submitted in order (native, io_uring); flushes are serialised and skipped when
 * nothing was written since the last one (QEMU's write_gen); with cache=writethrough|directsync
 * every write is followed by a flush before it completes (emulated FUA), with cache=unsafe flushes
 * never leave QEMU. Kernel side: buffered writes land in the {@link PageCache}, fdatasync waits for
 * writeback in progress, writes back every dirty sector and flushes the device; background
 * writeback writes sectors dirty for longer than dirtyExpire; a writeback error marks the pages
 * clean and is reported to the next fdatasync once (or never).
 */
final class HostLayer {
    private static final String QEMU = "qemu-system-x86_64";
    private static final int QEMU_PID = 4242;
    private static final String FLUSHER = "kworker/u8:0-flush-8:0";
    private static final int FLUSHER_PID = 77;

    // what a device request does for us (its stage)
    private static final int DIRECT_WRITE = 1;
    private static final int DIRECT_READ = 2;
    private static final int READ_FILL = 3;
    private static final int WRITEBACK = 4;
    private static final int SYNC_FLUSH = 5;
    private static final int FUA_FLUSH = 6;

    /** A host write waiting for its emulated-FUA flush. */
    private static final int AWAIT_FLUSH = 7;

    // fdatasync phases (stage of the host request doing it)
    private static final int SYNC_WAIT = 8;
    private static final int SYNC_WRITEBACK = 9;

    private final Simulation sim;
    private final SimConfig.Host config;
    private final CacheMode mode;
    private final boolean deviceCache;
    private final boolean deviceFua;
    private final PageCache cache;
    private final Latency dispatch;

    private long lastDispatch;
    private int threadsBusy;
    private final ArrayDeque<SimRequest> threadWaiters = new ArrayDeque<>();

    private long hostWrites;
    private long writeGen;
    private long flushedGen = -1;
    private boolean flushInProgress;
    private final ArrayDeque<SimRequest> flushWaiters = new ArrayDeque<>();

    private int writebackInFlight;
    private int activeSyncs;
    private final List<SimRequest> syncWaiters = new ArrayList<>();
    private long errorSeq;
    private long reportedSeq;
    private final List<Fault> armedFaults = new ArrayList<>();
    private boolean timerArmed;

    HostLayer(Simulation sim) {
        this.sim = sim;
        this.config = sim.config.host;
        this.mode = config.cacheMode;
        this.deviceCache = sim.config.device.writeCache;
        this.deviceFua = sim.config.device.fua;
        this.cache = new PageCache(config.pageCacheSectors);
        this.dispatch = config.dispatchLatency();
    }

    // ---- QEMU side ----

    /** QEMU's block layer takes a request popped from the virtqueue. */
    void submit(SimRequest v, long now) {
        if (v.op == Op.FLUSH) {
            if (mode.ignoresFlushes()) {
                sim.virtio.hostDone(v, now, 0);
            } else {
                gate(v, now);
            }
            return;
        }
        int flags =
                v.modifiesData() && (mode.flushesEveryWrite() || Flags.has(v.flags, Flags.FUA))
                        ? Flags.FUA
                        : 0;
        SimRequest h = new SimRequest(SimRequest.HOST, v.op, flags, v.sector, v.count, v.tag, v);
        h.stallNs = v.stallNs;
        h.process = QEMU;
        h.pid = QEMU_PID;
        h.submit = now;
        v.active = h;
        sim.recorder.record(h, v.row);
        dispatch(h, now);
    }

    private void dispatch(SimRequest h, long now) {
        h.where = SimRequest.Where.QEMU;
        long lat = dispatch.sample(sim.hostRng, 0);
        // extra time outside the submission order: a busy worker, or the fallocate/BLKZEROOUT path
        long extra = h.stallNs;
        if (h.op == Op.WRITE_ZEROES || h.op == Op.DISCARD) {
            extra += config.zeroes.sample(sim.hostRng, 0);
        }
        if (config.aio == AioMode.THREADS) {
            if (threadsBusy >= config.threads) {
                threadWaiters.add(h);
                return;
            }
            threadsBusy++;
            sim.at(now + lat + extra, Simulation.HOST_DISPATCH, h);
        } else {
            long t = Math.max(now + lat, lastDispatch);
            lastDispatch = t;
            sim.at(t + extra, Simulation.HOST_DISPATCH, h);
        }
    }

    /**
     * QEMU's flush path: one host flush at a time, skipped when nothing was written since the last.
     */
    private void gate(SimRequest owner, long now) {
        if (flushInProgress) {
            flushWaiters.add(owner);
            return;
        }
        startFlush(owner, now);
        while (!flushInProgress && !flushWaiters.isEmpty()) {
            startFlush(flushWaiters.poll(), now);
        }
    }

    private void startFlush(SimRequest owner, long now) {
        if (writeGen == flushedGen) {
            flushed(owner, now, 0);
            return;
        }
        flushedGen = writeGen;
        flushInProgress = true;
        SimRequest v = owner.layer == SimRequest.VIRTIO ? owner : owner.parent;
        SimRequest f = new SimRequest(SimRequest.HOST, Op.FLUSH, 0, 0, 0, null, v);
        f.link = owner;
        f.process = QEMU;
        f.pid = QEMU_PID;
        f.submit = now;
        owner.active = f;
        sim.recorder.record(f, v.row);
        dispatch(f, now);
    }

    private void flushed(SimRequest owner, long now, int errno) {
        if (owner.layer == SimRequest.VIRTIO) {
            sim.virtio.hostDone(owner, now, errno);
        } else {
            owner.errno = errno;
            finish(owner, now);
        }
    }

    /** The worker (or the aio submission) enters the host kernel. */
    void dispatched(SimRequest h) {
        long now = sim.now;
        sim.recorder.issue(h, now);
        h.where = SimRequest.Where.HOST_KERNEL;
        if (h.op == Op.FLUSH) {
            startSync(h, now);
        } else if (mode.direct()) {
            boolean fua = Flags.has(h.flags, Flags.FUA) && config.fuaPassthrough && deviceCache;
            SimRequest d =
                    deviceRequest(
                            h,
                            h.op,
                            fua && deviceFua ? Flags.FUA : 0,
                            h.op == Op.READ ? DIRECT_READ : DIRECT_WRITE);
            d.pending = fua && !deviceFua ? 1 : 0; // the kernel follows it with a flush
            sendToDevice(d, h.row, now);
        } else if (h.op == Op.READ && !cache.allPresent(h.sector, h.count)) {
            sendToDevice(deviceRequest(h, Op.READ, 0, READ_FILL), h.row, now);
        } else {
            sim.at(now + config.copy.sample(sim.hostRng, h.count), Simulation.HOST_COPY_DONE, h);
        }
    }

    /** The syscall returned to QEMU. */
    private void afterSyscall(SimRequest h) {
        long now = sim.now;
        h.where = SimRequest.Where.QEMU;
        if (config.aio == AioMode.THREADS) {
            threadsBusy--;
            if (!threadWaiters.isEmpty()) {
                SimRequest next = threadWaiters.poll();
                threadsBusy++;
                long extra = next.stallNs;
                if (next.op == Op.WRITE_ZEROES || next.op == Op.DISCARD) {
                    extra += config.zeroes.sample(sim.hostRng, 0);
                }
                sim.at(
                        now + dispatch.sample(sim.hostRng, 0) + extra,
                        Simulation.HOST_DISPATCH,
                        next);
            }
        }
        if (h.op == Op.FLUSH) {
            sim.recorder.complete(h, now);
            flushInProgress = false;
            flushed((SimRequest) h.link, now, h.errno);
            while (!flushInProgress && !flushWaiters.isEmpty()) {
                startFlush(flushWaiters.poll(), now);
            }
            return;
        }
        if (h.modifiesData() && !h.failed()) {
            writeGen++;
        }
        if (h.modifiesData()
                && Flags.has(h.flags, Flags.FUA)
                && !config.fuaPassthrough
                && !h.failed()) {
            h.stage = AWAIT_FLUSH;
            gate(h, now);
        } else {
            finish(h, now);
        }
    }

    private void finish(SimRequest h, long now) {
        h.where = SimRequest.Where.QEMU;
        sim.recorder.complete(h, now);
        sim.at(now + config.completion.sample(sim.hostRng, 0), Simulation.HOST_COMPLETE, h);
    }

    /** QEMU completes the virtio request. */
    void complete(SimRequest h) {
        sim.virtio.hostDone(h.parent, sim.now, h.errno);
    }

    // ---- kernel side ----

    void copyDone(SimRequest h) {
        long now = sim.now;
        if (h.modifiesData()) {
            cache.write(h.sector, h.count, ++hostWrites, h.row, h.tag, now);
            armTimer(now);
            if (cache.dirtyCount() > config.dirtyLimitSectors && activeSyncs == 0) {
                writeback(cache.takeDirty(), null, FLUSHER, FLUSHER_PID, now);
            }
            if (Flags.has(h.flags, Flags.FUA) && config.fuaPassthrough) {
                startSync(h, now); // RWF_DSYNC: the kernel syncs the file before returning
                return;
            }
        }
        syscallDone(h, now);
    }

    /** The syscall returns to QEMU (if QEMU still exists). */
    private void syscallDone(SimRequest h, long now) {
        if (sim.qemuAlive()) {
            afterSyscall(h);
        }
    }

    private SimRequest deviceRequest(SimRequest h, Op op, int flags, int stage) {
        SimRequest d = new SimRequest(SimRequest.DEVICE, op, flags, h.sector, h.count, h.tag, h);
        d.stage = stage;
        d.process = QEMU;
        d.pid = QEMU_PID;
        h.active = d;
        return d;
    }

    private void sendToDevice(SimRequest d, int parentRow, long now) {
        if (d.modifiesData()) {
            Fault f = takeFault(d.sector, d.count);
            d.mustFail = f != null;
        }
        sim.device.submit(d, parentRow, now);
    }

    /**
     * fdatasync: wait for writeback in progress, write back every dirty sector, wait until no
     * writeback is in flight (ours or anyone's, as filemap_fdatawait does), then flush the device.
     */
    private void startSync(SimRequest h, long now) {
        activeSyncs++;
        h.stage = SYNC_WAIT;
        if (!mode.direct() && writebackInFlight > 0) {
            syncWaiters.add(h);
            return;
        }
        syncWriteback(h, now);
    }

    private void syncWriteback(SimRequest h, long now) {
        h.stage = SYNC_WRITEBACK;
        if (!mode.direct()) {
            writeback(cache.takeDirty(), h, QEMU, QEMU_PID, now);
        }
        if (writebackInFlight > 0) {
            syncWaiters.add(h);
        } else {
            syncFlush(h, now);
        }
    }

    /** No writeback is in flight any more: move every waiting fdatasync on. */
    private void writebackIdle(long now) {
        List<SimRequest> ready = new ArrayList<>(syncWaiters);
        syncWaiters.clear();
        for (SimRequest h : ready) {
            if (h.stage == SYNC_WAIT) {
                syncWriteback(h, now);
            } else {
                syncFlush(h, now);
            }
        }
    }

    private void syncFlush(SimRequest h, long now) {
        if (!deviceCache) {
            syncEnd(h, now);
            return;
        }
        SimRequest d = new SimRequest(SimRequest.DEVICE, Op.FLUSH, Flags.PREFLUSH, 0, 0, null, h);
        d.stage = SYNC_FLUSH;
        d.process = h.process;
        d.pid = h.pid;
        h.active = d;
        sim.device.submit(d, h.row, now);
    }

    private void syncEnd(SimRequest h, long now) {
        activeSyncs--;
        if (activeSyncs == 0 && cache.hasDirtyIdle()) {
            armTimer(now);
        }
        if (errorSeq > reportedSeq) {
            reportedSeq = errorSeq; // errseq: each error is reported to the next fdatasync, once
            if (!h.failed()) {
                h.errno = SimRequest.EIO;
            }
        }
        syscallDone(h, now);
    }

    /** Sends one device write per run; returns how many. */
    private int writeback(
            List<PageCache.Run> runs, SimRequest sync, String process, int pid, long now) {
        for (PageCache.Run run : runs) {
            SimRequest d =
                    new SimRequest(
                            SimRequest.DEVICE,
                            Op.WRITE,
                            0,
                            run.sector(),
                            run.count(),
                            run.tag(),
                            null);
            d.stage = WRITEBACK;
            d.link = run;
            d.waiter = sync;
            d.process = process;
            d.pid = pid;
            writebackInFlight++;
            Fault f = takeFault(run.sector(), run.count());
            d.mustFail = f != null;
            d.reportError = f == null || f.reported();
            sim.device.submit(d, run.ownerRow(), now);
        }
        return runs.size();
    }

    /** The device finished a request we sent. */
    void deviceDone(SimRequest d, long now) {
        switch (d.stage) {
            case WRITEBACK -> writebackDone(d, now);
            case SYNC_FLUSH -> {
                SimRequest h = d.parent;
                if (d.failed() && !h.failed()) {
                    h.errno = d.errno;
                }
                syncEnd(h, now);
            }
            case READ_FILL -> {
                cache.fill(d.sector, d.count);
                SimRequest h = d.parent;
                h.errno = d.errno;
                sim.at(
                        now + config.copy.sample(sim.hostRng, h.count),
                        Simulation.HOST_COPY_DONE,
                        h);
            }
            case FUA_FLUSH -> {
                SimRequest h = d.parent;
                if (d.failed() && !h.failed()) {
                    h.errno = d.errno;
                }
                syscallDone(h, now);
            }
            default -> { // DIRECT_WRITE, DIRECT_READ
                SimRequest h = d.parent;
                h.errno = d.errno;
                if (d.pending == 1 && !d.failed()) {
                    SimRequest f =
                            new SimRequest(
                                    SimRequest.DEVICE, Op.FLUSH, Flags.PREFLUSH, 0, 0, null, h);
                    f.stage = FUA_FLUSH;
                    f.process = QEMU;
                    f.pid = QEMU_PID;
                    h.active = f;
                    sim.device.submit(f, h.row, now);
                } else {
                    syscallDone(h, now);
                }
            }
        }
    }

    private void writebackDone(SimRequest d, long now) {
        PageCache.Run run = (PageCache.Run) d.link;
        if (cache.writebackDone(run)) {
            armTimer(now);
        }
        writebackInFlight--;
        if (d.failed()) {
            String why = d.errno == SimRequest.ENOSPC ? "ENOSPC" : "EIO";
            sim.recorder.event(
                    now,
                    EventKind.WRITEBACK_ERROR,
                    SimRequest.HOST,
                    run.sector(),
                    run.count(),
                    why
                            + ": writeback of "
                            + run.tag()
                            + " failed; the kernel marked the pages clean");
            if (d.reportError || d.errno == SimRequest.ENOSPC) {
                errorSeq++;
            }
        }
        SimRequest sync = d.waiter;
        if (sync != null && d.failed() && !sync.failed()) {
            sync.errno = d.errno;
        }
        if (writebackInFlight == 0 && !syncWaiters.isEmpty()) {
            writebackIdle(now);
        }
    }

    private void armTimer(long now) {
        if (!timerArmed) {
            timerArmed = true;
            sim.at(now + config.writebackIntervalMs * 1_000_000L, Simulation.HOST_WB_TIMER, null);
        }
    }

    /** Periodic background writeback of sectors dirty for longer than dirtyExpire. */
    void writebackTimer() {
        long now = sim.now;
        timerArmed = false;
        if (activeSyncs == 0) {
            writeback(
                    cache.takeExpired(now - config.dirtyExpireMs * 1_000_000L),
                    null,
                    FLUSHER,
                    FLUSHER_PID,
                    now);
        }
        if (activeSyncs == 0 && cache.hasDirtyIdle()) {
            armTimer(now); // while an fdatasync runs it writes everything; syncEnd re-arms
        }
    }

    /** After a crash with the host alive: the kernel eventually writes everything back. */
    void writebackAll(long now) {
        if (activeSyncs == 0) {
            writeback(cache.takeDirty(), null, FLUSHER, FLUSHER_PID, now);
        }
    }

    void fault(Fault f, long now) {
        switch (f.kind()) {
            case WRITEBACK_ERROR -> {
                armedFaults.add(f);
                if (!mode.direct() && activeSyncs == 0) {
                    writeback(
                            cache.takeRange(f.sector(), f.count()),
                            null,
                            FLUSHER,
                            FLUSHER_PID,
                            now);
                }
            }
            case MEMORY_PRESSURE -> {
                cache.evictAllClean();
                sim.recorder.event(
                        now,
                        EventKind.MESSAGE,
                        SimRequest.HOST,
                        -1,
                        0,
                        "memory pressure: clean pages evicted");
            }
            default -> throw new IllegalArgumentException(f.kind().jsonName());
        }
    }

    private Fault takeFault(long sector, int count) {
        for (int i = 0; i < armedFaults.size(); i++) {
            Fault f = armedFaults.get(i);
            if (f.sector() < sector + count && sector < f.sector() + f.count()) {
                return armedFaults.remove(i);
            }
        }
        return null;
    }
}
