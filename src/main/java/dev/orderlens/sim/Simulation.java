package dev.orderlens.sim;

import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the discrete-event model: the agenda, the clock, one seeded random stream per layer,
 * and the four layers. Runs until the crash, records it, then finds out what is on stable media: at
 * a power loss that is the media now (plus a torn write in progress); after a QEMU kill or a guest
 * crash the host keeps running, so the run goes on unrecorded — with the dead parts silenced —
 * until the host has written everything back and the device has destaged its cache.
 */
final class Simulation {
    static final int PROGRAM_RESUME = 0;
    static final int GUEST_DISPATCH = 1;
    static final int GUEST_CRYPT_DONE = 2;
    static final int GUEST_COMPLETE = 3;
    static final int VIRTIO_ISSUE = 4;
    static final int VIRTIO_COMPLETE = 5;
    static final int HOST_DISPATCH = 6;
    static final int HOST_COPY_DONE = 7;
    static final int HOST_COMPLETE = 9;
    static final int HOST_WB_TIMER = 10;
    static final int DEVICE_ISSUE = 11;
    static final int DEVICE_TRANSFER_DONE = 12;
    static final int DEVICE_MEDIA_DONE = 13;
    static final int DEVICE_WAKE = 14;
    static final int DEVICE_COMPLETE = 15;
    static final int FAULT = 16;

    /** After the crash the host runs at most this long (simulated) to settle. */
    private static final long SETTLE_LIMIT_NS = 3_600_000_000_000L;

    /** A crash "at the end" comes at the latest after this much simulated time. */
    private static final long END_LIMIT_NS = 86_400_000_000_000L;

    final SimConfig config;
    final EventQueue queue = new EventQueue();
    final Recorder recorder;
    final SplittableRandom guestRng;
    final SplittableRandom virtioRng;
    final SplittableRandom hostRng;
    final SplittableRandom deviceRng;
    private final SplittableRandom tornRng;
    final Program program;
    final GuestLayer guest;
    final VirtioLayer virtio;
    final HostLayer host;
    final DeviceLayer device;
    long now;
    boolean guestAlive = true;
    private boolean qemuAlive = true;
    private boolean vmStopped;

