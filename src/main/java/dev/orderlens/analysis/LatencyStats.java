package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.IntSort;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * btt's statistics for every device of every layer, plus the cross-layer breakdown (docs/stats.md).
 * One pass over the requests and one over the merge events collect every bio's phase samples; each
 * phase is then summarized in linear time. Definitions follow btt 2.09 (blktrace 1.2.0):
 *
 * <ul>
 *   <li>A bio counts when it carries data (btt ignores zero-byte traces) and its queue event is in
 *       the trace; a merged bio is its own sample, with the issue and completion of the request it
 *       joined (btt's trace_issue.c and trace_complete.c walk every Q inside the D's and C's
 *       range).
 *   <li>An interval that is zero or negative counts as 1 ns (btt's {@code tdelta} and {@code
 *       update_lq}).
 *   <li>#D counts the issued data requests from the device's first Q on (btt drops a device's
 *       traces until its first Q: "pre-culling" in devs.c).
 * </ul>
 *
 * Flushes, which btt leaves out, are summarized separately.
 */
public final class LatencyStats {
    private final List<DeviceStats> devices;
    private final int[] deviceOfLane;
    private final CrossLayer crossLayer;

    private LatencyStats(List<DeviceStats> devices, int[] deviceOfLane, CrossLayer crossLayer) {
        this.devices = List.copyOf(devices);
        this.deviceOfLane = deviceOfLane;
        this.crossLayer = crossLayer;
    }

    public static LatencyStats of(Trace t) {
        return of(t, Progress.NONE);
    }

