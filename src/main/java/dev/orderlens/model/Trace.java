package dev.orderlens.model;

import java.util.List;

/**
 * An imported (or simulated) trace: layers, lanes, requests and point events on one timeline.
 * Immutable once built by {@link TraceBuilder}; requests are sorted by submit time, events by time,
 * layers top to bottom (guest, virtio, host, device, others).
 */
public final class Trace {
    private final TraceMeta meta;
    private final List<Layer> layers;
    private final List<Lane> lanes;
    private final RequestTable requests;
    private final EventTable events;
    private final List<SourceFile> sources;
    private final Truth truth;
    private final StringPool pool;
    private final long startNs;
    private final long endNs;
    private volatile RequestNames names;

    Trace(
            TraceMeta meta,
            List<Layer> layers,
            List<Lane> lanes,
            RequestTable requests,
            EventTable events,
            List<SourceFile> sources,
            Truth truth,
            StringPool pool) {
        this.meta = meta;
        this.layers = List.copyOf(layers);
        this.lanes = List.copyOf(lanes);
        this.requests = requests;
        this.events = events;
        this.sources = List.copyOf(sources);
        this.truth = truth;
        this.pool = pool;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int r = 0; r < requests.size(); r++) {
            lo = Math.min(lo, requests.submit(r));
            hi =
                    Math.max(
                            hi,
                            Math.max(
                                    requests.submit(r),
                                    Math.max(requests.issue(r), requests.complete(r))));
        }
        for (int e = 0; e < events.size(); e++) {
            lo = Math.min(lo, events.time(e));
            hi = Math.max(hi, events.time(e));
        }
        this.startNs = lo == Long.MAX_VALUE ? 0 : lo;
        this.endNs = hi == Long.MIN_VALUE ? 0 : hi;
    }

    public TraceMeta meta() {
        return meta;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Index of a layer id, or -1. */
    public int layerIndex(String id) {
        for (Layer l : layers) {
            if (l.id().equals(id)) {
                return l.index();
            }
        }
        return -1;
    }

    /** The id of a request's layer ("guest", "virtio", ...). */
    public String layerId(int row) {
        return layers.get(requests.layer(row)).id();
    }

    /** How requests are named to users ("guest#722"); built on first use. */
    public RequestNames names() {
        RequestNames n = names;
        if (n == null) {
            n = new RequestNames(this);
            names = n;
        }
        return n;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    public Requests requests() {
        return requests;
    }

    /** The concrete read-only table, for hot loops that want {@link RequestTable#opCode}. */
    public RequestTable requestTable() {
        return requests;
    }

    public Events events() {
        return events;
    }

    public List<SourceFile> sources() {
        return sources;
    }

    /** The simulator's ground truth, or null. */
    public Truth truth() {
        return truth;
    }

    /** Earliest time in the trace (ns), 0 if empty. */
    public long startNs() {
        return startNs;
    }

    /** Latest time in the trace (ns), 0 if empty. */
    public long endNs() {
        return endNs;
    }

    public long skippedLines() {
        long n = 0;
        for (SourceFile f : sources) {
            n += f.skippedLines();
        }
        return n;
    }

    /** Heap bytes held by the tables and the string pool (approximate), for benchmarks. */
    public long retainedBytes() {
        return requests.retainedBytes() + events.retainedBytes() + pool.retainedBytes();
    }
}
