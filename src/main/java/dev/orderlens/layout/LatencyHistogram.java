package dev.orderlens.layout;

import dev.orderlens.analysis.Samples;
import dev.orderlens.model.Time;
import java.util.Arrays;

/**
 * A latency histogram on a log time axis: {@value #PER_DECADE} buckets per power of ten, from the
 * bucket of the smallest sample to that of the largest, so 1 µs and 1 s sit on one readable axis.
 * Bucket b holds the samples in [lower(b), upper(b)); samples of 0 ns or less (a cross-layer
 * segment under a slightly wrong clock offset) go to an extra first bucket. Selecting a bucket
 * gives the request rows whose samples fall in it, for highlighting them on the timeline.
 */
public final class LatencyHistogram {
    public static final int PER_DECADE = 5;

    private final Samples samples;

    /** The global slot (decade × PER_DECADE + fifth) of the first positive bucket. */
    private final int firstSlot;

    private final int[] counts;
    private final boolean underflow;
    private final int[] bucketOfSample;

    private LatencyHistogram(
            Samples samples, int firstSlot, int[] counts, boolean underflow, int[] bucketOfSample) {
        this.samples = samples;
        this.firstSlot = firstSlot;
        this.counts = counts;
        this.underflow = underflow;
        this.bucketOfSample = bucketOfSample;
    }

    public static LatencyHistogram of(Samples s) {
        long min = Long.MAX_VALUE;
        long max = 0;
        boolean under = false;
        for (int i = 0; i < s.size(); i++) {
            long v = s.value(i);
            if (v <= 0) {
                under = true;
            } else {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        int lo = max == 0 ? 0 : slot(min);
        int hi = max == 0 ? -1 : slot(max);
        int offset = under ? 1 : 0;
        int[] counts = new int[offset + hi - lo + 1];
        int[] of = new int[s.size()];
        for (int i = 0; i < s.size(); i++) {
            long v = s.value(i);
            int b = v <= 0 ? 0 : offset + slot(v) - lo;
            of[i] = b;
            counts[b]++;
        }
        return new LatencyHistogram(s, lo, counts, under, of);
    }

    /** floor(log10(v)) for v ≥ 1, exactly (no floating-point rounding at powers of ten). */
    static int decade(long v) {
        int d = 0;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** The global slot of v ≥ 1: its decade × PER_DECADE + the fifth of the decade it is in. */
    private static int slot(long v) {
        int d = decade(v);
        int k = 0;
        while (k + 1 < PER_DECADE && v >= EDGES[d * PER_DECADE + k + 1]) {
            k++;
        }
        return d * PER_DECADE + k;
    }

    /** Every slot's lower edge up to 10^18 ns, computed once: {@link #slot} runs per sample. */
    private static final long[] EDGES = new long[19 * PER_DECADE + 1];

    static {
        for (int i = 0; i < EDGES.length; i++) {
            EDGES[i] = edge(pow10(i / PER_DECADE), i % PER_DECADE);
        }
    }

    /** The lower edge of a global slot. */
    private static long slotEdge(int slot) {
        return slot < EDGES.length
                ? EDGES[slot]
                : edge(pow10(slot / PER_DECADE), slot % PER_DECADE);
    }

    /**
     * The k-th edge inside a decade starting at base: base × 10^(k/PER_DECADE), rounded up to a
     * whole ns.
     */
    private static long edge(long base, int k) {
        return (long) Math.ceil(base * Math.pow(10, k / (double) PER_DECADE) - 1e-9);
    }

    private static long pow10(int d) {
        long p = 1;
        for (int i = 0; i < d; i++) {
            p *= 10;
        }
        return p;
    }

    public int size() {
        return counts.length;
    }

    public int count(int bucket) {
        return counts[bucket];
    }

    /** The largest bucket count: the vertical scale. */
    public int maxCount() {
        return Arrays.stream(counts).max().orElse(0);
    }

    public int total() {
        return samples.size();
    }

    /** True for the extra first bucket of samples at or below 0 ns. */
    public boolean isUnderflow(int bucket) {
        return underflow && bucket == 0;
    }

    /** Lower edge in ns (inclusive); for the underflow bucket, Long.MIN_VALUE. */
    public long lower(int bucket) {
        if (isUnderflow(bucket)) {
            return Long.MIN_VALUE;
        }
        return slotEdge(firstSlot + bucket - (underflow ? 1 : 0));
    }

    /** Upper edge in ns (exclusive); for the underflow bucket, 1. */
    public long upper(int bucket) {
        if (isUnderflow(bucket)) {
            return 1;
        }
        return slotEdge(firstSlot + bucket - (underflow ? 1 : 0) + 1);
    }

    /** The bucket a sample value falls in, or -1 outside the histogram. */
    public int bucketOf(long ns) {
        if (ns <= 0) {
            return underflow ? 0 : -1;
        }
        int b = slot(ns) - firstSlot;
        int positive = counts.length - (underflow ? 1 : 0);
        return b < 0 || b >= positive ? -1 : (underflow ? 1 : 0) + b;
    }

    /** The distinct request rows with a sample in the bucket, ascending. */
    public int[] rows(int bucket) {
        int[] out = new int[counts[bucket]];
        int n = 0;
        for (int i = 0; i < bucketOfSample.length; i++) {
            if (bucketOfSample[i] == bucket) {
                out[n++] = samples.row(i);
            }
        }
        Arrays.sort(out, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || out[i] != out[distinct - 1]) {
                out[distinct++] = out[i];
            }
        }
        return Arrays.copyOf(out, distinct);
    }

    /** The bucket's range for people, e.g. "100 µs – 158 µs". */
    public String label(int bucket) {
        if (isUnderflow(bucket)) {
            return "≤ 0 ns";
        }
        return Time.formatDuration(lower(bucket)) + " – " + Time.formatDuration(upper(bucket));
    }
}
