package dev.orderlens.analysis;

import dev.orderlens.importer.GuestVirtioLinks;
import dev.orderlens.model.Layer;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where each guest request spent its time on the way down the stack and back (docs/stats.md, ADR
 * 0051): in the guest block layer (Q to D), on the virtqueue (guest D to QEMU's {@code
 * virtqueue_pop}), inside QEMU before the host I/O was submitted (pop to the backend submission),
 * in the host I/O (submission to the block layer's completion) and on the way back (host completion
 * to the guest's C).
 *
 * <p>A guest request's virtio request is its child by parent link: {@code TraceLoader} links a
 * guest blkparse file to a QEMU log with {@code GuestVirtioLinks} (by operation and sector range,
 * popped while the guest request was issued), the simulator writes the links itself. The virtio
 * request's host request is its child by parent link (the QEMU importer makes those). A data-less
 * flush bio (an fsync) goes down as the flush its flush machinery issued, so it is matched through
 * that flush. Without a guest layer the virtio requests are the entries and the first two segments
 * are absent. A segment is counted when both its ends are known; TOTAL only for entries whose five
 * segments are all known, so for those the segments add up to it exactly.
 */
public final class CrossLayer {
    /** The parts of a request's life across the layers, top to bottom and back. */
    public enum Segment {
        GUEST("guest", "guest block layer: queued (Q) to issued to the driver (D)"),
        VIRTQUEUE("virtqueue", "on the virtqueue: guest D to QEMU's virtqueue_pop"),
        QEMU("qemu", "in QEMU before the host I/O: virtqueue_pop to the backend submission"),
        HOST("host", "host I/O: backend submission to the block layer's completion"),
        COMPLETION("completion", "back to the guest: host completion to the guest's C"),
        TOTAL(
                "total",
                "queued in the guest to completed in the guest, for requests with every segment");

        private final String key;
        private final String description;

        Segment(String key, String description) {
            this.key = key;
            this.description = description;
        }

        /** The JSON/CSV name. */
        public String key() {
            return key;
        }

        public String description() {
            return description;
        }
    }

    static final CrossLayer NONE =
            new CrossLayer(null, -1, new int[0], new int[0], new int[0], 0, new long[6][0]);

    private final Trace trace;
    private final int topLayer;
    private final int[] rows;
    private final int[] virtio;
    private final int[] host;
    private final int unmatchedVirtio;

    /** [segment][entry], Time.NONE where unknown. */
    private final long[][] times;

    private final Map<Segment, Samples> samples = new EnumMap<>(Segment.class);
    private final Map<Segment, LatencySummary> summaries = new EnumMap<>(Segment.class);
    private volatile int[] entryOfRow;

    private CrossLayer(
            Trace trace,
            int topLayer,
            int[] rows,
            int[] virtio,
            int[] host,
            int unmatchedVirtio,
            long[][] times) {
        this.trace = trace;
        this.topLayer = topLayer;
        this.rows = rows;
        this.virtio = virtio;
        this.host = host;
        this.unmatchedVirtio = unmatchedVirtio;
        this.times = times;
        for (Segment s : Segment.values()) {
            SampleCollector sm = new SampleCollector(0);
            long[] v = times[s.ordinal()];
            for (int i = 0; i < v.length; i++) {
                if (v[i] != Time.NONE) {
                    sm.add(v[i], rows[i]);
                }
            }
            SampleCollector.Summarized done = sm.finish();
            samples.put(s, done.samples());
            summaries.put(s, done.summary());
        }
    }

    /** The breakdown of a trace; empty (not {@link #available()}) without a virtio layer. */
    public static CrossLayer of(Trace t) {
        int guest = t.layerIndex(Layer.GUEST);
        int virt = t.layerIndex(Layer.VIRTIO);
        int hostLayer = t.layerIndex(Layer.HOST);
        if (virt < 0) {
            return NONE;
        }
        RequestTable r = t.requestTable();
        int n = r.size();
        int[] hostOf = new int[n];
        Arrays.fill(hostOf, -1);
        for (int i = 0;
                i < n;
                i++) { // rows are in submit order, so the first child found is the earliest
            int p = r.parent(i);
            if (p >= 0 && r.layer(i) == hostLayer && r.layer(p) == virt && hostOf[p] < 0) {
                hostOf[p] = i;
            }
        }
        return guest < 0 ? virtioOnly(t, r, virt, hostOf) : withGuest(t, r, guest, virt, hostOf);
    }

    private static CrossLayer withGuest(
            Trace t, RequestTable r, int guest, int virt, int[] hostOf) {
        int n = r.size();
        int[] carrier = GuestVirtioLinks.carriers(r, guest);
        int m = 0;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            if (r.layer(i) == guest && r.issue(i) != Time.NONE && carrier[i] >= 0) {
                rows[m++] = i;
            }
        }
        rows = Arrays.copyOf(rows, m);
        // the virtio request a guest request went down as is the child of its carrier: by parent
        // link
        // (made by TraceLoader for two files, written by the simulator), else matched the same way
        // here
        int[] found =
                GuestVirtioLinks.parents(t); // for traces whose links were not made on loading
        int[] virtioOf = new int[n];
        Arrays.fill(virtioOf, -1);
        int virtioCount = 0;
        int linked = 0;
        for (int i = 0; i < n; i++) {
            if (r.layer(i) != virt) {
                continue;
            }
            virtioCount++;
            int p = r.parent(i) >= 0 ? r.parent(i) : found[i];
            if (p >= 0 && r.layer(p) == guest && virtioOf[p] < 0) {
                virtioOf[p] = i;
                linked++;
            }
        }
        int[] virtio = new int[m];
        int[] host = new int[m];
        Arrays.fill(virtio, -1);
        Arrays.fill(host, -1);
        for (int k = 0; k < m; k++) {
            int v = virtioOf[carrier[rows[k]]];
            if (v >= 0) {
                virtio[k] = v;
                host[k] = hostOf[v];
            }
        }
        long[][] times = new long[Segment.values().length][m];
        for (int k = 0; k < m; k++) {
            int row = rows[k];
            long q = LatencyStats.hasQueueEvent(r, row) ? r.submit(row) : Time.NONE;
            long v = virtio[k] < 0 ? Time.NONE : r.submit(virtio[k]);
            fill(
                    times,
                    k,
                    true,
                    q,
                    r.issue(row),
                    v,
                    hostSubmit(r, host[k]),
                    host[k] < 0 ? Time.NONE : r.complete(host[k]),
                    r.complete(row));
        }
        return new CrossLayer(t, guest, rows, virtio, host, virtioCount - linked, times);
    }

    private static CrossLayer virtioOnly(Trace t, RequestTable r, int virt, int[] hostOf) {
        int m = 0;
        int[] rows = new int[r.size()];
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == virt) {
                rows[m++] = i;
            }
        }
        rows = Arrays.copyOf(rows, m);
        int[] host = new int[m];
        long[][] times = new long[Segment.values().length][m];
        for (int k = 0; k < m; k++) {
            int v = rows[k];
            host[k] = hostOf[v];
            fill(
                    times,
                    k,
                    false,
                    Time.NONE,
                    Time.NONE,
                    r.submit(v),
                    hostSubmit(r, host[k]),
                    host[k] < 0 ? Time.NONE : r.complete(host[k]),
                    r.complete(v));
        }
        return new CrossLayer(t, virt, rows, rows.clone(), host, 0, times);
    }

    /**
     * The host I/O starts at the backend submission (its issue), else when the block layer got it.
     */
    private static long hostSubmit(RequestTable r, int h) {
        if (h < 0) {
            return Time.NONE;
        }
        return r.issue(h) != Time.NONE ? r.issue(h) : r.submit(h);
    }

    /**
     * Segments from the chain's instants: guest Q, guest D, pop, host submit, host end, and the top
     * layer's completion; without a guest layer the first two segments are absent.
     */
    private static void fill(
            long[][] times,
            int k,
            boolean guest,
            long q,
            long d,
            long pop,
            long hostStart,
            long hostEnd,
            long done) {
        times[Segment.GUEST.ordinal()][k] = guest ? diff(q, d) : Time.NONE;
        times[Segment.VIRTQUEUE.ordinal()][k] = guest ? diff(d, pop) : Time.NONE;
        times[Segment.QEMU.ordinal()][k] = diff(pop, hostStart);
        times[Segment.HOST.ordinal()][k] = diff(hostStart, hostEnd);
        times[Segment.COMPLETION.ordinal()][k] = diff(hostEnd, done);
        boolean all = true;
        for (Segment s : Segment.values()) {
            boolean counted =
                    s != Segment.TOTAL && (guest || s != Segment.GUEST && s != Segment.VIRTQUEUE);
            all &= !counted || times[s.ordinal()][k] != Time.NONE;
        }
        times[Segment.TOTAL.ordinal()][k] = all ? diff(guest ? q : pop, done) : Time.NONE;
    }

    private static long diff(long from, long to) {
        return from == Time.NONE || to == Time.NONE ? Time.NONE : to - from;
    }

    /** False when the trace has no virtio layer (nothing to break down). */
    public boolean available() {
        return topLayer >= 0;
    }

    /**
     * The layer the entries come from: guest when the trace has one, else virtio; -1 if
     * unavailable.
     */
    public int topLayer() {
        return topLayer;
    }

    /** Number of entries (guest requests that reached the driver, or virtio requests). */
    public int size() {
        return rows.length;
    }

    /** The entry's request row (in the top layer). */
    public int row(int i) {
        return rows[i];
    }

    /** The entry's virtio request row, or -1 when none matched. */
    public int virtio(int i) {
        return virtio[i];
    }

    /** The entry's host request row, or -1. */
    public int host(int i) {
        return host[i];
    }

    /** One segment of one entry in ns, or Time.NONE when an end is unknown. */
    public long segment(int i, Segment s) {
        return times[s.ordinal()][i];
    }

    public LatencySummary summary(Segment s) {
        return summaries.get(s);
    }

    public Samples samples(Segment s) {
        return samples.get(s);
    }

    /** Entries matched to a virtio request. */
    public int matchedVirtio() {
        int c = 0;
        for (int v : virtio) {
            c += v >= 0 ? 1 : 0;
        }
        return c;
    }

    /** Entries whose chain reaches a host request. */
    public int matchedHost() {
        int c = 0;
        for (int h : host) {
            c += h >= 0 ? 1 : 0;
        }
        return c;
    }

    /**
     * Virtio requests no guest request was matched to (0 when the entries are the virtio requests).
     */
    public int unmatchedVirtio() {
        return unmatchedVirtio;
    }

    /**
     * The entry a request belongs to: the entry itself, its virtio or host request, or the flush
     * machinery's flush that carried it; -1 if none.
     */
    public int entryOf(int row) {
        if (trace == null) {
            return -1;
        }
        int[] map = entryOfRow;
        if (map == null) {
            map = new int[trace.requests().size()];
            Arrays.fill(map, -1);
            for (int i = 0; i < rows.length; i++) {
                map[rows[i]] = i;
                if (virtio[i] >= 0) {
                    map[virtio[i]] = i;
                }
                if (host[i] >= 0) {
                    map[host[i]] = i;
                }
            }
            RequestTable r = trace.requestTable();
            for (int i = 0; i < map.length; i++) {
                int p = r.parent(i);
                if (map[i] < 0
                        && p >= 0
                        && map[p] >= 0
                        && r.layer(i) == r.layer(p)
                        && r.layer(i) == topLayer) {
                    map[i] = map[p]; // a machinery flush carrying an entry
                }
            }
            entryOfRow = map;
        }
        return row >= 0 && row < map.length ? map[row] : -1;
    }
}
