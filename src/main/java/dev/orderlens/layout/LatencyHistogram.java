package dev.orderlens.layout;

import dev.orderlens.analysis.LogSlots;
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
    public static final int PER_DECADE = LogSlots.PER_DECADE;

    private final Samples samples;

    /** The global slot (decade × PER_DECADE + fifth) of the first positive bucket. */
    private final int firstSlot;

    private final int[] counts;
    private final boolean underflow;

    private LatencyHistogram(Samples samples, int firstSlot, int[] counts, boolean underflow) {
        this.samples = samples;
        this.firstSlot = firstSlot;
        this.counts = counts;
        this.underflow = underflow;
    }

    public static LatencyHistogram of(Samples s) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        boolean under = false;
        for (int i = 0; i < s.size(); i++) {
            if (s.atOrBelowZero(i)) {
                under = true;
            } else {
                lo = Math.min(lo, s.slot(i));
                hi = Math.max(hi, s.slot(i));
            }
        }
        if (hi < 0) {
            lo = 0;
        }
        int offset = under ? 1 : 0;
        int[] counts = new int[offset + hi - lo + 1];
        for (int i = 0; i < s.size(); i++) {
            counts[s.atOrBelowZero(i) ? 0 : offset + s.slot(i) - lo]++;
        }
        return new LatencyHistogram(s, lo, counts, under);
    }

    /** The bucket of sample i. */
    private int bucketOfSample(int i) {
        return samples.atOrBelowZero(i) ? 0 : (underflow ? 1 : 0) + samples.slot(i) - firstSlot;
    }

    /** The lower edge of a global slot. */
    private static long slotEdge(int slot) {
        return LogSlots.lowerEdge(slot);
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
        int b = LogSlots.of(ns) - firstSlot;
        int positive = counts.length - (underflow ? 1 : 0);
        return b < 0 || b >= positive ? -1 : (underflow ? 1 : 0) + b;
    }

    /** The distinct request rows with a sample in the bucket, ascending. */
    public int[] rows(int bucket) {
        int[] out = new int[counts[bucket]];
        int n = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (bucketOfSample(i) == bucket) {
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
