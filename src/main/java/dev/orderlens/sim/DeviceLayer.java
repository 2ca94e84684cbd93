package dev.orderlens.sim;

import dev.orderlens.model.Flags;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical device. Writes are transferred into its volatile cache and acknowledged; one media
 * engine destages cached writes after an idle delay, in arrival order or — with {@code reorder} —
 * in its own order among non-overlapping writes (overlapping writes always land oldest first, so
 * the newest data wins). A flush completes when everything cached at its arrival is on media; a FUA
 * write, or any write on a device without a write cache, completes when it is on media. A power
 * loss during a media write leaves a seeded subset of its sectors written (a torn write).
 */
final class DeviceLayer {
    private static final long KERNEL_DISPATCH_NS = 1_000;

    /** A write the device holds: cached (req null) or waiting to be written through (req set). */
    static final class Entry {
        final long seq;
        final long sector;
        final int count;
        final String tag;
        final SimRequest req;
        final long readyAt;
        boolean destaged;
        boolean writing;

        /**
         * Ranges a newer write-through (FUA) write has replaced: this entry must not write them.
         */
        private long[] masks;

        private int maskCount;

        Entry(long seq, SimRequest d, boolean writeThrough, long readyAt) {
            this.seq = seq;
            this.sector = d.sector;
            this.count = d.count;
            this.tag = d.tag;
            this.req = writeThrough ? d : null;
            this.readyAt = readyAt;
        }

        boolean overlaps(Entry o) {
            return sector < o.sector + o.count && o.sector < sector + count;
        }

        void mask(Entry newer) {
            if (masks == null) {
                masks = new long[4];
            } else if (maskCount * 2 == masks.length) {
                masks = java.util.Arrays.copyOf(masks, masks.length * 2);
            }
            masks[maskCount * 2] = newer.sector;
            masks[maskCount * 2 + 1] = newer.count;
            maskCount++;
        }

