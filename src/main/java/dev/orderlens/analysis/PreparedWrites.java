package dev.orderlens.analysis;

import dev.orderlens.model.Flags;
import dev.orderlens.model.IntSort;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;

/**
 * Every request's facts the crash analysis reads, prepared once per trace and read-only after: its
 * times, sectors, layer role and flush domain, when its own layer made it durable (flush or FUA,
 * {@link FlushCoverage}) and which writes carry its data below ({@link DataLinks}). Rows are the
 * trace's request rows; {@link CrashAnalysis}, {@link CrashReasons}, {@link StateTimeline}, {@link
 * SectorContents}, {@link BlockMap}, {@link CrashStates} and {@link WritebackErrors} read it
 * through these accessors only. Times are read from the trace's own columns rather than copied (24
 * bytes a request less in the app, ADR 0330); sectors and lengths are copied, as the sector index
 * reads them as arrays.
 *
 * <p>One sentinel for an instant that never comes: {@link #NEVER}. A write that never completes in
 * the trace, is never made durable by its layer, never told durable, or never hit by a writeback
 * error has {@code NEVER} there. It is {@code Long.MAX_VALUE}, so "x &lt;= t" reads "has happened
 * by the crash at t" with no special case. Public methods of the analysis speak {@link Time#NONE}
 * for an absent time instead; {@link #orNone} converts at that boundary. An unknown issue time is
 * not "never" (the request was issued at some unknown instant before it completed): {@link
 * #issue(int)} is {@link Time#NONE} then.
 */
final class PreparedWrites {
    /** An instant after every crash time: never completed, never made durable, never hit. */
    static final long NEVER = Long.MAX_VALUE;

    private static final byte OK = 1;
    private static final byte FUA = 1 << 1;
    private static final byte WRITE = 1 << 2;
    private static final StackRole[] ROLES = StackRole.values();

    private final Requests requests;
    private final FlushDomains domains;
    private final int n;
    private final long[] sector;
    private final int[] count;
    private final byte[] role;
    private final byte[] bits;
    private final int[] domain;
    private final int writeCount;
    private final FlushCoverage flushes;
    private final DataLinks links;

    /** {@link #writeEdges} per grouping of domains (few: one per crash kind at most). */
    private final java.util.Map<java.util.List<Integer>, int[]> writeEdges =
            new java.util.HashMap<>();

