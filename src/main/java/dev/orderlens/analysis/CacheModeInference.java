package dev.orderlens.analysis;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * QEMU's {@code cache=} mode of each disk, read from what its log shows (issue 12 item 8). A disk
 * is a host lane of a QEMU log (one BlockBackend, {@code blk0}, {@code blk1}, ...) with the virtio
 * queues whose requests went to it. The rules follow QEMU's block layer (block/io.c, block/block-
 * backend.c; docs/analysis.md "Cache mode inferred"):
 *
 * <ul>
 *   <li>The guest flushed after writing and no flush reached the host: {@code cache.no-flush=on},
 *       that is {@code unsafe}. (QEMU skips a flush when nothing was written since the last one, so
 *       only flushes after a write count.)
 *   <li>The guest never flushed, and QEMU wrote its writes FUA on the host or held at least half of
 *       them until a host flush issued while they were in flight: the guest saw no write cache and
 *       QEMU emulated FUA with a flush ({@code writethrough}; a {@code directsync} disk looks the
 *       same, as no event shows O_DIRECT). A host flush no guest write waited on — QEMU flushing
 *       the drive as it closes it at exit, qcow2 flushing its metadata caches — is not this mark: a
 *       guest that never flushed under writeback shows those too.
 *   <li>Otherwise {@code writeback} is assumed: guest flushes reaching the host as host flushes are
 *       what writeback and {@code none} both do, and a log with no writes or no flushes tells
 *       nothing.
 * </ul>
 *
 * @see CacheMode
 */
public final class CacheModeInference {
    private CacheModeInference() {}

    /**
     * One disk's mode and the counts it was read from.
     *
     * @param file the source file's index
     * @param disk the host lane's name ("blk0")
     * @param key how the user names the disk (--cache-mode DISK=M, sessions): the lane's name, or
     *     "FILE:blk0" (the file's name) when several QEMU logs have a lane of that name
     * @param inferred true when a rule decided; false for writeback assumed
     * @param guestFlushes flushes the guest sent to this disk (virtio flush requests)
     * @param guestFlushesAfterWrites those with a write since the guest's previous flush
     * @param hostFlushes flushes QEMU made on the host for this disk
     * @param hostWrites writes QEMU made on the host for this disk
     * @param fuaWrites those QEMU marked FUA
     */
    public record DiskMode(
            int file,
            String disk,
            String key,
            CacheMode mode,
            boolean inferred,
            int guestFlushes,
            int guestFlushesAfterWrites,
            int hostFlushes,
            int hostWrites,
            int fuaWrites) {

        /** "blk0 of q.log: cache mode unsafe (inferred: 98 guest flushes, 0 host flushes)". */
        public String describe(Trace t) {
            return key + " of " + t.sources().get(file).path() + ": cache mode " + text();
        }

        /** The fields for a JSON object (info, analyze --json). */
        public Map<String, Object> fields(Trace t) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("file", t.sources().get(file).path());
            m.put("disk", key);
            m.put("mode", mode.jsonName());
            m.put("inferred", inferred);
            m.put("guestFlushes", guestFlushes);
            m.put("guestFlushesAfterWrites", guestFlushesAfterWrites);
            m.put("hostFlushes", hostFlushes);
            m.put("hostWrites", hostWrites);
            m.put("fuaWrites", fuaWrites);
            m.put("text", text());
            return m;
        }

