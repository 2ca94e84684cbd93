package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.IntSort;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.Map;

/**
 * Crash-point analysis of one trace (DESIGN.md "Durability model", "Crash kinds", "Cache modes").
 * Built once per trace in O(n log n): each write's own layer's durability time (the first
 * completed flush that covers it, or FUA), the writeback errors that hit it, its links to the
 * requests that carry its data below, and the layers the crash kinds look at. A query
 * ({@link #at(CrashPoint)}) is then one O(n) pass with no allocation per row, fast enough to
 * drag a crash marker over a million requests; reasons, per-sector contents, crash states and
 * the cross-layer findings are computed on demand by the {@link CrashResult}.
 *
 * <p>The model is written down in docs/analysis.md; ADR 0020 says why it is built this way.
 */
public final class CrashAnalysis {
    static final byte OK = 1;
    static final byte FUA = 1 << 1;
    static final byte WRITE = 1 << 2;

    private static final StackRole[] ROLES = StackRole.values();

    final Trace trace;
    final Requests requests;
    final int n;
    final long[] submit;
    /** Issue time, or {@link Time#NONE}. */
    final long[] issue;
    /** Completion time, {@link Long#MAX_VALUE} when the trace never shows one. */
    final long[] complete;
    final long[] sector;
    final int[] count;
    /** {@link StackRole} ordinal of each row's layer. */
    final byte[] role;
    final byte[] bits;
    final int[] domain;
    final FlushDomains domains;
    /** When the row's own layer made it durable by a flush or FUA; MAX_VALUE if never. */
    final long[] flushFuaAt;
    /** The flush behind {@link #flushFuaAt}, or -1 (FUA, or never). */
    final int[] coveringFlush;
    /** Per domain, its flushes and PREFLUSH writes in submit order (CSR). */
    final int[] flushStart;
    final int[] flushRows;
    /** Submit time of each entry of {@link #flushRows}. */
    final long[] flushSubmit;
    /** The data write carrying this row's data in the layer above, or -1. */
    final int[] dataParent;
    /** Per row, the data writes carrying its data below (CSR). */
    final int[] kidStart;
    final int[] kids;
    /** Data writes ordered so that every row comes after the rows carrying its data below. */
    final int[] bottomUp;
    final int writeCount;
    /** Per crash kind ordinal, the layer whose writes decide the contents; -1 if none. */
    final int[] contentLayer;
    /** The topmost layer with writes (lost predecessors are looked for there), or -1. */
    final int topLayer;
    /** Root writes of the top layer, by completion time and in row order. */
    final int[] topByComplete;
    final int[] topBySubmit;
    final boolean deviceCache;
    final CacheMode defaultCacheMode;
    final CrashKind defaultKind;
    /** Writeback-error hits per durability rule; null when the trace has no writeback errors. */
    final WritebackErrors errors;
    private final IntervalIndex[] contentIndex = new IntervalIndex[CrashKind.values().length];
    private final int[][] contentRowCache = new int[CrashKind.values().length][];

