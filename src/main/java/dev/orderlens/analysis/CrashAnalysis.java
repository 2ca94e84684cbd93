package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.IntSort;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crash-point analysis of one trace (docs/analysis.md: the durability model, crash kinds and cache
 * modes). Built once per trace in O(n log n): each write's own layer's durability time (the first
 * completed flush that covers it, or FUA), the writeback errors that hit it, its links to the
 * requests that carry its data below, and the layers the crash kinds look at. A query ({@link
 * #at(CrashPoint)}) is then one O(n) pass with no allocation per row, fast enough to drag a crash
 * marker over a million requests; reasons, per-sector contents, crash states and the cross-layer
 * findings are computed on demand by the {@link CrashResult}.
 *
 * <p>The model is written down in docs/analysis.md; ADR 0020 says why it is built this way.
 */
public final class CrashAnalysis {

    private final Trace trace;

    /** Every row's prepared facts; {@link PreparedWrites#NEVER} for an instant that never comes. */
    private final PreparedWrites writes;

    /** Per crash kind ordinal, the layer whose writes decide the contents; -1 if none. */
    private final int[] contentLayer;

    /** The topmost layer with writes (lost predecessors are looked for there), or -1. */
    private final int topLayer;

    /** The top layer's root writes in both orders; built on first use (lost predecessors). */
    private volatile TopRoots topRoots;

    private final boolean deviceCache;
    private final CacheModes defaultCacheModes;

    /** The QEMU disks and the modes their logs show; empty without a QEMU log. */
    private final List<CacheModeInference.DiskMode> disks;

    /** Per lane, the disk its writes go to ({@link CacheModeInference#diskOfLanes}), or null. */
    private final String[] diskOfLane;

    private final CrashKind defaultKind;

    /** Writeback-error hits per durability rule; null when the trace has no writeback errors. */
    private final WritebackErrors errors;

    /** Per content layer (index), its content rows. */
    private final Map<Integer, int[]> contentRowsByLayer = new HashMap<>();

    /**
     * Per content layer, the sector index over its content rows: built on first use (the block map,
     * the sector contents), not before the first answer, as it is over half the preparation.
     */
    private final Map<Integer, IntervalIndex> contentIndexByLayer = new HashMap<>();

    private CrashAnalysis(Trace trace, Progress progress) {
        this.trace = trace;
        int n = trace.requests().size();
        writes = PreparedWrites.of(trace, progress, 3L * n);

        Map<String, Object> config = trace.meta().config();
        deviceCache = !isFalse(config.get("deviceWriteCache"));
        disks = CacheModeInference.of(trace);
        diskOfLane = CacheModeInference.diskOfLanes(trace);
        defaultCacheModes = defaultModes(trace, disks);
        defaultKind = recordedCrashKind(trace);

        contentLayer = new int[CrashKind.values().length];
        boolean[] hasWrites = new boolean[trace.layers().size()];
        for (int i = 0; i < n; i++) {
            if (writes.isWrite(i)) {
                hasWrites[writes.layer(i)] = true;
            }
        }
        for (CrashKind kind : CrashKind.values()) {
            contentLayer[kind.ordinal()] = chooseContentLayer(kind, hasWrites);
        }
        topLayer = firstTrue(hasWrites);
        for (int layer : contentLayer) {
            if (layer >= 0 && !contentRowsByLayer.containsKey(layer)) {
                int[] rows = contentRowsOf(layer);
                contentRowsByLayer.put(layer, rows);
            }
        }
        errors = WritebackErrors.find(trace, writes, hasWrites);
        progress.update(3L * n, 3L * n);
    }

    /** Preprocesses a trace; O(n log n). */
    public static CrashAnalysis of(Trace trace) {
        return of(trace, Progress.NONE);
    }

    public static CrashAnalysis of(Trace trace, Progress progress) {
        return new CrashAnalysis(trace, progress);
    }

    public Trace trace() {
        return trace;
    }

    /**
     * The mode of writes on no known disk: the trace's (meta.config.cacheMode), else the disks'
     * least promising, else writeback. Each disk's own is in {@link #defaultCacheModes()}.
     */
    public CacheMode defaultCacheMode() {
        return defaultCacheModes.fallback().mode();
    }

    /**
     * Each disk's mode when the user sets none: the trace's for every disk when it records one,
     * else what each disk's QEMU log shows (writeback assumed where it shows nothing).
     */
    public CacheModes defaultCacheModes() {
        return defaultCacheModes;
    }

    /** The trace's QEMU disks with the modes their logs show, in {@code info}'s order. */
    public List<CacheModeInference.DiskMode> disks() {
        return disks;
    }

    /** The disks' keys as the user names them ("blk0"), in {@code info}'s order. */
    public List<String> diskKeys() {
        return disks.stream().map(CacheModeInference.DiskMode::key).toList();
    }

    /** The disk a row's data goes to ("blk1"), or null when it is on no known disk. */
    public String diskOf(int row) {
        return diskOfLane[writes.requests().lane(row)];
    }

    /** The cache mode a row is judged under at a crash point: its disk's. */
    public CacheMode cacheModeOf(int row, CacheModes modes) {
        return modes.of(diskOf(row));
    }

    private static CacheModes defaultModes(Trace trace, List<CacheModeInference.DiskMode> disks) {
        CacheMode recorded = CacheMode.parse(trace.meta().cacheMode());
        if (recorded != null) {
            return new CacheModes(
                    new CacheModes.Choice(recorded, CacheModes.Origin.RECORDED), Map.of());
        }
        // not recorded: what each disk's QEMU log shows (docs/analysis.md)
        CacheMode least = CacheModeInference.defaultMode(disks);
        CacheModes.Choice fallback =
                least == null
                        ? new CacheModes.Choice(
                                CacheMode.WRITEBACK,
                                disks.stream().anyMatch(d -> d.inferred())
                                        ? CacheModes.Origin.INFERRED
                                        : CacheModes.Origin.ASSUMED)
                        : new CacheModes.Choice(least, CacheModes.Origin.INFERRED);
        Map<String, CacheModes.Choice> perDisk = new LinkedHashMap<>();
        for (CacheModeInference.DiskMode d : disks) {
            perDisk.put(
                    d.key(),
                    new CacheModes.Choice(
                            d.mode(),
                            d.inferred() ? CacheModes.Origin.INFERRED : CacheModes.Origin.ASSUMED));
        }
        return new CacheModes(fallback, perDisk);
    }

    /** The crash kind of the trace's crash event (or truth), else power-loss. */
    public CrashKind defaultKind() {
        return defaultKind;
    }

    /**
     * A crash point at {@code atNs} with the trace's default kind and cache mode, sector tearing.
     */
    public CrashPoint defaultPoint(long atNs) {
        return new CrashPoint(atNs, defaultKind, defaultCacheModes, Tearing.SECTOR);
    }

    /**
     * Whether the device layer has a volatile write cache (meta.config.deviceWriteCache, default
     * true).
     */
    public boolean deviceWriteCache() {
        return deviceCache;
    }

    /** True for rows that change media contents (write, write-zeroes, discard). */
    public boolean isWrite(int row) {
        return writes.isWrite(row);
    }

    /** Number of data writes in the trace. */
    public int writeCount() {
        return writes.writeCount();
    }

    /**
     * Layer index whose writes give the per-sector contents for a crash kind, or -1 (no writes).
     */
    public int contentLayer(CrashKind kind) {
        return contentLayer[kind.ordinal()];
    }

    /**
     * The write carrying this row's data in the layer above (its parent, if that is a write), or
     * -1.
     */
    public int dataParent(int row) {
        return writes.dataParent(row);
    }

    /** The writes carrying this row's data in the layers below (rows whose parent it is). */
    public int[] dataChildren(int row) {
        int[] out = new int[writes.kidsEnd(row) - writes.kidsStart(row)];
        for (int j = 0; j < out.length; j++) {
            out[j] = writes.kid(writes.kidsStart(row) + j);
        }
        return out;
    }

    /** When the row's own layer's flushes or FUA made it durable, or {@link Time#NONE}. */
    public long flushOrFuaDurableAt(int row) {
        return PreparedWrites.orNone(writes.flushOrFuaAt(row));
    }

    /** Every row's prepared facts (times, sectors, flush coverage, data links). */
    PreparedWrites writes() {
        return writes;
    }

    /** Writeback-error hits per durability rule; null when the trace has none. */
    WritebackErrors errors() {
        return errors;
    }

    /** The hits of writeback errors on rows under a durability rule; null when there are none. */
    WritebackErrors.Hits hits(StackRole.Durability d) {
        return errors == null ? null : errors.hits(d);
    }

    /** The durability rule of a row's layer under its disk's cache mode. */
    StackRole.Durability rule(int row, CacheModes modes) {
        return writes.role(row).durability(cacheModeOf(row, modes), deviceCache);
    }

    /**
     * What one crash point's rules are, resolved once per query: each lane's durability rule and
     * completed level under its layer's role and its disk's cache mode, the writeback-error hits
     * per rule, and the level at or below which data survives the crash kind.
     */
    final class Rules {
        private final int survivingLevel;
        private final StackRole.Durability[] rule;
        private final byte[] completedLevel;
        private final WritebackErrors.Hits flushHits;
        private final WritebackErrors.Hits neverHits;
        private final WritebackErrors.Hits completeHits;

        Rules(CrashKind kind, CacheModes modes) {
            survivingLevel = kind.survivingLevel();
            int lanes = diskOfLane.length;
            rule = new StackRole.Durability[lanes];
            completedLevel = new byte[lanes];
            for (int lane = 0; lane < lanes; lane++) {
                StackRole sr =
                        StackRole.of(trace.layers().get(trace.lanes().get(lane).layer()).id());
                CacheMode mode = modes.of(diskOfLane[lane]);
                rule[lane] = sr.durability(mode, deviceCache);
                completedLevel[lane] = sr.completedLevel(mode);
            }
            flushHits = hits(StackRole.Durability.FLUSH_OR_FUA);
            neverHits = hits(StackRole.Durability.NEVER);
            completeHits = hits(StackRole.Durability.ON_COMPLETE);
        }

        /** The writeback-error hits that apply to a row under its layer's rule, or null. */
        WritebackErrors.Hits hitsOf(int w) {
            return switch (ruleOf(w)) {
                case FLUSH_OR_FUA -> flushHits;
                case NEVER -> neverHits;
                case ON_COMPLETE -> completeHits;
            };
        }

        /** The durability rule of a row under its lane's role and disk's mode. */
        StackRole.Durability ruleOf(int w) {
            return rule[writes.requests().lane(w)];
        }

        /** The state a row's lowest and highest levels give under this crash kind. */
        WriteState state(int w, long t, int lo, int hi) {
            if (lo >= survivingLevel) {
                return WriteState.DURABLE;
            }
            if (hi < survivingLevel) {
                return WriteState.LOST;
            }
            return writes.completedBy(w, t) ? WriteState.VOLATILE : WriteState.IN_FLIGHT;
        }
    }

    /** Answers one crash-point query: O(n), no allocation per row. */
    public CrashResult at(CrashPoint p) {
        long t = p.atNs();
        Rules rules = new Rules(p.kind(), p.cacheModes());
        int n = writes.size();
        byte[] state = new byte[n];
        byte[] lo = new byte[n];
        byte[] hi = new byte[n];
        int[] counts = new int[WriteState.values().length];
        for (int i = 0; i < writes.bottomUpCount(); i++) {
            int w = writes.bottomUp(i);
            WriteState s;
            if (t < writes.submit(w)) {
                s = WriteState.NOT_ISSUED;
            } else {
                int levels = levels(w, t, rules, lo, hi);
                lo[w] = (byte) (levels >> 8);
                hi[w] = (byte) (levels & 0xff);
                s = rules.state(w, t, lo[w], hi[w]);
            }
            state[w] = s.code();
            counts[s.ordinal()]++;
        }
        return new CrashResult(this, p, state, lo, hi, counts);
    }

    /**
     * Packed [lowest &lt;&lt; 8 | highest] {@link StackLevel} of a submitted row's data at t. The
     * levels of the rows carrying its data below that were submitted by t must already be in {@code
     * lo}/{@code hi} (the bottom-up order guarantees it).
     */
    int levels(int w, long t, Rules rules, byte[] lo, byte[] hi) {
        int lane = writes.requests().lane(w);
        StackRole.Durability d = rules.rule[lane];
        WritebackErrors.Hits hits = rules.hitsOf(w);
        boolean completed = writes.completedBy(w, t);
        int l;
        int h;
        if (hits != null && hits.droppedBy(w, t)) {
            return StackLevel.ABSENT << 8 | StackLevel.ABSENT;
        }
        int f = facts(w, t, rules.completedLevel[lane]);
        int flo = f >> 8;
        int fhi = f & 0xff;
        boolean partlyLost = hits != null && hits.partlyHitBy(w, t);
        int k0 = writes.kidsStart(w);
        int k1 = writes.kidsEnd(w);
        boolean toldDurable = completed && writes.endedOk(w) && promised(w, d, t);
        if (k0 == k1) {
            l = flo;
            h = fhi;
            if (!partlyLost && toldDurable) {
                l = StackLevel.MEDIA;
            }
        } else {
            int klo = StackLevel.MEDIA;
            int khi = StackLevel.ABSENT;
            long kidSectors = 0;
            for (int j = k0; j < k1; j++) {
                int k = writes.kid(j);
                if (retriedBy(k, k0, k1, t)) {
                    continue; // a failed attempt whose retry was submitted by t: the retry speaks
                }
                kidSectors += writes.count(k);
                int plo;
                int phi;
                if (writes.submit(k) <= t) {
                    plo = lo[k];
                    phi = hi[k];
                } else { // not yet passed down: somewhere between this layer and that one
                    phi = Math.min(fhi, writes.role(k).holdLevel());
                    plo = Math.min(flo, phi);
                }
                klo = Math.min(klo, plo);
                khi = Math.max(khi, phi);
            }
            if (kidSectors < writes.count(w)) { // part of it went down unseen: its layer speaks
                int own = toldDurable ? StackLevel.MEDIA : flo;
                klo = Math.min(klo, own);
                khi = Math.max(khi, fhi);
            }
            l = Math.max(klo, flo);
            h = Math.min(khi, fhi);
            if (l > h) { // the layers disagree; what happened below wins
                l = klo;
                h = khi;
            }
        }
        if (partlyLost) {
            l = StackLevel.ABSENT;
        }
        return l << 8 | h;
    }

    /**
     * Whether kid k of a row failed and another kid of the same row resubmitted its range after the
     * failure and by t (QEMU retries a failed request after the VM is resumed, werror=stop): the
     * same data then travels in the retry, and what the failed attempt may have left is overwritten
     * by it.
     */
    private boolean retriedBy(int k, int k0, int k1, long t) {
        if (writes.endedOk(k) || !writes.completedBy(k, t)) {
            return false;
        }
        for (int j = k0; j < k1; j++) {
            int r = writes.kid(j);
            if (r != k
                    && writes.sector(r) == writes.sector(k)
                    && writes.count(r) == writes.count(k)
                    && writes.submit(r) >= writes.complete(k)
                    && writes.submit(r) <= t) {
                return true;
            }
        }
        return false;
    }

    /**
     * Packed [lowest &lt;&lt; 8 | highest] level of the data at t from the row's own times, no
     * promises.
     */
    int facts(int w, long t, int completedLevel) {
        StackRole r = writes.role(w);
        if (writes.completedBy(w, t)) {
            return writes.endedOk(w)
                    ? completedLevel << 8 | StackLevel.MEDIA
                    : StackLevel.ABSENT << 8 | StackLevel.MEDIA;
        }
        long is = writes.issue(w);
        if (is == Time.NONE) {
            return r.holdLevel() << 8 | StackLevel.MEDIA;
        }
        if (is <= t) {
            return r.issuedLevel() << 8 | StackLevel.MEDIA;
        }
        return r.holdLevel() << 8 | r.holdLevel();
    }

    /** Whether the row's own layer promised durability by t (assumes it completed OK by t). */
    boolean promised(int w, StackRole.Durability d, long t) {
        return switch (d) {
            case ON_COMPLETE -> true;
            case FLUSH_OR_FUA -> writes.flushOrFuaAt(w) <= t;
            case NEVER -> false;
        };
    }

    /**
     * When the row's own layer told it durable (for promise violations), {@link
     * PreparedWrites#NEVER} if never.
     */
    long toldDurableAt(int w, StackRole.Durability d) {
        if (!writes.endedOk(w)) {
            return PreparedWrites.NEVER;
        }
        return switch (d) {
            case ON_COMPLETE -> writes.complete(w);
            case FLUSH_OR_FUA, NEVER -> writes.flushOrFuaAt(w);
        };
    }

    /** The content rows of a crash kind (see {@link #contentRowsOf}). */
    int[] contentIndexRows(CrashKind kind) {
        int[] rows = contentRowsByLayer.get(contentLayer[kind.ordinal()]);
        return rows == null ? new int[0] : rows;
    }

    /** The topmost layer with writes, or -1. */
    int topLayer() {
        return topLayer;
    }

    /**
     * The root writes (no data parent) of the top layer: {@code bySubmit} in submit (row) order,
     * {@code byComplete} in completion order (ties in row order).
     */
    record TopRoots(int[] bySubmit, int[] byComplete) {}

    /** The top layer's root writes, built on first use (a query does not need them). */
    TopRoots topRoots() {
        TopRoots t = topRoots;
        if (t == null) {
            synchronized (this) {
                t = topRoots;
                if (t == null) {
                    int[] bySubmit = topRootRows();
                    t = new TopRoots(bySubmit, byCompletion(bySubmit));
                    topRoots = t;
                }
            }
        }
        return t;
    }

    /** The sector index over the content rows of a crash kind, built on first use. */
    IntervalIndex contentIndex(CrashKind kind) {
        int layer = contentLayer[kind.ordinal()];
        int[] rows = contentRowsByLayer.get(layer);
        if (rows == null) {
            return writes.index(new int[0]);
        }
        synchronized (contentIndexByLayer) {
            return contentIndexByLayer.computeIfAbsent(layer, l -> writes.index(rows));
        }
    }

    /**
     * The writes whose fates make up the media contents for a crash kind: the writes of its content
     * layer that do not pass their data on to another write of the same layer (a dm device's
     * request is carried by the disk's).
     */
    private int[] contentRowsOf(int layer) {
        return Arrays.stream(writes.writesOf(layer))
                .filter(i -> !passesOnWithinLayer(i, layer))
                .toArray();
    }

    private boolean passesOnWithinLayer(int row, int layer) {
        for (int j = writes.kidsStart(row); j < writes.kidsEnd(row); j++) {
            if (writes.layer(writes.kid(j)) == layer) {
                return true;
            }
        }
        return false;
    }

    // ---- preprocessing ----

    /**
     * power-loss: the lowest layer (nearest the media); qemu-kill: the host layer, whose issue
     * hands data to the host kernel, else the lowest layer above it (a completed guest write
     * reached the kernel), else the topmost; guest-crash: the guest layer, whose issue hands data
     * to the virtqueue, else the topmost (everything below the guest survives it).
     */
    private int chooseContentLayer(CrashKind kind, boolean[] hasWrites) {
        int lowest = -1;
        for (int l = 0; l < hasWrites.length; l++) {
            if (hasWrites[l]) {
                lowest = l;
            }
        }
        int top = firstTrue(hasWrites);
        return switch (kind) {
            case POWER_LOSS -> lowest;
            case QEMU_KILL -> {
                int aboveHost = -1;
                for (Layer l : trace.layers()) {
                    if (!hasWrites[l.index()]) {
                        continue;
                    }
                    if (l.id().equals(Layer.HOST)) {
                        yield l.index();
                    }
                    if (l.stackRank() < Layer.stackRank(Layer.HOST)) {
                        aboveHost = l.index();
                    }
                }
                yield aboveHost >= 0 ? aboveHost : top;
            }
            case GUEST_CRASH -> {
                for (Layer l : trace.layers()) {
                    if (hasWrites[l.index()] && l.id().equals(Layer.GUEST)) {
                        yield l.index();
                    }
                }
                yield top;
            }
        };
    }

    private static int firstTrue(boolean[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                return i;
            }
        }
        return -1;
    }

    private int[] topRootRows() {
        if (topLayer < 0) {
            return new int[0];
        }
        return Arrays.stream(writes.writesOf(topLayer))
                .filter(i -> writes.dataParent(i) < 0)
                .toArray();
    }

    private int[] byCompletion(int[] rows) {
        int m = rows.length;
        long[] key = new long[m];
        for (int i = 0; i < m; i++) {
            key[i] = writes.complete(rows[i]);
        }
        int[] order = IntSort.stableOrderByKey(key, m);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = rows[order[i]];
        }
        return out;
    }

    private static boolean isFalse(Object v) {
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof String s) {
            return s.equalsIgnoreCase("false")
                    || s.equalsIgnoreCase("off")
                    || s.equalsIgnoreCase("no");
        }
        return false;
    }

    private static CrashKind recordedCrashKind(Trace t) {
        Events e = t.events();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.CRASH) {
                CrashKind k = CrashKind.parse(e.text(i));
                if (k != null) {
                    return k;
                }
            }
        }
        if (t.truth() != null) {
            CrashKind k = CrashKind.parse(t.truth().crashKind());
            if (k != null) {
                return k;
            }
        }
        return CrashKind.POWER_LOSS;
    }
}