        /** "unsafe (inferred: 98 guest flushes, 0 host flushes)". */
        public String text() {
            String counts =
                    switch (mode) {
                        case UNSAFE ->
                                guestFlushes
                                        + " guest flushes ("
                                        + guestFlushesAfterWrites
                                        + " after writes), 0 host flushes";
                        case WRITETHROUGH ->
                                "0 guest flushes, "
                                        + hostFlushes
                                        + " host flushes after "
                                        + hostWrites
                                        + " writes, "
                                        + fuaWrites
                                        + " FUA; directsync would look the same";
                        default ->
                                guestFlushes
                                        + " guest flushes, "
                                        + hostFlushes
                                        + " host flushes, "
                                        + hostWrites
                                        + " host writes; none would look the same";
                    };
            return mode.jsonName() + " (" + (inferred ? "inferred: " : "assumed: ") + counts + ")";
        }
    }

    /** Every disk of every QEMU log in the trace, in file and lane order; empty when none. */
    public static List<DiskMode> of(Trace t) {
        Requests r = t.requests();
        int virtio = t.layerIndex(Layer.VIRTIO);
        int host = t.layerIndex(Layer.HOST);
        if (virtio < 0 || host < 0) {
            return List.of();
        }
        Map<Integer, Integer> diskOfVirtioLane = diskOfVirtioLane(t);
        Map<Integer, Integer> diskOfHostLane = diskOfHostLane(t);
        List<Lane> hostLanes = hostLanes(t);
        int lanes = t.lanes().size();
        int[] guestFlushes = new int[lanes];
        int[] afterWrites = new int[lanes];
        int[] hostFlushes = new int[lanes];
        int[] hostWrites = new int[lanes];
        int[] fua = new int[lanes];
        boolean[] wroteSinceFlush = new boolean[lanes];
        // writethrough's own mark: a guest write that completes only after a host flush QEMU
        // issued for it (FUA emulated with a flush). A host flush with no guest write waiting on
        // it (QEMU closing the drive at exit, qcow2 flushing its caches) is not that mark.
        List<List<Long>> hostFlushTimes = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            hostFlushTimes.add(new ArrayList<>());
        }
        List<long[]> guestWrites = new ArrayList<>(); // [disk, submit, complete]
        // rows are in submit order: a write submitted before a flush counts for it
        for (int i = 0; i < r.size(); i++) {
            int lane = r.lane(i);
            Op op = r.op(i);
            boolean writes = (op == Op.WRITE || op == Op.WRITE_ZEROES) && r.count(i) > 0;
            if (r.layer(i) == host) {
                lane = diskOfHostLane.getOrDefault(lane, lane);
                if (op == Op.FLUSH) {
                    hostFlushes[lane]++;
                    hostFlushTimes.get(lane).add(r.submit(i));
                } else if (writes) {
                    hostWrites[lane]++;
                    if ((r.flags(i) & Flags.FUA) != 0) {
                        fua[lane]++;
                    }
                }
            } else if (r.layer(i) == virtio) {
                Integer disk = diskOfVirtioLane.get(lane);
                if (disk == null) {
                    continue;
                }
                if (op == Op.FLUSH) {
                    guestFlushes[disk]++;
                    if (wroteSinceFlush[disk]) {
                        afterWrites[disk]++;
                    }
                    wroteSinceFlush[disk] = false;
                } else if (writes) {
                    wroteSinceFlush[disk] = true;
                    if (r.complete(i) != Time.NONE) {
                        guestWrites.add(new long[] {disk, r.submit(i), r.complete(i)});
                    }
                }
            }
        }
        Map<Integer, String> keys = diskKeys(t);
        List<DiskMode> out = new ArrayList<>();
        for (Lane l : hostLanes) {
            int d = l.index();
            CacheMode mode = CacheMode.WRITEBACK;
            boolean inferred = false;
            if (afterWrites[d] > 0 && hostFlushes[d] == 0) {
                mode = CacheMode.UNSAFE;
                inferred = true;
            } else if (guestFlushes[d] == 0
                    && hostWrites[d] > 0
                    && (fua[d] > 0 || waitedOnAFlush(guestWrites, d, hostFlushTimes.get(d)))) {
                mode = CacheMode.WRITETHROUGH;
                inferred = true;
            }
            out.add(
                    new DiskMode(
                            l.file(),
                            l.name(),
                            keys.get(d),
                            mode,
                            inferred,
                            guestFlushes[d],
                            afterWrites[d],
                            hostFlushes[d],
                            hostWrites[d],
                            fua[d]));
        }
        return out;
    }

    /**
     * Whether most of a disk's completed guest writes (at least half, and at least one) completed
     * only after a host flush submitted while they were in flight: QEMU emulating FUA with a flush,
     * as it does when the guest sees no write cache (block/io.c, {@code bdrv_co_do_pwritev_part}
     * with {@code BDRV_REQ_FUA} on a driver without FUA).
     */
    private static boolean waitedOnAFlush(List<long[]> guestWrites, int disk, List<Long> flushes) {
        long[] at = flushes.stream().mapToLong(Long::longValue).sorted().toArray();
        int writes = 0;
        int waited = 0;
        for (long[] w : guestWrites) {
            if (w[0] != disk) {
                continue;
            }
            writes++;
            int k = Arrays.binarySearch(at, w[1]);
            int first = k >= 0 ? k : -k - 1; // the first flush submitted at or after the write
            while (first > 0 && at[first - 1] == w[1]) {
                first--;
            }
            if (first < at.length && at[first] <= w[2]) {
                waited++;
            }
        }
        return writes > 0 && 2 * waited >= writes;
    }

    /**
     * Each lane's disk key (see {@link #diskKeys}), or null for a lane on no disk: a host lane is
     * its own disk, a virtio lane the disk its requests went to, and a lane above (the guest's vda,
     * a dm device over it) the disk of the requests carrying its data below (parent links; the
     * first link found decides). A trace with no QEMU log has no disks.
     */
    public static String[] diskOfLanes(Trace t) {
        String[] out = new String[t.lanes().size()];
        Map<Integer, String> keys = diskKeys(t);
        if (keys.isEmpty()) {
            return out;
        }
        diskOfHostLane(t).forEach((lane, disk) -> out[lane] = keys.get(disk));
        diskOfVirtioLane(t).forEach((lane, disk) -> out[lane] = keys.get(disk));
        Requests r = t.requests();
        // each pass reaches one layer further up; a stack is a few layers deep
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 0; i < r.size(); i++) {
                int p = r.parent(i);
                if (p >= 0 && out[r.lane(p)] == null && out[r.lane(i)] != null) {
                    out[r.lane(p)] = out[r.lane(i)];
                    changed = true;
                }
            }
        }
        return out;
    }

    /**
     * The host lanes that are disks, in lane order: not a drive's sub-lane ("blk0/image-file", the
     * writes qcow2 makes on its image file for blk0), which is part of its drive.
     */
    static List<Lane> hostLanes(Trace t) {
        int host = t.layerIndex(Layer.HOST);
        List<Lane> hostLanes = new ArrayList<>();
        for (Lane l : t.lanes()) {
            if (l.layer() == host && !l.name().contains("/")) {
                hostLanes.add(l);
            }
        }
        return hostLanes;
    }

    /** Each host lane's disk (host lane index): itself, or for "blk0/image-file" blk0's lane. */
    static Map<Integer, Integer> diskOfHostLane(Trace t) {
        int host = t.layerIndex(Layer.HOST);
        Map<Integer, Integer> out = new HashMap<>();
        List<Lane> disks = hostLanes(t);
        for (Lane l : t.lanes()) {
            if (l.layer() != host) {
                continue;
            }
            int slash = l.name().indexOf('/');
            String drive = slash < 0 ? l.name() : l.name().substring(0, slash);
            for (Lane d : disks) {
                if (d.file() == l.file() && d.name().equals(drive)) {
                    out.put(l.index(), d.index());
                }
            }
        }
        return out;
    }

    /** Each virtio lane's disk (host lane index): where its requests' host requests went. */
    static Map<Integer, Integer> diskOfVirtioLane(Trace t) {
        Requests r = t.requests();
        int virtio = t.layerIndex(Layer.VIRTIO);
        int host = t.layerIndex(Layer.HOST);
        Map<Integer, Integer> diskOfVirtioLane = new HashMap<>();
        if (virtio < 0 || host < 0) {
            return diskOfVirtioLane;
        }
        List<Lane> hostLanes = hostLanes(t);
        // each virtio lane belongs to the host lane its requests' host requests are on
        for (int i = 0; i < r.size(); i++) {
            int p = r.parent(i);
            if (r.layer(i) == host && p >= 0 && r.layer(p) == virtio) {
                diskOfVirtioLane.putIfAbsent(r.lane(p), r.lane(i));
            }
        }
        for (Lane l : t.lanes()) { // a file with one disk: every queue is that disk's
            if (l.layer() == virtio && !diskOfVirtioLane.containsKey(l.index())) {
                List<Lane> same = hostLanes.stream().filter(h -> h.file() == l.file()).toList();
                if (same.size() == 1) {
                    diskOfVirtioLane.put(l.index(), same.get(0).index());
                }
            }
        }
        return diskOfVirtioLane;
    }

    /**
     * How the user names each host lane's disk: its name ("blk0"), or "FILE:blk0" (the QEMU log's
     * file name) when several files have a disk of that name.
     */
    static Map<Integer, String> diskKeys(Trace t) {
        List<Lane> hostLanes = hostLanes(t);
        Map<String, Integer> uses = new HashMap<>();
        for (Lane l : hostLanes) {
            uses.merge(l.name(), 1, Integer::sum);
        }
        Map<Integer, String> out = new java.util.LinkedHashMap<>();
        for (Lane l : hostLanes) {
            String file =
                    java.nio.file.Path.of(t.sources().get(l.file()).path())
                            .getFileName()
                            .toString();
            out.put(l.index(), uses.get(l.name()) > 1 ? file + ":" + l.name() : l.name());
        }
        return out;
    }

    /**
     * The one mode the analysis takes when the trace names none, or null for writeback: the disks'
     * mode, and when disks differ the one that promises least (unsafe before writeback before
     * writethrough), so a write is never called durable on a disk whose mode does not make it so.
     */
    public static CacheMode defaultMode(List<DiskMode> disks) {
        CacheMode m = null;
        for (DiskMode d : disks) {
            if (m == null || promises(d.mode()) < promises(m)) {
                m = d.mode();
            }
        }
        return m == CacheMode.WRITEBACK ? null : m;
    }

    /**
     * What a user should know when the disks' modes differ, or null: each disk's writes are judged
     * under its own mode, and how to change one.
     */
    public static String differNote(List<DiskMode> disks) {
        if (!disksDiffer(disks)) {
            return null;
        }
        return "the disks' cache modes differ; each disk's writes are judged under its own mode"
                + " (--cache-mode DISK=M sets one, e.g. "
                + disks.get(disks.size() - 1).key()
                + "=none)";
    }

    /** True when the disks' modes differ (one mode for the analysis is then a compromise). */
    public static boolean disksDiffer(List<DiskMode> disks) {
        return disks.stream().map(DiskMode::mode).distinct().count() > 1;
    }

    private static int promises(CacheMode m) {
        return switch (m) {
            case UNSAFE -> 0;
            case WRITEBACK, NONE -> 1;
            case WRITETHROUGH, DIRECTSYNC -> 2;
        };
    }
}
