package dev.orderlens.analysis;

import dev.orderlens.model.Requests;
import java.util.Arrays;

/**
 * Per write, when its own layer's flushes or FUA made it durable (docs/analysis.md): a flush (or
 * the PREFLUSH part of a write) submitted at s_f and completed OK at c_f makes durable every write
 * of its flush domain that completed at or before s_f; a FUA write is durable when it completes OK.
 * Per domain the flushes are in submit order; a suffix minimum of their completion times gives, for
 * a write completed at c, the earliest completion among flushes submitted at or after c: one binary
 * search per write, O(n log n) in all.
 */
final class FlushCoverage {
    private final PreparedWrites w;
    private final Requests r;

    /** Per domain, its flushes and PREFLUSH writes in submit order (CSR). */
    private final int[] flushStart;

    private final int[] flushRows;

    /** Submit time of each entry of {@link #flushRows}. */
    private final long[] flushSubmit;

    /** When the row's own layer made it durable by a flush or FUA; NEVER if never. */
    private final long[] flushFuaAt;

    /** The flush behind {@link #flushFuaAt}, or -1 (FUA, or never). */
    private final int[] coveringFlush;

    /** Reads the row facts {@code w} has already set (times, domains, status bits). */
    FlushCoverage(PreparedWrites w) {
        this.w = w;
        this.r = w.requests();
        int n = r.size();
        int[][] csr = flushesByDomain();
        flushStart = csr[0];
        flushRows = csr[1];
        flushSubmit = new long[flushRows.length];
        for (int j = 0; j < flushRows.length; j++) {
            flushSubmit[j] = w.submit(flushRows[j]);
        }
        flushFuaAt = new long[n];
        coveringFlush = new int[n];
        computeFlushCoverage();
    }

    long durableAt(int row) {
        return flushFuaAt[row];
    }

    int coveringFlush(int row) {
        return coveringFlush[row];
    }

    /** Where a domain's flushes start ({@code domain = count} gives the end of the last). */
    int start(int domain) {
        return flushStart[domain];
    }

    int row(int position) {
        return flushRows[position];
    }

    /** The first position of a domain's flushes submitted at or after {@code at}. */
    int firstSubmittedFrom(int domain, long at) {
        return lowerBound(flushSubmit, flushStart[domain], flushStart[domain + 1], at);
    }

    private int[][] flushesByDomain() {
        int n = r.size();
        int d = w.domains().count();
        int[] start = new int[d + 1];
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(r, i)) {
                start[w.domain(i) + 1]++;
            }
        }
        for (int i = 0; i < d; i++) {
            start[i + 1] += start[i];
        }
        int[] rows = new int[start[d]];
        int[] fill = Arrays.copyOf(start, d);
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(r, i)) {
                rows[fill[w.domain(i)]++] = i;
            }
        }
        return new int[][] {start, rows};
    }

    private void computeFlushCoverage() {
        int n = r.size();
        Arrays.fill(flushFuaAt, PreparedWrites.NEVER);
        Arrays.fill(coveringFlush, -1);
        long[] sufMin = new long[flushRows.length + 1];
        int[] sufArg = new int[flushRows.length + 1];
        long[] fsub = flushSubmit;
        for (int d = 0; d < w.domains().count(); d++) {
            int a = flushStart[d];
            int b = flushStart[d + 1];
            sufMin[b] = PreparedWrites.NEVER;
            sufArg[b] = -1;
            for (int j = b - 1; j >= a; j--) {
                int f = flushRows[j];
                long c = w.endedOk(f) ? w.complete(f) : PreparedWrites.NEVER;
                if (c < sufMin[j + 1]) {
                    sufMin[j] = c;
                    sufArg[j] = f;
                } else {
                    sufMin[j] = sufMin[j + 1];
                    sufArg[j] = sufArg[j + 1];
                }
            }
        }
        for (int x = 0; x < n; x++) {
            if (!w.isWrite(x) || !w.endedOk(x)) {
                continue;
            }
            long c = w.complete(x);
            long best = w.isFua(x) ? c : PreparedWrites.NEVER;
            int d = w.domain(x);
            int a = flushStart[d];
            int b = flushStart[d + 1];
            int q = lowerBound(fsub, a, b, c);
            if (q < b) {
                long fc = sufMin[q];
                int f = sufArg[q];
                if (f == x) { // a zero-duration PREFLUSH write: its own preflush does not cover
                    // its data
                    int after = positionOf(x, q, b) + 1;
                    fc =
                            after < b
                                    ? sufMin[after]
                                    : PreparedWrites.NEVER; // sufMin[b] belongs to the next domain
                    f = after < b ? sufArg[after] : -1;
                    for (int j = q; flushRows[j] != x; j++) {
                        long jc =
                                w.endedOk(flushRows[j])
                                        ? w.complete(flushRows[j])
                                        : PreparedWrites.NEVER;
                        if (jc < fc) {
                            fc = jc;
                            f = flushRows[j];
                        }
                    }
                }
                if (fc < best) {
                    best = fc;
                    coveringFlush[x] = f;
                }
            }
            flushFuaAt[x] = best;
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
    private static int lowerBound(long[] sorted, int a, int b, long key) {
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
}