    Simulation(SimConfig config, List<Step> steps, String sourceName) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed);
        guestRng = root.split();
        virtioRng = root.split();
        hostRng = root.split();
        deviceRng = root.split();
        tornRng = root.split();
        recorder = new Recorder(config, sourceName);
        program = new Program(this, steps);
        guest = new GuestLayer(this);
        virtio = new VirtioLayer(this);
        host = new HostLayer(this);
        device = new DeviceLayer(this);
    }

    void at(long t, int action, Object payload) {
        queue.add(t, action, payload);
    }

    boolean qemuAlive() {
        return qemuAlive;
    }

    void stopVm(long t, String why) {
        if (!vmStopped) {
            vmStopped = true;
            recorder.event(t, EventKind.MESSAGE, SimRequest.VIRTIO, -1, 0, why);
        }
    }

    /**
     * Runs to the crash ({@link Time#NONE}: when the program is done and its requests completed).
     */
    Trace run(long crashAt, CrashKind kind) {
        for (Fault f : config.faults) {
            at(f.atNs(), FAULT, f);
        }
        program.start(0);
        long limit = crashAt == Time.NONE ? END_LIMIT_NS : crashAt;
        while (!queue.isEmpty() && queue.peekTime() <= limit) {
            now = queue.poll();
            dispatch(queue.polledAction, queue.polledPayload);
            if (crashAt == Time.NONE && program.finished && guest.inFlight() == 0) {
                break;
            }
        }
        long crash = crashAt == Time.NONE ? now : crashAt;
        now = crash;
        recorder.event(crash, EventKind.CRASH, -1, -1, 0, kind.jsonName());
        List<SimRequest> unfinished = recorder.unfinished();
        List<String> where = new ArrayList<>();
        for (SimRequest r : unfinished) {
            where.add(where(r, crash));
        }
        long[] sectors = recorder.touchedSectors();
        String[] content = new String[sectors.length];
        recorder.on = false;
        switch (kind) {
            case POWER_LOSS -> powerLoss(sectors, content, crash);
            case QEMU_KILL, GUEST_CRASH -> {
                settle(kind == CrashKind.QEMU_KILL);
                for (int i = 0; i < sectors.length; i++) {
                    content[i] = device.mediaTag(sectors[i]);
                }
            }
        }
        int[] idOfRow = recorder.assignIds();
        Truth truth = new Truth(crash, kind.jsonName());
        for (int i = 0; i < sectors.length; i++) {
            truth.addSector(sectors[i], content[i]);
        }
        List<int[]> inFlight = new ArrayList<>();
        for (int i = 0; i < unfinished.size(); i++) {
            inFlight.add(new int[] {idOfRow[unfinished.get(i).row], i});
        }
        inFlight.sort(Comparator.comparingInt(a -> a[0]));
        for (int[] f : inFlight) {
            truth.addInFlight(f[0], where.get(f[1]));
        }
        return recorder.build(truth);
    }

    private void dispatch(int action, Object p) {
        boolean guestRuns = guestAlive && !vmStopped;
        boolean virtioRuns = qemuAlive && !vmStopped;
        switch (action) {
            case PROGRAM_RESUME -> {
                if (guestRuns) {
                    program.resume();
                }
            }
            case GUEST_DISPATCH, GUEST_CRYPT_DONE, GUEST_COMPLETE -> {
                SimRequest r = (SimRequest) p;
                if (!guestRuns) {
                    r.where = vmStopped ? SimRequest.Where.VM_STOPPED : r.where;
                } else if (action == GUEST_DISPATCH) {
                    guest.dispatch(r);
                } else if (action == GUEST_CRYPT_DONE) {
                    guest.cryptDone(r);
                } else {
                    guest.complete(r);
                }
            }
            case VIRTIO_ISSUE, VIRTIO_COMPLETE -> {
                SimRequest r = (SimRequest) p;
                if (!virtioRuns) {
                    r.where = vmStopped ? SimRequest.Where.VM_STOPPED : r.where;
                } else if (action == VIRTIO_ISSUE) {
                    virtio.issue(r);
                } else {
                    virtio.complete(r);
                }
            }
            case HOST_DISPATCH -> {
                if (qemuAlive) {
                    host.dispatched((SimRequest) p);
                }
            }
            case HOST_COMPLETE -> {
                if (qemuAlive) {
                    host.complete((SimRequest) p);
                }
            }
            case HOST_COPY_DONE -> host.copyDone((SimRequest) p);
            case HOST_WB_TIMER -> host.writebackTimer();
            case DEVICE_ISSUE -> device.issue((SimRequest) p);
            case DEVICE_TRANSFER_DONE -> device.transferDone((SimRequest) p);
            case DEVICE_MEDIA_DONE -> device.mediaDone((DeviceLayer.Entry) p);
            case DEVICE_WAKE -> device.wake();
            case DEVICE_COMPLETE -> device.complete((SimRequest) p);
            case FAULT -> {
                if (recorder.on) {
                    fault((Fault) p);
                }
            }
            default -> throw new IllegalStateException("action " + action);
        }
    }

    private void fault(Fault f) {
        switch (f.kind()) {
            case WRITEBACK_ERROR, MEMORY_PRESSURE -> host.fault(f, now);
            case ENOSPC -> {
                device.poolFull();
                recorder.event(
                        now,
                        EventKind.MESSAGE,
                        SimRequest.DEVICE,
                        -1,
                        0,
                        "thin pool full: allocating writes fail with ENOSPC");
            }
            case LOST_LINK -> {
                device.loseLink();
                recorder.event(
                        now,
                        EventKind.MESSAGE,
                        SimRequest.DEVICE,
                        -1,
                        0,
                        "link to the device lost");
            }
        }
    }

    /** Where an unfinished request's work was at the crash. */
    private static String where(SimRequest r, long crash) {
        SimRequest d = r;
        while (d.active != null
                && d.active.complete == Time.NONE
                && d.active.where != SimRequest.Where.DONE) {
            d = d.active;
        }
        if (d.where == SimRequest.Where.VIRTQUEUE && d.seq <= crash) {
            return SimRequest.Where.QEMU.label; // popped, not yet handed to the block layer
        }
        return d.where.label;
    }

    /** Stable media now, with a seeded subset of the sectors of a media write in progress. */
    private void powerLoss(long[] sectors, String[] content, long crash) {
        for (int i = 0; i < sectors.length; i++) {
            content[i] = device.mediaTag(sectors[i]);
        }
        DeviceLayer.Entry job = device.inProgress();
        if (job == null || device.inProgressSince() >= crash) {
            return;
        }
        for (long s = job.sector; s < job.sector + job.count; s++) {
            if (job.writes(s) && tornRng.nextDouble() < config.tornProbability) {
                int i = java.util.Arrays.binarySearch(sectors, s);
                if (i >= 0) {
                    content[i] = job.tag;
                }
            }
        }
    }

    /** The host keeps running after the crash: let it finish, write back and destage everything. */
    private void settle(boolean qemuDies) {
        guestAlive = false;
        qemuAlive = !qemuDies;
        long limit = now + SETTLE_LIMIT_NS;
        drain(limit);
        for (int round = 0; round < 1000 && now < limit; round++) {
            host.writebackAll(now);
            device.destageAll = true;
            device.pick(now);
            if (queue.isEmpty()) {
                break; // everything is on media, or nothing can move (a lost link)
            }
            drain(limit);
        }
    }

    private void drain(long limit) {
        while (!queue.isEmpty() && queue.peekTime() <= limit) {
            now = queue.poll();
            dispatch(queue.polledAction, queue.polledPayload);
        }
    }
}