    private PreparedWrites(Trace trace, Progress progress, long progressTotal) {
        requests = trace.requests();
        Requests r = requests;
        n = r.size();
        domains = FlushDomains.of(trace);
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
                progress.update(i, progressTotal);
                progress.checkCancelled();
            }
            long c = r.complete(i);
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
        flushes = new FlushCoverage(this);
        progress.update(n, progressTotal);
        links = new DataLinks(this);
        progress.update(2L * n, progressTotal);
    }

    /**
     * Prepares a trace's rows; reports progress up to {@code 2n} of {@code progressTotal} (the
     * caller does the rest).
     */
    static PreparedWrites of(Trace trace, Progress progress, long progressTotal) {
        return new PreparedWrites(trace, progress, progressTotal);
    }

    /** {@link Time#NONE} for {@link #NEVER}, else the time itself: for public answers. */
    static long orNone(long at) {
        return at == NEVER ? Time.NONE : at;
    }

    Requests requests() {
        return requests;
    }

    /** Number of rows (every request, not only writes). */
    int size() {
        return n;
    }

    /** Number of data writes. */
    int writeCount() {
        return writeCount;
    }

    long submit(int row) {
        return requests.submit(row);
    }

    /** Issue time, or {@link Time#NONE} when the trace does not say (not "never"). */
    long issue(int row) {
        return requests.issue(row);
    }

    /** Completion time, {@link #NEVER} when the trace never shows one. */
    long complete(int row) {
        long c = requests.complete(row);
        return c == Time.NONE ? NEVER : c;
    }

    /** Whether the row completed by t (at t counts: an event at the crash instant came first). */
    boolean completedBy(int row, long t) {
        return complete(row) <= t;
    }

    long sector(int row) {
        return sector[row];
    }

    int count(int row) {
        return count[row];
    }

    /** One past the row's last sector. */
    long end(int row) {
        return sector[row] + count[row];
    }

    StackRole role(int row) {
        return ROLES[role[row]];
    }

    int layer(int row) {
        return requests.layer(row);
    }

    /** The row's flush domain (its device at its layer). */
    int domain(int row) {
        return domain[row];
    }

    FlushDomains domains() {
        return domains;
    }

    /** True for rows that change media contents (write, write-zeroes, discard). */
    boolean isWrite(int row) {
        return (bits[row] & WRITE) != 0;
    }

    /** Whether the row completed with status OK (at {@link #complete}). */
    boolean endedOk(int row) {
        return (bits[row] & OK) != 0;
    }

    boolean isFua(int row) {
        return (bits[row] & FUA) != 0;
    }

    /** When the row's own layer made it durable by a flush or FUA; {@link #NEVER} if never. */
    long flushOrFuaAt(int row) {
        return flushes.durableAt(row);
    }

    /** The flush behind {@link #flushOrFuaAt}, or -1 (FUA, or never). */
    int coveringFlush(int row) {
        return flushes.coveringFlush(row);
    }

    /**
     * The position (see {@link #flushRow}) of the first flush of a domain submitted at or after
     * {@code at}; {@link #flushesEnd} if none.
     */
    int firstFlushSubmittedFrom(int domain, long at) {
        return flushes.firstSubmittedFrom(domain, at);
    }

    /** Where a domain's flushes (and PREFLUSH writes) start, in submit order. */
    int flushesStart(int domain) {
        return flushes.start(domain);
    }

    /** One past a domain's last flush position. */
    int flushesEnd(int domain) {
        return flushes.start(domain + 1);
    }

    /** The flush at a position of {@link #flushesStart}..{@link #flushesEnd}. */
    int flushRow(int position) {
        return flushes.row(position);
    }

    /** The data write carrying this row's data in the layer above, or -1. */
    int dataParent(int row) {
        return links.dataParent(row);
    }

    /** Where the row's data children (the writes carrying its data below) start. */
    int kidsStart(int row) {
        return links.kidsStart(row);
    }

    /** One past the row's last data child position. */
    int kidsEnd(int row) {
        return links.kidsStart(row + 1);
    }

    /** The data child at a position of {@link #kidsStart}..{@link #kidsEnd}. */
    int kid(int position) {
        return links.kid(position);
    }

    /** Whether any write carries this row's data below. */
    boolean hasKids(int row) {
        return kidsStart(row) != kidsEnd(row);
    }

    /** The data writes, ordered so that every row comes after the rows carrying its data below. */
    int bottomUpCount() {
        return links.bottomUpCount();
    }

    /** The i-th data write of {@link #bottomUpCount}'s order. */
    int bottomUp(int i) {
        return links.bottomUp(i);
    }

    /** The data writes of a layer, in row order. */
    int[] writesOf(int layer) {
        int[] out = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (isWrite(i) && requests.layer(i) == layer) {
                if (m == out.length) {
                    out = Arrays.copyOf(out, m * 2);
                }
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * Both edges of every data write with sectors, in (shown domain, sector) order, where {@code
     * shownAs[d]} is the domain d is shown as (the block map joins devices that number sectors
     * alike, {@link SectorSpaces}): {@code 2·row} is the write's first sector, {@code 2·row + 1}
     * one past its last (see {@link #edgeSector}); ties keep row order, a start before its own end.
     * The order does not depend on the crash time, so the block map sweeps it for every point
     * instead of sorting 2n edges each time (ADR 0330). Built on first use per grouping: 4 bytes an
     * edge.
     */
    synchronized int[] writeEdges(int[] shownAs) {
        java.util.List<Integer> key = Arrays.stream(shownAs).boxed().toList();
        int[] e = writeEdges.get(key);
        if (e == null) {
            e = sortedWriteEdges(shownAs);
            writeEdges.put(key, e);
        }
        return e;
    }

    /** The sector an edge of {@link #writeEdges} stands at. */
    long edgeSector(int edge) {
        int row = edge >>> 1;
        return (edge & 1) == 0 ? sector[row] : sector[row] + count[row];
    }

    private int[] sortedWriteEdges(int[] shownAs) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (isWrite(i) && count[i] > 0) {
                m += 2;
            }
        }
        int[] edge = new int[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (isWrite(i) && count[i] > 0) {
                edge[k++] = 2 * i;
                edge[k++] = 2 * i + 1;
            }
        }
        // two stable passes: by sector, then by shown domain
        long[] key = new long[m];
        for (int i = 0; i < m; i++) {
            key[i] = edgeSector(edge[i]);
        }
        int[] bySector = IntSort.stableOrderByKey(key, m);
        for (int i = 0; i < m; i++) {
            key[i] = shownAs[domain[edge[bySector[i]] >>> 1]];
        }
        int[] byDomain = IntSort.stableOrderByKey(key, m);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = edge[bySector[byDomain[i]]];
        }
        return out;
    }

    /** A sector index over some of the rows (by domain, then first sector). */
    IntervalIndex index(int[] rows) {
        return new IntervalIndex(rows, domain, sector, count);
    }
}
