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
    private final Requests r;
    private final int[] domain;
    private final int domainCount;
    private final long[] submit;
    private final long[] complete;
    private final byte[] bits;

    /** Per domain, its flushes and PREFLUSH writes in submit order (CSR). */
    final int[] flushStart;

    final int[] flushRows;

    /** Submit time of each entry of {@link #flushRows}. */
    final long[] flushSubmit;

    /** When the row's own layer made it durable by a flush or FUA; MAX_VALUE if never. */
    final long[] flushFuaAt;

    /** The flush behind {@link #flushFuaAt}, or -1 (FUA, or never). */
    final int[] coveringFlush;

    FlushCoverage(
            Requests r,
            int[] domain,
            int domainCount,
            long[] submit,
            long[] complete,
            byte[] bits) {
        this.r = r;
        this.domain = domain;
        this.domainCount = domainCount;
        this.submit = submit;
        this.complete = complete;
        this.bits = bits;
        int n = r.size();
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
    }

    private int[][] flushesByDomain() {
        int n = r.size();
        int d = domainCount;
        int[] start = new int[d + 1];
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(r, i)) {
                start[domain[i] + 1]++;
            }
        }
        for (int i = 0; i < d; i++) {
            start[i + 1] += start[i];
        }
        int[] rows = new int[start[d]];
        int[] fill = Arrays.copyOf(start, d);
        for (int i = 0; i < n; i++) {
            if (OrderingAnalysis.isFlush(r, i)) {
                rows[fill[domain[i]]++] = i;
            }
        }
        return new int[][] {start, rows};
    }

    private void computeFlushCoverage() {
        int n = r.size();
        Arrays.fill(flushFuaAt, Long.MAX_VALUE);
        Arrays.fill(coveringFlush, -1);
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
                long c = (bits[f] & CrashAnalysis.OK) != 0 ? complete[f] : Long.MAX_VALUE;
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
            if ((bits[w] & CrashAnalysis.WRITE) == 0 || (bits[w] & CrashAnalysis.OK) == 0) {
                continue;
            }
            long c = complete[w];
            long best = (bits[w] & CrashAnalysis.FUA) != 0 ? c : Long.MAX_VALUE;
            int d = domain[w];
            int a = flushStart[d];
            int b = flushStart[d + 1];
            int q = lowerBound(fsub, a, b, c);
            if (q < b) {
                long fc = sufMin[q];
                int f = sufArg[q];
                if (f == w) { // a zero-duration PREFLUSH write: its own preflush does not cover
                    // its data
                    int after = positionOf(w, q, b) + 1;
                    fc =
                            after < b
                                    ? sufMin[after]
                                    : Long.MAX_VALUE; // sufMin[b] belongs to the next domain
                    f = after < b ? sufArg[after] : -1;
                    for (int j = q; flushRows[j] != w; j++) {
                        long jc =
                                (bits[flushRows[j]] & CrashAnalysis.OK) != 0
                                        ? complete[flushRows[j]]
                                        : Long.MAX_VALUE;
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
}
