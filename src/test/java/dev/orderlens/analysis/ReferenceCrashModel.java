package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A brute-force reference for tiny traces: docs/analysis.md's rules applied literally, write by
 * write, with naive loops (every flush, every error, every pair), places as sets instead of level
 * ranges, recursion instead of a precomputed bottom-up order, and the per-sector contents found by
 * enumerating every crash state and every order the persisted writes may land in, instead of the
 * supersession rule. Slow (exponential) on purpose; only for the property test.
 */
final class ReferenceCrashModel {
    /** Where data can be, top to bottom; NOWHERE for failed or dropped data. */
    enum Place {
        NOWHERE,
        GUEST,
        QEMU,
        KERNEL,
        DEVICE_CACHE,
        MEDIA
    }

    final Trace trace;
    final Requests r;
    final CrashPoint p;
    final long t;
    final FlushDomains domains;
    final Map<Integer, WriteState> state = new TreeMap<>();
    final Map<Integer, Set<Place>> places = new HashMap<>();

    /** Rows dropped in part by an error, with the sectors dropped. */
    final Map<Integer, Set<Long>> droppedSectors = new HashMap<>();

    final Set<Integer> fullyDropped = new TreeSet<>();

    ReferenceCrashModel(Trace trace, CrashPoint p) {
        this.trace = trace;
        this.r = trace.requests();
        this.p = p;
        this.t = p.atNs();
        this.domains = FlushDomains.of(trace);
        applyErrors();
        for (int w = 0; w < r.size(); w++) {
            if (isWrite(w)) {
                state.put(w, stateOf(w));
            }
        }
    }

    boolean isWrite(int row) {
        return r.op(row).modifiesData();
    }

    long end(int row) {
        return r.complete(row) == Time.NONE ? Long.MAX_VALUE : r.complete(row);
    }

    boolean ok(int row) {
        return r.complete(row) != Time.NONE && r.status(row) == Status.OK;
    }

    String layerId(int row) {
        return trace.layerId(row);
    }

    boolean isFlush(int row) {
        return r.op(row) == Op.FLUSH || r.has(row, Flags.PREFLUSH);
    }

    boolean deviceCache() {
        Object v = trace.meta().config().get("deviceWriteCache");
        return !(Boolean.FALSE.equals(v) || "false".equals(v));
    }

    /** The write's own layer rule, spelled out per layer and cache mode. */
    String rule(int row) {
        String layer = layerId(row);
        CacheMode m = p.cacheModes().uniform();
        boolean devCache = deviceCache();
        boolean isDevice =
                !layer.equals(Layer.GUEST)
                        && !layer.equals(Layer.VIRTIO)
                        && !layer.equals(Layer.HOST);
        if (isDevice) {
            return devCache ? "flush" : "complete";
        }
        if (m == CacheMode.WRITETHROUGH || m == CacheMode.DIRECTSYNC) {
            return "complete";
        }
        if (m == CacheMode.NONE && !devCache) {
            return "complete";
        }
        if (m == CacheMode.UNSAFE && !layer.equals(Layer.HOST)) {
            return "never";
        }
        return "flush";
    }

    /** Earliest time a completed flush of the domain (or FUA) made the row durable, naive. */
    long flushOrFuaAt(int w) {
        if (!ok(w)) {
            return Long.MAX_VALUE;
        }
        long best = r.has(w, Flags.FUA) ? end(w) : Long.MAX_VALUE;
        for (int f = 0; f < r.size(); f++) {
            if (f != w
                    && isFlush(f)
                    && ok(f)
                    && domains.ofLane(r.lane(f)) == domains.ofLane(r.lane(w))
                    && r.submit(f) >= end(w)) {
                best = Math.min(best, end(f));
            }
        }
        return best;
    }

    long ownDurableAt(int w) {
        return switch (rule(w)) {
            case "complete" -> ok(w) ? end(w) : Long.MAX_VALUE;
            case "never" -> Long.MAX_VALUE;
            default -> flushOrFuaAt(w);
        };
    }

    long toldAt(int w) {
        if (!ok(w)) {
            return Long.MAX_VALUE;
        }
        return rule(w).equals("complete") ? end(w) : flushOrFuaAt(w);
    }