        /** Whether this entry still carries the sector's newest data. */
        boolean writes(long s) {
            for (int i = 0; i < maskCount; i++) {
                if (s >= masks[2 * i] && s < masks[2 * i] + masks[2 * i + 1]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Simulation sim;
    private final SimConfig.Device config;
    private final ArrayDeque<SimRequest> queueWaiters = new ArrayDeque<>();
    private final ArrayDeque<SimRequest> cacheWaiters = new ArrayDeque<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<SimRequest> pendingFlushes = new ArrayList<>();

    /**
     * Write-through (FUA, or no write cache) entries waiting for the media, first come first
     * served.
     */
    private final ArrayDeque<Entry> writeThroughQueue = new ArrayDeque<>();

    private final int[] candidates;
    private int inFlight;
    private int head;
    private long lastSeq;
    private long urgentSeq;
    private int undestaged;
    private int cached;
    private Entry job;
    private long jobStart;
    private long wakeAt = Long.MAX_VALUE;
    private boolean linkLost;

    /** After a crash with the host alive: destage everything now. */
    boolean destageAll;

    /** What the media holds: sector → data tag. */
    final SectorMap media = new SectorMap();

    private String[] mediaTag = new String[512];

    private final SectorMap thinChunks = new SectorMap();
    private long thinCapacityChunks;

    DeviceLayer(Simulation sim) {
        this.sim = sim;
        this.config = sim.config.device;
        this.candidates = new int[Math.max(1, config.reorderWindow)];
        this.thinCapacityChunks =
                config.thinCapacitySectors < 0
                        ? -1
                        : config.thinCapacitySectors / config.thinChunkSectors;
    }

    String mediaTag(long sector) {
        int s = media.find(sector);
        return s < 0 ? null : mediaTag[s];
    }

    /**
     * The host kernel sends a request (it waits in the host's queue when the device queue is full).
     */
    void submit(SimRequest d, int parentRow, long now) {
        d.submit = now;
        d.where = SimRequest.Where.HOST_KERNEL;
        sim.recorder.record(d, parentRow);
        if (inFlight < config.queueDepth) {
            inFlight++;
            sim.at(now + KERNEL_DISPATCH_NS, Simulation.DEVICE_ISSUE, d);
        } else {
            queueWaiters.add(d);
        }
    }

    void issue(SimRequest d) {
        long now = sim.now;
        sim.recorder.issue(d, now);
        d.where = SimRequest.Where.DEVICE;
        if (linkLost) {
            d.where = SimRequest.Where.LINK_LOST;
            return;
        }
        switch (d.op) {
            case READ ->
                    sim.at(
                            now + config.read.sample(sim.deviceRng, d.count),
                            Simulation.DEVICE_COMPLETE,
                            d);
            case FLUSH -> flush(d, now);
            default -> {
                long t = now + config.transfer.sample(sim.deviceRng, d.count);
                if (d.mustFail) {
                    d.errno = SimRequest.EIO;
                } else if (!allocate(d)) {
                    d.errno = SimRequest.ENOSPC;
                }
                sim.at(
                        t,
                        d.failed() ? Simulation.DEVICE_COMPLETE : Simulation.DEVICE_TRANSFER_DONE,
                        d);
            }
        }
    }

    /** Thin provisioning: allocates the chunks a write touches; false when the pool is full. */
    private boolean allocate(SimRequest d) {
        if (thinCapacityChunks < 0) {
            return true;
        }
        long first = d.sector / config.thinChunkSectors;
        long last = (d.sector + d.count - 1) / config.thinChunkSectors;
        int needed = 0;
        for (long c = first; c <= last; c++) {
            needed += thinChunks.find(c) < 0 ? 1 : 0;
        }
        if (thinChunks.size() + needed > thinCapacityChunks) {
            return false;
        }
        for (long c = first; c <= last; c++) {
            thinChunks.add(c);
        }
        return true;
    }

    void poolFull() {
        thinCapacityChunks = thinChunks.size();
    }

    void loseLink() {
        linkLost = true;
    }

    void transferDone(SimRequest d) {
        long now = sim.now;
        if (linkLost) {
            d.where = SimRequest.Where.LINK_LOST;
            return;
        }
        boolean writeThrough = !config.writeCache || (config.fua && Flags.has(d.flags, Flags.FUA));
        if (!writeThrough && cached >= config.cacheEntries) {
            cacheWaiters.add(d);
            pick(now);
            return;
        }
        insert(d, writeThrough, now);
        pick(now);
    }

    private void insert(SimRequest d, boolean writeThrough, long now) {
        long ready = writeThrough ? now : now + config.destageDelay.sample(sim.deviceRng, 0);
        Entry e = new Entry(++lastSeq, d, writeThrough, ready);
        if (writeThrough) {
            // the newest data replaces what older cached writes hold for these sectors; it is
            // written
            // before any cached write is destaged (the write-through queue goes first), so skipping
            // those sectors never exposes older data. Older write-through writes keep their order.
            for (int k = head; k < entries.size(); k++) {
                Entry o = entries.get(k);
                if (!o.destaged && !o.writing && o.req == null && o.overlaps(e)) {
                    o.mask(e);
                }
            }
            writeThroughQueue.add(e);
        }
        entries.add(e);
        undestaged++;
        if (!writeThrough) {
            cached++;
            sim.at(now, Simulation.DEVICE_COMPLETE, d);
        }
    }

    private void flush(SimRequest d, long now) {
        if (!config.writeCache || undestaged == 0) {
            sim.at(now + config.flush.sample(sim.deviceRng, 0), Simulation.DEVICE_COMPLETE, d);
            return;
        }
        d.seq = lastSeq;
        d.pending = undestaged;
        pendingFlushes.add(d);
        urgentSeq = Math.max(urgentSeq, lastSeq);
        pick(now);
    }

    void wake() {
        if (sim.now >= wakeAt) {
            wakeAt = Long.MAX_VALUE;
        }
        pick(sim.now);
    }

    /** Starts the next media write if the engine is idle. */
    void pick(long now) {
        if (job != null) {
            return;
        }
        while (head < entries.size() && entries.get(head).destaged) {
            head++;
        }
        if (head > 4096 && head * 2 > entries.size()) {
            entries.subList(0, head).clear();
            head = 0;
        }
        if (undestaged == 0) {
            return;
        }
        if (!writeThroughQueue.isEmpty()) {
            start(writeThroughQueue.poll(), now);
            return;
        }
        boolean full = cached >= config.cacheEntries || !cacheWaiters.isEmpty();
        int window = config.reorder ? candidates.length : 1;
        int found = 0;
        int scanned = 0;
        long minReady = Long.MAX_VALUE;
        for (int k = head; k < entries.size() && scanned < window; k++) {
            Entry e = entries.get(k);
            if (e.destaged || e.req != null) {
                continue; // write-through entries go through their own queue
            }
            scanned++;
            if (destageAll || full || e.seq <= urgentSeq || e.readyAt <= now) {
                candidates[found++] = k;
            } else {
                minReady = Math.min(minReady, e.readyAt);
            }
        }
        // a random due entry (the device's own order), unless an older one overlaps it: then the
        // next due one; overlaps are rare, so this is usually one check, not the window squared
        int first = found <= 1 ? 0 : sim.deviceRng.nextInt(found);
        for (int i = 0; i < found; i++) {
            int k = candidates[(first + i) % found];
            if (!overlapsEarlier(k, entries.get(k))) {
                start(entries.get(k), now);
                return;
            }
        }
        if (minReady != Long.MAX_VALUE && minReady < wakeAt) {
            wakeAt = minReady;
            sim.at(minReady, Simulation.DEVICE_WAKE, null);
        }
    }

    private void start(Entry e, long now) {
        e.writing = true;
        job = e;
        jobStart = now;
        sim.at(now + config.media.sample(sim.deviceRng, e.count), Simulation.DEVICE_MEDIA_DONE, e);
    }

    private boolean overlapsEarlier(int k, Entry e) {
        for (int j = head; j < k; j++) {
            Entry o = entries.get(j);
            if (!o.destaged && o.overlaps(e)) {
                return true;
            }
        }
        return false;
    }

    void mediaDone(Entry e) {
        long now = sim.now;
        for (long x = e.sector; x < e.sector + e.count; x++) {
            if (!e.writes(x)) {
                continue;
            }
            int s = media.add(x);
            if (s == mediaTag.length) {
                mediaTag = java.util.Arrays.copyOf(mediaTag, s * 2);
            }
            mediaTag[s] = e.tag;
        }
        e.destaged = true;
        e.writing = false;
        job = null;
        undestaged--;
        if (e.req == null) {
            cached--;
        } else {
            sim.at(now, Simulation.DEVICE_COMPLETE, e.req);
        }
        for (int i = 0; i < pendingFlushes.size(); i++) {
            SimRequest f = pendingFlushes.get(i);
            if (e.seq <= f.seq && --f.pending == 0) {
                pendingFlushes.remove(i--);
                sim.at(now + config.flush.sample(sim.deviceRng, 0), Simulation.DEVICE_COMPLETE, f);
            }
        }
        while (!cacheWaiters.isEmpty() && cached < config.cacheEntries) {
            insert(cacheWaiters.poll(), false, now);
        }
        pick(now);
    }

    void complete(SimRequest d) {
        long now = sim.now;
        if (linkLost) {
            d.where = SimRequest.Where.LINK_LOST;
            return;
        }
        sim.recorder.complete(d, now);
        inFlight--;
        if (!queueWaiters.isEmpty()) {
            inFlight++;
            sim.at(now + KERNEL_DISPATCH_NS, Simulation.DEVICE_ISSUE, queueWaiters.poll());
        }
        sim.host.deviceDone(d, now);
    }

    /** The write being put on media at a power loss, or null. */
    Entry inProgress() {
        return job;
    }

    long inProgressSince() {
        return jobStart;
    }

    boolean idle() {
        return undestaged == 0;
    }
}
