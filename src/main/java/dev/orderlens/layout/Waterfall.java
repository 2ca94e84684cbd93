package dev.orderlens.layout;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A selected request's life across the layers as a waterfall: one bar per request of its chain (the
 * guest request, the flushes its flush machinery issued for it, its virtio request, its host
 * request), each cut at the instants that layer records — Q (queued / popped / entered), G (got a
 * request), I (inserted), D (issued) and C (completed) — and, between the layers, the cross-layer
 * segments (virtqueue, QEMU, way back). Pure data: the ui pane and the exporters draw it.
 */
public final class Waterfall {
    /** A named part of a bar or a connector between bars, in absolute ns. */
    public record Part(String name, long startNs, long endNs) {
        public long duration() {
            return endNs - startNs;
        }
    }

    /** One request's bar: its layer, a label, its row, its extent and its phases in time order. */
    public record Bar(
            String layerId, String label, int row, long startNs, long endNs, List<Part> phases) {}

    private final List<Bar> bars;
    private final List<Part> links;
    private final long startNs;
    private final long endNs;

    private Waterfall(List<Bar> bars, List<Part> links) {
        this.bars = List.copyOf(bars);
        this.links = List.copyOf(links);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Bar b : bars) {
            lo = Math.min(lo, b.startNs());
            hi = Math.max(hi, b.endNs());
        }
        this.startNs = bars.isEmpty() ? 0 : lo;
        this.endNs = bars.isEmpty() ? 0 : hi;
    }

    /** The waterfall of the chain {@code row} belongs to (just its own bar when it has none). */
    public static Waterfall of(Trace t, CrossLayer cross, int row) {
        Requests r = t.requests();
        List<Bar> bars = new ArrayList<>();
        List<Part> links = new ArrayList<>();
        boolean chains = cross != null && cross.available();
        int entry = chains ? cross.entryOf(row) : -1;
        int top = entry < 0 ? row : cross.row(entry);
        bars.add(bar(t, top));
        List<Bar> below = new ArrayList<>();
        chain(t, cross, entry, top, below);
        for (int i = 0;
                i < r.size();
                i++) { // what the flush machinery issued for it, in the same layer
            if (r.parent(i) == top && r.layer(i) == r.layer(top)) {
                below.add(bar(t, i));
                int e = chains ? cross.entryOf(i) : -1;
                chain(t, cross, e == entry ? -1 : e, i, below);
            }
        }
        below.sort(Comparator.comparingLong(Bar::startNs));
        bars.addAll(below);
        if (entry >= 0) {
            long d = r.issue(top);
            int v = cross.virtio(entry);
            int h = cross.host(entry);
            long pop = v < 0 ? Time.NONE : r.submit(v);
            long hostStart = h < 0 ? Time.NONE : r.issue(h) != Time.NONE ? r.issue(h) : r.submit(h);
            long hostEnd = h < 0 ? Time.NONE : r.complete(h);
            if (v != top) {
                link(links, CrossLayer.Segment.VIRTQUEUE.key(), d, pop);
            }
            link(links, CrossLayer.Segment.QEMU.key(), pop, hostStart);
            link(links, CrossLayer.Segment.COMPLETION.key(), hostEnd, r.complete(top));
        }
        return new Waterfall(bars, links);
    }

    /**
     * The virtio and host bars of a cross-layer entry (none for -1; not the top row itself again).
     */
    private static void chain(Trace t, CrossLayer cross, int entry, int top, List<Bar> out) {
        if (entry < 0) {
            return;
        }
        if (cross.virtio(entry) >= 0 && cross.virtio(entry) != top) {
            out.add(bar(t, cross.virtio(entry)));
        }
        if (cross.host(entry) >= 0) {
            out.add(bar(t, cross.host(entry)));
        }
    }

    private static void link(List<Part> links, String name, long from, long to) {
        if (from != Time.NONE && to != Time.NONE) {
            links.add(new Part(name, from, to));
        }
    }

    /** A request's bar, cut at every instant its layer recorded for it. */
    static Bar bar(Trace t, int row) {
        Requests r = t.requests();
        long[] at = {r.submit(row), r.allocate(row), r.insert(row), r.issue(row), r.complete(row)};
        char[] letter = {'Q', 'G', 'I', 'D', 'C'};
        List<Part> phases = new ArrayList<>();
        int prev = 0;
        long end = r.submit(row);
        for (int k = 1; k < at.length; k++) {
            if (at[k] == Time.NONE) {
                continue;
            }
            if (at[k] > at[prev]) { // an instant at the same time as the previous one adds no part
                phases.add(new Part("" + letter[prev] + '2' + letter[k], at[prev], at[k]));
            }
            prev = k;
            end = Math.max(end, at[k]);
        }
        String layer = t.layerId(row);
        String label =
                t.names().label(row)
                        + (r.count(row) > 0 ? " " + r.sector(row) + "+" + r.count(row) : "");
        return new Bar(layer, label, row, r.submit(row), end, phases);
    }

    /**
     * Bars top to bottom: the top request first, then the rest of its chain by start time — its
     * virtio and host requests, the flushes its flush machinery issued and theirs.
     */
    public List<Bar> bars() {
        return bars;
    }

    /** The cross-layer connectors: virtqueue, qemu and completion segments where known. */
    public List<Part> links() {
        return links;
    }

    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }
}