    private void applyErrors() {
        Events e = trace.events();
        for (int ev = 0; ev < e.size(); ev++) {
            if (e.kind(ev) != EventKind.WRITEBACK_ERROR || e.time(ev) > t) {
                continue;
            }
            int target = targetLayer(e.layer(ev));
            if (target < 0) {
                continue;
            }
            boolean ranged = e.sector(ev) >= 0 && e.count(ev) > 0;
            for (int w = 0; w < r.size(); w++) {
                boolean inFlight = r.submit(w) <= e.time(ev) && end(w) > e.time(ev);
                if (!isWrite(w)
                        || r.layer(w) != target
                        || !ok(w)
                        || (end(w) > e.time(ev) && !inFlight)) {
                    continue;
                }
                if (e.lane(ev) >= 0
                        && trace.lanes().get(e.lane(ev)).layer() == target
                        && domains.ofLane(e.lane(ev)) != domains.ofLane(r.lane(w))) {
                    continue;
                }
                if (!inFlight && (rule(w).equals("complete") || ownDurableAt(w) <= e.time(ev))) {
                    continue;
                }
                Set<Long> hit = new TreeSet<>();
                for (long s = r.sector(w); s < r.sector(w) + r.count(w); s++) {
                    if (!ranged || (s >= e.sector(ev) && s < e.sector(ev) + e.count(ev))) {
                        hit.add(s);
                    }
                }
                if (hit.isEmpty()) {
                    continue;
                }
                if (inFlight) { // its data may have been in the failed pages: never durable,
                    // nothing certainly dropped
                    droppedSectors.computeIfAbsent(w, k -> new TreeSet<>());
                    continue;
                }
                if (hit.size() == r.count(w)) {
                    fullyDropped.add(w);
                } else {
                    droppedSectors.computeIfAbsent(w, k -> new TreeSet<>()).addAll(hit);
                }
            }
        }
    }

    boolean layerHasWrites(int layer) {
        for (int w = 0; w < r.size(); w++) {
            if (isWrite(w) && r.layer(w) == layer) {
                return true;
            }
        }
        return false;
    }

    int targetLayer(int layer) {
        int at = layer;
        int nLayers = trace.layers().size();
        if (at < 0) {
            at = trace.layerIndex(Layer.HOST);
            if (at < 0) {
                int pos = 0;
                while (pos < nLayers && trace.layers().get(pos).stackRank() < 2) {
                    pos++;
                }
                for (int l = pos - 1; l >= 0; l--) {
                    if (layerHasWrites(l)) {
                        return l;
                    }
                }
                for (int l = pos; l < nLayers; l++) {
                    if (layerHasWrites(l)) {
                        return l;
                    }
                }
                return -1;
            }
        }
        if (layerHasWrites(at)) {
            return at;
        }
        for (int l = at - 1; l >= 0; l--) {
            if (layerHasWrites(l)) {
                return l;
            }
        }
        for (int l = at + 1; l < nLayers; l++) {
            if (layerHasWrites(l)) {
                return l;
            }
        }
        return -1;
    }

    private static Set<Place> span(Place from, Place to) {
        return from.ordinal() > to.ordinal()
                ? EnumSet.noneOf(Place.class)
                : EnumSet.range(from, to);
    }

    Place hold(int row) {
        return switch (layerId(row)) {
            case Layer.GUEST -> Place.GUEST;
            case Layer.VIRTIO, Layer.HOST -> Place.QEMU;
            default -> Place.KERNEL;
        };
    }

    Place afterIssue(int row) {
        return layerId(row).equals(Layer.GUEST) ? Place.QEMU : hold(row);
    }

    Place afterComplete(int row) {
        return switch (layerId(row)) {
            case Layer.GUEST, Layer.VIRTIO -> Place.KERNEL;
            case Layer.HOST ->
                    p.cacheModes().uniform() == CacheMode.NONE
                                    || p.cacheModes().uniform() == CacheMode.DIRECTSYNC
                            ? Place.DEVICE_CACHE
                            : Place.KERNEL;
            default -> Place.DEVICE_CACHE;
        };
    }

    /** Where the row's data may be, from its own times only (no promise). */
    Set<Place> facts(int w) {
        if (end(w) <= t) {
            return ok(w) ? span(afterComplete(w), Place.MEDIA) : EnumSet.allOf(Place.class);
        }
        long is = r.issue(w);
        if (is == Time.NONE) {
            return span(hold(w), Place.MEDIA);
        }
        if (is <= t) {
            return span(afterIssue(w), Place.MEDIA);
        }
        return EnumSet.of(hold(w));
    }