    public static LatencyStats of(Trace t, Progress progress) {
        Grouping grouping = new Grouping(t);
        Collector[] groups = grouping.collectors;
        RequestTable r = t.requestTable();
        int n = r.size();
        progress.update(0, 3);

        // btt ignores a device's traces until its first Q; the bio count sizes the sample arrays
        for (int i = 0; i < n; i++) {
            Collector g = groups[grouping.ofLane[r.lane(i)]];
            g.expected++;
            if (r.count(i) > 0 && !r.has(i, Flags.NO_QUEUE)) {
                g.firstQ = Math.min(g.firstQ, r.submit(i));
            }
        }
        Events e = t.events();
        for (int k = 0; k < e.size(); k++) {
            int row = mergedInto(e, k);
            if (row >= 0) {
                Collector g = groups[grouping.ofLane[r.lane(row)]];
                g.firstQ = Math.min(g.firstQ, e.queued(k));
                g.expected++;
            }
        }

        BitSet carriedByMachinery = flushesIssuedAsTheirChild(r);
        CrashAnalysis durability = CrashAnalysis.of(t);
        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0) {
                progress.checkCancelled();
            }
            Collector g = groups[grouping.ofLane[r.lane(i)]];
            long submit = r.submit(i);
            long issue = r.issue(i);
            long complete = r.complete(i);
            g.device.add(issue, complete);
            g.scheduler.add(r.insert(i), issue);
            boolean queued = hasQueueEvent(r, i);
            if (r.count(i) > 0) {
                if (issue != Time.NONE && issue >= g.firstQ) {
                    g.issued++;
                }
                if (complete != Time.NONE && complete >= g.firstQ) {
                    g.size(r.count(i));
                }
                if (queued) {
                    g.bio(
                            i,
                            submit,
                            r.allocate(i),
                            r.insert(i),
                            Time.NONE,
                            issue,
                            bttComplete(r, i),
                            durableAt(durability, r, i));
                }
            } else if (r.opCode(i) == Op.FLUSH.code()) {
                g.flushes++;
                if (issue != Time.NONE && complete != Time.NONE && !carriedByMachinery.get(i)) {
                    g.flush(Phase.D2C, delta(issue, complete), i);
                }
                if (queued && issue != Time.NONE) {
                    g.flush(Phase.Q2D, delta(submit, issue), i);
                }
                if (queued && complete != Time.NONE) {
                    g.flush(Phase.Q2C, delta(submit, complete), i);
                }
            }
        }
        progress.update(1, 3);
        for (int k = 0; k < e.size(); k++) {
            int row = mergedInto(e, k);
            if (row >= 0) {
                Collector g = groups[grouping.ofLane[r.lane(row)]];
                g.bio(
                        row,
                        e.queued(k),
                        Time.NONE,
                        Time.NONE,
                        e.time(k),
                        r.issue(row),
                        bttComplete(r, row),
                        durableAt(durability, r, row));
            }
        }
        List<DeviceStats> out = new ArrayList<>(groups.length);
        for (Collector g : groups) {
            progress.checkCancelled();
            out.add(g.finish());
        }
        progress.update(2, 3);
        CrossLayer cross = CrossLayer.of(t);
        progress.update(3, 3);
        return new LatencyStats(out, grouping.ofLane, cross);
    }

    /**
     * Where btt ends D2C and Q2C: the data's own completion ({@code C ... + n}); a PREFLUSH/FUA
     * bio's final size-less C after its post-flush carries no bytes, and btt skips it.
     */
    private static long bttComplete(RequestTable r, int row) {
        long dc = r.dataComplete(row);
        return dc != Time.NONE ? dc : r.complete(row);
    }

    /** When the write's own layer's flush or FUA made it durable, or Time.NONE (reads too). */
    private static long durableAt(CrashAnalysis a, RequestTable r, int row) {
        return r.opCode(row) == Op.WRITE.code() ? a.flushOrFuaDurableAt(row) : Time.NONE;
    }

    /** The request a merge event's bio joined, when the bio's own queue time is known; else -1. */
    private static int mergedInto(Events e, int k) {
        if (e.kind(k) != EventKind.MERGE
                || e.queued(k) == Time.NONE
                || e.request(k) < 0
                || e.count(k) <= 0) {
            return -1;
        }
        return e.request(k);
    }

    /**
     * Data-less flush bios (an fsync's {@code Q FWS}) whose issue is the flush machinery's flush
     * linked to them: the device time of that flush is counted once, on the machinery's request.
     */
    private static BitSet flushesIssuedAsTheirChild(RequestTable r) {
        BitSet out = new BitSet(r.size());
        byte flush = Op.FLUSH.code();
        for (int i = 0; i < r.size(); i++) {
            int p = r.parent(i);
            if (p >= 0
                    && r.opCode(i) == flush
                    && r.opCode(p) == flush
                    && r.lane(p) == r.lane(i)
                    && r.count(p) == 0
                    && r.issue(p) == r.issue(i)) {
                out.set(p);
            }
        }
        return out;
    }

    /**
     * True when the request's queue (submit) event is in the trace: not flagged no-queue, and not a
     * flush the block layer's flush machinery issued for another request (ADR 0011), which starts
     * at its D and has no Q of its own.
     */
    static boolean hasQueueEvent(RequestTable r, int i) {
        if (r.has(i, Flags.NO_QUEUE)) {
            return false;
        }
        int p = r.parent(i);
        boolean machinery =
                r.opCode(i) == Op.FLUSH.code()
                        && r.count(i) == 0
                        && p >= 0
                        && r.lane(p) == r.lane(i)
                        && !r.has(i, Flags.PREFLUSH)
                        && r.submit(i) == r.issue(i);
        return !machinery;
    }

    /** btt's tdelta: a zero or negative interval counts as 1 ns. */
    static long delta(long from, long to) {
        return from < to ? to - from : 1;
    }

    /** Every device of every layer, layers top to bottom, devices in lane order. */
    public List<DeviceStats> devices() {
        return devices;
    }

    /** The devices of one layer. */
    public List<DeviceStats> devices(String layerId) {
        return devices.stream().filter(d -> d.layerId().equals(layerId)).toList();
    }

    /** The device a lane belongs to. */
    public DeviceStats deviceOfLane(int lane) {
        return devices.get(deviceOfLane[lane]);
    }

    public DeviceStats device(String layerId, String device) {
        for (DeviceStats d : devices) {
            if (d.layerId().equals(layerId) && d.device().equals(device)) {
                return d;
            }
        }
        return null;
    }

    /** The guest → virtio → host breakdown; empty when the trace has no virtio layer. */
    public CrossLayer crossLayer() {
        return crossLayer;
    }

    /** Lanes grouped by device (layer, file, lane name before any '/'), in lane order. */
    private static final class Grouping {
        final int[] ofLane;
        final Collector[] collectors;

        Grouping(Trace t) {
            ofLane = new int[t.lanes().size()];
            Map<String, Integer> ids = new HashMap<>();
            List<List<Integer>> lanes = new ArrayList<>();
            List<Lane> firsts = new ArrayList<>();
            for (Lane l : t.lanes()) {
                String key =
                        l.layer() + "\u0000" + l.file() + "\u0000" + FlushDomains.device(l.name());
                Integer id = ids.get(key);
                if (id == null) {
                    id = lanes.size();
                    ids.put(key, id);
                    lanes.add(new ArrayList<>());
                    firsts.add(l);
                }
                lanes.get(id).add(l.index());
                ofLane[l.index()] = id;
            }
            // devices sorted by layer (top to bottom), then first lane
            Integer[] order = new Integer[lanes.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(
                    order,
                    (a, b) ->
                            firsts.get(a).layer() != firsts.get(b).layer()
                                    ? Integer.compare(firsts.get(a).layer(), firsts.get(b).layer())
                                    : Integer.compare(
                                            firsts.get(a).index(), firsts.get(b).index()));
            int[] newId = new int[order.length];
            collectors = new Collector[order.length];
            Map<String, Integer> namesInLayer = new HashMap<>();
            for (Lane l : firsts) {
                namesInLayer.merge(
                        l.layer() + "\u0000" + FlushDomains.device(l.name()), 1, Integer::sum);
            }
            for (int k = 0; k < order.length; k++) {
                int old = order[k];
                newId[old] = k;
                Lane first = firsts.get(old);
                String name = FlushDomains.device(first.name());
                if (namesInLayer.get(first.layer() + "\u0000" + name) > 1) {
                    name = name + "@" + Path.of(t.sources().get(first.file()).path()).getFileName();
                }
                int[] laneArray = lanes.get(old).stream().mapToInt(Integer::intValue).toArray();
                collectors[k] =
                        new Collector(
                                first.layer(), t.layers().get(first.layer()).id(), name, laneArray);
            }
            for (int i = 0; i < ofLane.length; i++) {
                ofLane[i] = newId[ofLane[i]];
            }
        }
    }

    /** Everything collected for one device while the requests are read. */
    private static final class Collector {
        final int layer;
        final String layerId;
        final String name;
        final int[] lanes;
        final SampleCollector[] data = new SampleCollector[Phase.values().length];
        final SampleCollector[] flush = new SampleCollector[Phase.values().length];
        final QueueDepth.Builder device = new QueueDepth.Builder();
        final QueueDepth.Builder scheduler = new QueueDepth.Builder();
        long firstQ = Long.MAX_VALUE;

        /** Requests plus merged bios of this device: no phase has more samples. */
        int expected;

        long[] qTimes;
        int[] qRows;
        int queued;
        int issued;
        int flushes;
        int sizeN;
        long sizeMin = Long.MAX_VALUE;
        long sizeMax;
        long sizeTotal;

        Collector(int layer, String layerId, String name, int[] lanes) {
            this.layer = layer;
            this.layerId = layerId;
            this.name = name;
            this.lanes = lanes;
        }

        void size(int sectors) {
            sizeN++;
            sizeMin = Math.min(sizeMin, sectors);
            sizeMax = Math.max(sizeMax, sectors);
            sizeTotal += sectors;
        }

        /**
         * One data bio: its queue, get-request, insert, merge, issue and completion times (any may
         * be NONE but q).
         */
        void bio(int row, long q, long g, long i, long m, long d, long c, long durable) {
            if (qTimes == null) {
                qTimes = new long[Math.max(16, expected)];
                qRows = new int[qTimes.length];
            } else if (queued == qTimes.length) {
                qTimes = Arrays.copyOf(qTimes, queued * 2);
                qRows = Arrays.copyOf(qRows, queued * 2);
            }
            qTimes[queued] = q;
            qRows[queued++] = row;
            if (g != Time.NONE) {
                add(Phase.Q2G, delta(q, g), row);
                if (i != Time.NONE) {
                    add(Phase.G2I, delta(g, i), row);
                }
            }
            if (m != Time.NONE) {
                add(Phase.Q2M, delta(q, m), row);
            }
            if (d != Time.NONE) {
                if (i != Time.NONE) {
                    add(Phase.I2D, delta(i, d), row);
                } else if (m != Time.NONE) {
                    add(Phase.M2D, delta(m, d), row);
                }
                add(Phase.Q2D, delta(q, d), row);
                if (c != Time.NONE) {
                    add(Phase.D2C, delta(d, c), row);
                }
            }
            if (c != Time.NONE) {
                add(Phase.Q2C, delta(q, c), row);
            }
            if (durable != Time.NONE) {
                add(Phase.Q2Durable, delta(q, durable), row);
            }
        }

        private void add(Phase p, long v, int row) {
            SampleCollector s = data[p.ordinal()];
            if (s == null) {
                s = new SampleCollector(Math.max(16, expected));
                data[p.ordinal()] = s;
            }
            s.add(v, row);
        }

        void flush(Phase p, long v, int row) {
            SampleCollector s = flush[p.ordinal()];
            if (s == null) {
                s = new SampleCollector(16);
                flush[p.ordinal()] = s;
            }
            s.add(v, row);
        }

        DeviceStats finish() {
            if (queued > 1 && qTimes != null) {
                // Q2Q: between consecutive queued bios in time order (btt's update_lq)
                int[] order = IntSort.stableOrderByKey(qTimes, queued);
                SampleCollector q2q = new SampleCollector(queued - 1);
                for (int k = 1; k < queued; k++) {
                    q2q.add(delta(qTimes[order[k - 1]], qTimes[order[k]]), qRows[order[k]]);
                }
                data[Phase.Q2Q.ordinal()] = q2q;
            }
            qTimes = null;
            qRows = null;
            Map<Phase, SampleCollector> dataMap = new EnumMap<>(Phase.class);
            Map<Phase, SampleCollector> flushMap = new EnumMap<>(Phase.class);
            for (Phase p : Phase.values()) {
                if (data[p.ordinal()] != null) {
                    dataMap.put(p, data[p.ordinal()]);
                    data[p.ordinal()] = null; // DeviceStats compacts it; the collector is spent
                }
                if (flush[p.ordinal()] != null) {
                    flushMap.put(p, flush[p.ordinal()]);
                    flush[p.ordinal()] = null;
                }
            }
            DeviceStats.Sizes sizes =
                    new DeviceStats.Sizes(
                            sizeN,
                            sizeN == 0 ? 0 : sizeMin,
                            sizeN == 0 ? 0 : (double) sizeTotal / sizeN,
                            sizeMax,
                            sizeTotal);
            return new DeviceStats(
                    layer,
                    layerId,
                    name,
                    lanes,
                    dataMap,
                    flushMap,
                    queued,
                    issued,
                    flushes,
                    sizes,
                    device.build(),
                    scheduler.build());
        }
    }
}