    private CrashAnalysis(Trace trace, Progress progress) {
        this.trace = trace;
        this.requests = trace.requests();
        Requests r = requests;
        this.n = r.size();
        this.domains = FlushDomains.of(trace);
        submit = new long[n];
        issue = new long[n];
        complete = new long[n];
        sector = new long[n];
        count = new int[n];
        role = new byte[n];
        bits = new byte[n];
        domain = new int[n];
        byte[] roleOfLayer = new byte[trace.layers().size()];
        for (Layer l : trace.layers()) {
            roleOfLayer[l.index()] = (byte) StackRole.of(l.id()).ordinal();
        }
        int writes = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0) {
                progress.update(i, 3L * n);
                progress.checkCancelled();
            }
            submit[i] = r.submit(i);
            issue[i] = r.issue(i);
            long c = r.complete(i);
            complete[i] = c == Time.NONE ? Long.MAX_VALUE : c;
            sector[i] = r.sector(i);
            count[i] = r.count(i);
            role[i] = roleOfLayer[r.layer(i)];
            domain[i] = domains.ofLane(r.lane(i));
            byte b = 0;
            if (r.status(i) == Status.OK && c != Time.NONE) {
                b |= OK;
            }
            if (r.has(i, Flags.FUA)) {
                b |= FUA;
            }
            if (r.op(i).modifiesData()) {
                b |= WRITE;
                writes++;
            }
            bits[i] = b;
        }
        writeCount = writes;

        int[][] csr = flushesByDomain();
        flushStart = csr[0];
        flushRows = csr[1];
        flushSubmit = new long[flushRows.length];
        for (int j = 0; j < flushRows.length; j++) {
            flushSubmit[j] = submit[flushRows[j]];
        }
        flushFuaAt = new long[n];
        coveringFlush = new int[n];
        computeFlushCoverage();
        progress.update(n, 3L * n);

        dataParent = dataParents();
        int[][] k = kidsOf(dataParent);
        kidStart = k[0];
        kids = k[1];
        bottomUp = bottomUpOrder(dataParent);
        progress.update(2L * n, 3L * n);

        Map<String, Object> config = trace.meta().config();
        deviceCache = !isFalse(config.get("deviceWriteCache"));
        CacheMode m = CacheMode.parse(trace.meta().cacheMode());
        defaultCacheMode = m == null ? CacheMode.WRITEBACK : m;
        defaultKind = recordedCrashKind(trace);

        contentLayer = new int[CrashKind.values().length];
        boolean[] hasWrites = new boolean[trace.layers().size()];
        for (int i = 0; i < n; i++) {
            if ((bits[i] & WRITE) != 0) {
                hasWrites[r.layer(i)] = true;
            }
        }
        for (CrashKind kind : CrashKind.values()) {
            contentLayer[kind.ordinal()] = chooseContentLayer(kind, hasWrites);
        }
        topLayer = firstTrue(hasWrites);
        topBySubmit = topRoots();
        topByComplete = byCompletion(topBySubmit);
        errors = WritebackErrors.find(this, hasWrites);
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

    /** The cache mode the trace records in meta.config.cacheMode, else writeback. */
    public CacheMode defaultCacheMode() {
        return defaultCacheMode;
    }

    /** The crash kind of the trace's crash event (or truth), else power-loss. */
    public CrashKind defaultKind() {
        return defaultKind;
    }

    /** A crash point at {@code atNs} with the trace's default kind and cache mode, sector tearing. */
    public CrashPoint defaultPoint(long atNs) {
        return new CrashPoint(atNs, defaultKind, defaultCacheMode, Tearing.SECTOR);
    }

    /** Whether the device layer has a volatile write cache (meta.config.deviceWriteCache, default true). */
    public boolean deviceWriteCache() {
        return deviceCache;
    }

    /** True for rows that change media contents (write, write-zeroes, discard). */
    public boolean isWrite(int row) {
        return (bits[row] & WRITE) != 0;
    }

    /** Number of data writes in the trace. */
    public int writeCount() {
        return writeCount;
    }

    /** Layer index whose writes give the per-sector contents for a crash kind, or -1 (no writes). */
    public int contentLayer(CrashKind kind) {
        return contentLayer[kind.ordinal()];
    }

    /** The write carrying this row's data in the layer above (its parent, if that is a write), or -1. */
    public int dataParent(int row) {
        return dataParent[row];
    }

    /** The writes carrying this row's data in the layers below (rows whose parent it is). */
    public int[] dataChildren(int row) {
        return Arrays.copyOfRange(kids, kidStart[row], kidStart[row + 1]);
    }

    /** When the row's own layer's flushes or FUA made it durable, or {@link Time#NONE}. */
    public long flushOrFuaDurableAt(int row) {
        return flushFuaAt[row] == Long.MAX_VALUE ? Time.NONE : flushFuaAt[row];
    }

    /** Answers one crash-point query: O(n), no allocation per row. */
    public CrashResult at(CrashPoint p) {
        long t = p.atNs();
        int thr = p.kind().survivingLevel();
        StackRole.Durability[] rule = new StackRole.Durability[ROLES.length];
        byte[] completedLevel = new byte[ROLES.length];
        for (StackRole sr : ROLES) {
            rule[sr.ordinal()] = sr.durability(p.cacheMode(), deviceCache);
            completedLevel[sr.ordinal()] = sr.completedLevel(p.cacheMode());
        }
        byte[] state = new byte[n];
        byte[] lo = new byte[n];
        byte[] hi = new byte[n];
        int[] counts = new int[WriteState.values().length];
        WritebackErrors.Hits flushHits = errors == null ? null : errors.hits(StackRole.Durability.FLUSH_OR_FUA);
        WritebackErrors.Hits neverHits = errors == null ? null : errors.hits(StackRole.Durability.NEVER);
        for (int w : bottomUp) {
            if (t < submit[w]) {
                state[w] = WriteState.NOT_ISSUED.code();
                counts[WriteState.NOT_ISSUED.ordinal()]++;
                continue;
            }
            int ro = role[w];
            StackRole.Durability d = rule[ro];
            WritebackErrors.Hits hits = d == StackRole.Durability.FLUSH_OR_FUA ? flushHits
                    : d == StackRole.Durability.NEVER ? neverHits : null;
            boolean completed = complete[w] <= t;
            int l;
            int h;
            if (hits != null && hits.fullAt[w] <= t) {
                l = StackLevel.ABSENT;
                h = StackLevel.ABSENT;
            } else {
                int f = facts(w, t, completedLevel[ro]);
                int flo = f >> 8;
                int fhi = f & 0xff;
                boolean partlyLost = hits != null && hits.partAt[w] <= t;
                int k0 = kidStart[w];
                int k1 = kidStart[w + 1];
                if (k0 == k1) {
                    l = flo;
                    h = fhi;
                    if (!partlyLost && completed && (bits[w] & OK) != 0 && promised(w, d, t)) {
                        l = StackLevel.MEDIA;
                    }
                } else {
                    int klo = StackLevel.MEDIA;
                    int khi = StackLevel.ABSENT;
                    long kidSectors = 0;
                    for (int j = k0; j < k1; j++) {
                        int k = kids[j];
                        kidSectors += count[k];
                        int plo;
                        int phi;
                        if (submit[k] <= t) {
                            plo = lo[k];
                            phi = hi[k];
                        } else { // not yet passed down: somewhere between this layer and that one
                            phi = Math.min(fhi, ROLES[role[k]].holdLevel());
                            plo = Math.min(flo, phi);
                        }
                        klo = Math.min(klo, plo);
                        khi = Math.max(khi, phi);
                    }
                    if (kidSectors < count[w]) { // part of it went down unseen: its own layer speaks for that part
                        int own = completed && (bits[w] & OK) != 0 && promised(w, d, t) ? StackLevel.MEDIA : flo;
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
            }
            lo[w] = (byte) l;
            hi[w] = (byte) h;
            WriteState s = l >= thr ? WriteState.DURABLE
                    : h < thr ? WriteState.LOST
                    : completed ? WriteState.VOLATILE : WriteState.IN_FLIGHT;
            state[w] = s.code();
            counts[s.ordinal()]++;
        }
        return new CrashResult(this, p, state, lo, hi, counts);
    }

    /** Packed [lowest &lt;&lt; 8 | highest] level of the data at t from the row's own times, no promises. */
    int facts(int w, long t, int completedLevel) {
        StackRole r = ROLES[role[w]];
        if (complete[w] <= t) {
            return (bits[w] & OK) != 0 ? completedLevel << 8 | StackLevel.MEDIA : StackLevel.ABSENT << 8 | StackLevel.MEDIA;
        }
        long is = issue[w];
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
            case FLUSH_OR_FUA -> flushFuaAt[w] <= t;
            case NEVER -> false;
        };
    }

    /** When the row's own layer told it durable (for promise violations), MAX_VALUE if never. */
    long toldDurableAt(int w, StackRole.Durability d) {
        if ((bits[w] & OK) == 0) {
            return Long.MAX_VALUE;
        }
        return d == StackRole.Durability.ON_COMPLETE ? complete[w] : flushFuaAt[w];
    }

    StackRole roleOf(int row) {
        return ROLES[role[row]];
    }

    /** The content rows of a crash kind (see {@link #contentRows}), computed on first use. */
    int[] contentIndexRows(CrashKind kind) {
        synchronized (contentRowCache) {
            int[] rows = contentRowCache[kind.ordinal()];
            if (rows == null) {
                rows = contentRows(kind);
                contentRowCache[kind.ordinal()] = rows;
            }
            return rows;
        }
    }

    /** Root writes of the top layer in submit (row) order. */
    int[] topRootsBySubmit() {
        return topBySubmit;
    }

    /** The index over the content rows of a crash kind, built on first use. */
    IntervalIndex contentIndex(CrashKind kind) {
        synchronized (contentIndex) {
            IntervalIndex ix = contentIndex[kind.ordinal()];
            if (ix == null) {
                ix = new IntervalIndex(contentIndexRows(kind), domain, sector, count);
                contentIndex[kind.ordinal()] = ix;
            }
            return ix;
        }
    }

    /**
     * The writes whose fates make up the media contents for a crash kind: the writes of its content
     * layer that do not pass their data on to another write of the same layer (a dm device's
     * request is carried by the disk's).
     */
    int[] contentRows(CrashKind kind) {
        int layer = contentLayer[kind.ordinal()];
        if (layer < 0) {
            return new int[0];
        }
        int[] out = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if ((bits[i] & WRITE) == 0 || requests.layer(i) != layer || passesOnWithinLayer(i, layer)) {
                continue;
            }
            if (m == out.length) {
                out = Arrays.copyOf(out, m * 2);
            }
            out[m++] = i;
        }
        return Arrays.copyOf(out, m);
    }

    private boolean passesOnWithinLayer(int row, int layer) {
        for (int j = kidStart[row]; j < kidStart[row + 1]; j++) {
            if (requests.layer(kids[j]) == layer) {
                return true;
            }
        }
        return false;
    }

    // ---- preprocessing ----

    private int[][] flushesByDomain() {
        int d = domains.count();
        int[] start = new int[d + 1];
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(requests, i)) {
                start[domain[i] + 1]++;
            }
        }
        for (int i = 0; i < d; i++) {
            start[i + 1] += start[i];
        }
        int[] rows = new int[start[d]];
        int[] fill = Arrays.copyOf(start, d);
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(requests, i)) {
                rows[fill[domain[i]]++] = i;
            }
        }
        return new int[][] {start, rows};
    }

    /**
     * A flush (or PREFLUSH write) submitted at s_f and completed OK at c_f makes durable every write
     * of its domain that completed at or before s_f (DESIGN.md). Per domain, the flushes are in
     * submit order; a suffix minimum of their completion times gives, for a write completed at
     * c, the earliest completion among flushes submitted at or after c.
     */
    private void computeFlushCoverage() {
        Arrays.fill(flushFuaAt, Long.MAX_VALUE);
        Arrays.fill(coveringFlush, -1);
        int domainCount = domains.count();
        long[] sufMin = new long[flushRows.length + 1];
        int[] sufArg = new int[flushRows.length + 1];
        long[] fsub = flushSubmit;
        for (int d = 0; d < domainCount; d++) {
            int a = flushStart[d];
            int b = flushStart[d + 1];
            sufMin[b] = Long.MAX_VALUE;
            sufArg[b] = -1;
            for (int j = b - 1; j >= a; j--) {
                int f = flushRows[j];
                long c = (bits[f] & OK) != 0 ? complete[f] : Long.MAX_VALUE;
                if (c < sufMin[j + 1]) {
                    sufMin[j] = c;
                    sufArg[j] = f;
                } else {
                    sufMin[j] = sufMin[j + 1];
                    sufArg[j] = sufArg[j + 1];
                }
            }
        }
        for (int w = 0; w < n; w++) {
            if ((bits[w] & WRITE) == 0 || (bits[w] & OK) == 0) {
                continue;
            }
            long c = complete[w];
            long best = (bits[w] & FUA) != 0 ? c : Long.MAX_VALUE;
            int d = domain[w];
            int a = flushStart[d];
            int b = flushStart[d + 1];
            int q = lowerBound(fsub, a, b, c);
            if (q < b) {
                long fc = sufMin[q];
                int f = sufArg[q];
                if (f == w) { // a zero-duration PREFLUSH write: its own preflush does not cover its data
                    int after = positionOf(w, q, b) + 1;
                    fc = after < b ? sufMin[after] : Long.MAX_VALUE; // sufMin[b] belongs to the next domain
                    f = after < b ? sufArg[after] : -1;
                    for (int j = q; flushRows[j] != w; j++) {
                        long jc = (bits[flushRows[j]] & OK) != 0 ? complete[flushRows[j]] : Long.MAX_VALUE;
                        if (jc < fc) {
                            fc = jc;
                            f = flushRows[j];
                        }
                    }
                }
                if (fc < best) {
                    best = fc;
                    coveringFlush[w] = f;
                }
            }
            flushFuaAt[w] = best;
        }
    }

    private int positionOf(int row, int from, int to) {
        for (int j = from; j < to; j++) {
            if (flushRows[j] == row) {
                return j;
            }
        }
        throw new IllegalStateException("flush row not in its domain");
    }

    /** First index in [a, b) whose value is at least key. */
    static int lowerBound(long[] sorted, int a, int b, long key) {
        while (a < b) {
            int m = (a + b) >>> 1;
            if (sorted[m] < key) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    /** Parent links between data writes, with any cycle broken. */
    private int[] dataParents() {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            int q = requests.parent(i);
            p[i] = (bits[i] & WRITE) != 0 && q >= 0 && q != i && (bits[q] & WRITE) != 0 ? q : -1;
        }
        // break cycles: walk each chain once, colouring rows as in progress (1) or done (2)
        byte[] colour = new byte[n];
        int[] path = new int[16];
        for (int i = 0; i < n; i++) {
            int len = 0;
            int x = i;
            while (x >= 0 && colour[x] == 0) {
                colour[x] = 1;
                if (len == path.length) {
                    path = Arrays.copyOf(path, len * 2);
                }
                path[len++] = x;
                int next = p[x];
                if (next >= 0 && colour[next] == 1) {
                    p[x] = -1; // closes a cycle
                    next = -1;
                }
                x = next;
            }
            for (int k = 0; k < len; k++) {
                colour[path[k]] = 2;
            }
        }
        return p;
    }

    private int[][] kidsOf(int[] parent) {
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (parent[i] >= 0) {
                start[parent[i] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] out = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < n; i++) {
            if (parent[i] >= 0) {
                out[fill[parent[i]]++] = i;
            }
        }
        return new int[][] {start, out};
    }

    /** Data writes by depth below their topmost ancestor, deepest first (a counting sort). */
    private int[] bottomUpOrder(int[] parent) {
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int maxDepth = 0;
        int[] path = new int[16];
        for (int i = 0; i < n; i++) {
            if ((bits[i] & WRITE) == 0 || depth[i] >= 0) {
                continue;
            }
            int len = 0;
            int x = i;
            while (x >= 0 && depth[x] < 0) {
                if (len == path.length) {
                    path = Arrays.copyOf(path, len * 2);
                }
                path[len++] = x;
                x = parent[x];
            }
            int base = x < 0 ? -1 : depth[x];
            for (int k = len - 1; k >= 0; k--) {
                depth[path[k]] = ++base;
            }
            maxDepth = Math.max(maxDepth, base);
        }
        int[] bucket = new int[maxDepth + 2];
        for (int i = 0; i < n; i++) {
            if (depth[i] >= 0) {
                bucket[maxDepth - depth[i] + 1]++;
            }
        }
        for (int i = 0; i <= maxDepth; i++) {
            bucket[i + 1] += bucket[i];
        }
        int[] order = new int[bucket[maxDepth + 1]];
        for (int i = 0; i < n; i++) {
            if (depth[i] >= 0) {
                order[bucket[maxDepth - depth[i]]++] = i;
            }
        }
        return order;
    }

    /**
     * power-loss: the lowest layer (nearest the media); qemu-kill: the host layer, whose issue hands
     * data to the host kernel, else the lowest layer above it (a completed guest write reached the
     * kernel), else the topmost; guest-crash: the guest layer, whose issue hands data to the
     * virtqueue, else the topmost (everything below the guest survives it).
     */
    private int chooseContentLayer(CrashKind kind, boolean[] hasWrites) {
        int lowest = -1;
        for (int l = 0; l < hasWrites.length; l++) {
            if (hasWrites[l]) {
                lowest = l;
            }
        }
        int top = firstTrue(hasWrites);
        switch (kind) {
            case POWER_LOSS:
                return lowest;
            case QEMU_KILL: {
                int aboveHost = -1;
                for (Layer l : trace.layers()) {
                    if (!hasWrites[l.index()]) {
                        continue;
                    }
                    if (l.id().equals(Layer.HOST)) {
                        return l.index();
                    }
                    if (l.stackRank() < Layer.stackRank(Layer.HOST)) {
                        aboveHost = l.index();
                    }
                }
                return aboveHost >= 0 ? aboveHost : top;
            }
            default: {
                for (Layer l : trace.layers()) {
                    if (hasWrites[l.index()] && l.id().equals(Layer.GUEST)) {
                        return l.index();
                    }
                }
                return top;
            }
        }
    }

    private static int firstTrue(boolean[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                return i;
            }
        }
        return -1;
    }

    private int[] topRoots() {
        if (topLayer < 0) {
            return new int[0];
        }
        int[] rows = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if ((bits[i] & WRITE) != 0 && requests.layer(i) == topLayer && dataParent[i] < 0) {
                if (m == rows.length) {
                    rows = Arrays.copyOf(rows, m * 2);
                }
                rows[m++] = i;
            }
        }
        return Arrays.copyOf(rows, m);
    }

    private int[] byCompletion(int[] rows) {
        int m = rows.length;
        long[] key = new long[m];
        for (int i = 0; i < m; i++) {
            key[i] = complete[rows[i]];
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
            return s.equalsIgnoreCase("false") || s.equalsIgnoreCase("off") || s.equalsIgnoreCase("no");
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