    List<Integer> kids(int w) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < r.size(); k++) {
            if (k != w && r.parent(k) == w && isWrite(k)) {
                out.add(k);
            }
        }
        return out;
    }

    Set<Place> placesOf(int w) {
        Set<Place> cached = places.get(w);
        if (cached != null) {
            return cached;
        }
        Set<Place> result;
        if (fullyDropped.contains(w)) {
            result = EnumSet.of(Place.NOWHERE);
        } else {
            Set<Place> f = facts(w);
            boolean promised =
                    ok(w) && end(w) <= t && ownDurableAt(w) <= t && !droppedSectors.containsKey(w);
            List<Integer> kids = kids(w);
            if (kids.isEmpty()) {
                result = promised ? EnumSet.of(Place.MEDIA) : f;
            } else {
                Set<Place> union = EnumSet.noneOf(Place.class);
                long kidSectors = 0;
                Place fLow = lowest(f);
                Place fHigh = highest(f);
                for (int k : kids) {
                    kidSectors += r.count(k);
                    if (r.submit(k) <= t) {
                        union.addAll(placesOf(k));
                    } else {
                        Place top = fHigh.ordinal() < hold(k).ordinal() ? fHigh : hold(k);
                        Place low = fLow.ordinal() < top.ordinal() ? fLow : top;
                        union.addAll(span(low, top));
                    }
                }
                if (kidSectors < r.count(w)) {
                    union.addAll(promised ? EnumSet.of(Place.MEDIA) : f);
                }
                // what the write's own times prove narrows what the layers below say, unless they
                // contradict it
                Set<Place> narrowed = span(max(lowest(union), fLow), min(highest(union), fHigh));
                result = narrowed.isEmpty() ? span(lowest(union), highest(union)) : narrowed;
            }
            if (droppedSectors.containsKey(w)) {
                result = EnumSet.copyOf(result);
                result.add(Place.NOWHERE);
                result = span(Place.NOWHERE, highest(result));
            }
        }
        places.put(w, result);
        return result;
    }

    private static Place lowest(Set<Place> s) {
        return s.iterator().next();
    }

    private static Place highest(Set<Place> s) {
        Place h = null;
        for (Place x : s) {
            h = x;
        }
        return h;
    }

    private static Place max(Place a, Place b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static Place min(Place a, Place b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    Set<Place> survivors() {
        return switch (p.kind()) {
            case POWER_LOSS -> EnumSet.of(Place.MEDIA);
            case QEMU_KILL -> EnumSet.of(Place.KERNEL, Place.DEVICE_CACHE, Place.MEDIA);
            case GUEST_CRASH ->
                    EnumSet.of(Place.QEMU, Place.KERNEL, Place.DEVICE_CACHE, Place.MEDIA);
        };
    }

    WriteState stateOf(int w) {
        if (t < r.submit(w)) {
            return WriteState.NOT_ISSUED;
        }
        Set<Place> at = placesOf(w);
        Set<Place> surv = survivors();
        if (surv.containsAll(at)) {
            return WriteState.DURABLE;
        }
        boolean any = false;
        for (Place x : at) {
            any |= surv.contains(x);
        }
        if (!any) {
            return WriteState.LOST;
        }
        return end(w) <= t ? WriteState.VOLATILE : WriteState.IN_FLIGHT;
    }

    // ---- findings ----

    Set<Integer> promiseViolations() {
        Set<Integer> out = new TreeSet<>();
        state.forEach(
                (w, s) -> {
                    if (s != WriteState.NOT_ISSUED && s != WriteState.DURABLE && toldAt(w) <= t) {
                        out.add(w);
                    }
                });
        return out;
    }

    int topLayer() {
        for (int l = 0; l < trace.layers().size(); l++) {
            if (layerHasWrites(l)) {
                return l;
            }
        }
        return -1;
    }

    /** Every (write, predecessor) pair of the top layer's root writes. */
    Map<Integer, Set<Integer>> lostPredecessors() {
        Map<Integer, Set<Integer>> out = new TreeMap<>();
        int top = topLayer();
        for (int w = 0; w < r.size(); w++) {
            if (!isRoot(w, top) || !state.get(w).maySurvive()) {
                continue;
            }
            for (int q = 0; q < r.size(); q++) {
                if (q != w && isRoot(q, top) && end(q) <= r.submit(w) && state.get(q).mayBeLost()) {
                    out.computeIfAbsent(w, k -> new TreeSet<>()).add(q);
                }
            }
        }
        return out;
    }

    private boolean isRoot(int w, int top) {
        return isWrite(w) && r.layer(w) == top && (r.parent(w) < 0 || !isWrite(r.parent(w)));
    }

    // ---- contents ----

    int contentLayer() {
        int first = -1;
        int last = -1;
        int host = -1;
        int aboveHost = -1;
        int guest = -1;
        for (int l = 0; l < trace.layers().size(); l++) {
            if (!layerHasWrites(l)) {
                continue;
            }
            Layer layer = trace.layers().get(l);
            if (first < 0) {
                first = l;
            }
            last = l;
            if (layer.id().equals(Layer.HOST)) {
                host = l;
            } else if (layer.stackRank() < 2) {
                aboveHost = l;
            }
            if (layer.id().equals(Layer.GUEST)) {
                guest = l;
            }
        }
        return switch (p.kind()) {
            case POWER_LOSS -> last;
            case QEMU_KILL -> host >= 0 ? host : aboveHost >= 0 ? aboveHost : first;
            case GUEST_CRASH -> guest >= 0 ? guest : first;
        };
    }

    List<Integer> contentRows() {
        int layer = contentLayer();
        List<Integer> out = new ArrayList<>();
        for (int w = 0; w < r.size(); w++) {
            if (!isWrite(w) || r.layer(w) != layer) {
                continue;
            }
            boolean passesOn = false;
            for (int k : kids(w)) {
                passesOn |= r.layer(k) == layer;
            }
            if (!passesOn) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Per (domain, sector) written by an issued content write: every content the sector may hold,
     * found by trying every subset of the uncertain writes covering it and every order the
     * persisted ones may land in (a write lands after every write that completed before it was
     * submitted). Values: request rows, -1 for the initial content, -2 for garbage.
     */
    Map<String, Set<Integer>> contents() {
        Map<String, Set<Integer>> out = new TreeMap<>();
        List<Integer> rows = contentRows();
        Map<Integer, Set<Long>> sectorsByDomain = new TreeMap<>();
        for (int w : rows) {
            if (state.get(w) != WriteState.NOT_ISSUED) {
                for (long s = r.sector(w); s < r.sector(w) + r.count(w); s++) {
                    sectorsByDomain
                            .computeIfAbsent(domains.ofLane(r.lane(w)), k -> new TreeSet<>())
                            .add(s);
                }
            }
        }
        sectorsByDomain.forEach(
                (d, sectors) -> {
                    for (long s : sectors) {
                        List<Integer> sure = new ArrayList<>();
                        List<Integer> maybe = new ArrayList<>();
                        for (int w : rows) {
                            if (domains.ofLane(r.lane(w)) != d
                                    || s < r.sector(w)
                                    || s >= r.sector(w) + r.count(w)) {
                                continue;
                            }
                            WriteState st = state.get(w);
                            boolean droppedHere =
                                    droppedSectors.getOrDefault(w, Set.of()).contains(s);
                            if (st == WriteState.DURABLE) {
                                sure.add(w);
                            } else if (st.uncertain() && !droppedHere) {
                                maybe.add(w);
                            }
                        }
                        Set<Integer> possible = new TreeSet<>();
                        for (int mask = 0; mask < (1 << maybe.size()); mask++) {
                            List<Integer> landed = new ArrayList<>(sure);
                            for (int i = 0; i < maybe.size(); i++) {
                                if ((mask & (1 << i)) != 0) {
                                    landed.add(maybe.get(i));
                                }
                            }
                            if (landed.isEmpty()) {
                                possible.add(-1);
                            }
                            for (int x : landed) {
                                boolean canBeLast = true;
                                for (int y : landed) {
                                    if (y != x && end(x) <= r.submit(y)) {
                                        canBeLast =
                                                false; // y was submitted after x completed: y lands
                                        // later
                                    }
                                }
                                if (canBeLast) {
                                    possible.add(x);
                                    if (p.tearing() == Tearing.GARBAGE && maybe.contains(x)) {
                                        possible.add(-2);
                                    }
                                }
                            }
                        }
                        out.put(d + ":" + s, possible);
                    }
                });
        return out;
    }

    double log2States() {
        double bits = 0;
        for (int w : contentRows()) {
            if (r.count(w) > 0 && state.get(w).uncertain()) {
                long units =
                        switch (p.tearing()) {
                            case SECTOR, GARBAGE -> r.count(w);
                            case ATOMIC_WRITE -> 1;
                            case ATOMIC_4K -> {
                                Set<Long> u = new TreeSet<>();
                                for (long s = r.sector(w); s < r.sector(w) + r.count(w); s++) {
                                    u.add(Math.floorDiv(s, 8));
                                }
                                yield u.size();
                            }
                        };
                bits += units * (p.tearing() == Tearing.GARBAGE ? Math.log(3) / Math.log(2) : 1);
            }
        }
        return bits;
    }
}
