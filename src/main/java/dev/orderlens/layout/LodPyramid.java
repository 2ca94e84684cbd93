package dev.orderlens.layout;

import dev.orderlens.model.Op;
import java.util.Arrays;

/**
 * Levels of detail for one {@link Sequence}: for power-of-two time buckets (2^shift ns, buckets
 * aligned to a common origin), the non-empty buckets with their request count, dominant op, longest
 * request, how far the requests so far reach (a running maximum of ends, which gives the exact
 * union coverage), and the OR of the findings marks. A frame at {@code ns/px} reads the level whose
 * buckets are at most one pixel wide, so drawing costs follow pixels, not requests.
 *
 * <p>Only levels that hold at least {@link #MIN_PER_BUCKET} requests per bucket on average are kept
 * (finer zooms draw requests directly, which is then as cheap), so the pyramid costs at most about
 * half a bucket per request. Built bottom-up: the finest kept level from the requests, each coarser
 * one by merging pairs; dominant ops are exact (per-op counts are kept while building).
 */
public final class LodPyramid {
    /** Sequences shorter than this are always drawn request by request. */
    public static final int MIN_SIZE = 16;

    public static final int MIN_PER_BUCKET = 4;
    private static final int OPS = Op.values().length;

    private final long origin;
    private final int minShift;
    private final Level[] levels;

    /** One level: parallel arrays over its non-empty buckets, in time order. */
    public static final class Level {
        private final int shift;
        private final int size;
        private final long[] bucket;
        private final int[] count;
        private final int[] first;
        private final long[] coveredUntil;
        private final long[] maxDuration;
        private final byte[] op;
        private final byte[] marks;
        private final long origin;

        Level(int shift, int size, long origin) {
            this.shift = shift;
            this.size = size;
            this.origin = origin;
            bucket = new long[size];
            count = new int[size];
            first = new int[size];
            coveredUntil = new long[size];
            maxDuration = new long[size];
            op = new byte[size];
            marks = new byte[size];
        }

        /** Bucket width is 2^shift ns. */
        public int shift() {
            return shift;
        }

        public int size() {
            return size;
        }

        public long bucketStart(int k) {
            return origin + (bucket[k] << shift);
        }

        public int count(int k) {
            return count[k];
        }

        /** Sequence position of the bucket's first request. */
        public int first(int k) {
            return first[k];
        }

        /** Latest end of any request in this or an earlier bucket. */
        public long coveredUntil(int k) {
            return coveredUntil[k];
        }

        public long maxDuration(int k) {
            return maxDuration[k];
        }

        /** The most common op code among the bucket's requests. */
        public int op(int k) {
            return op[k];
        }

        /** OR of the {@link dev.orderlens.analysis.OrderingFindings} marks of its requests. */
        public int marks(int k) {
            return marks[k];
        }

        /** First bucket whose coverage reaches {@code t}. */
        public int firstCovering(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (coveredUntil[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        long retainedBytes() {
            return size * 34L;
        }
    }

    private LodPyramid(long origin, int minShift, Level[] levels) {
        this.origin = origin;
        this.minShift = minShift;
        this.levels = levels;
    }

    /** Builds the pyramid of a sequence, or returns null when it is too small to need one. */
    static LodPyramid build(Sequence seq, long origin) {
        int n = seq.size();
        if (n < MIN_SIZE) {
            return null;
        }
        // buckets per level in one pass: consecutive starts fall in different buckets at every
        // shift below the highest bit in which their offsets differ
        long[] above = new long[65];
        long prev = rel(seq.start(0), origin);
        for (int i = 1; i < n; i++) {
            long cur = rel(seq.start(i), origin);
            above[64 - Long.numberOfLeadingZeros(cur ^ prev)]++;
            prev = cur;
        }
        long[] buckets = new long[64];
        long differing = 0;
        for (int shift = 63; shift >= 0; shift--) {
            differing += above[shift + 1];
            buckets[shift] = 1 + differing;
        }
        int min = 0;
        while (min < 63 && buckets[min] > n / MIN_PER_BUCKET) {
            min++;
        }
        int max = min;
        while (max < 63 && buckets[max] > 1) {
            max++;
        }
        Level[] levels = new Level[max - min + 1];
        int[] ops = new int[(int) buckets[min] * OPS];
        levels[0] = finest(seq, origin, min, (int) buckets[min], ops);
        for (int k = 1; k < levels.length; k++) {
            ops = merge(levels[k - 1], (int) buckets[min + k], ops, levels, k);
        }
        return new LodPyramid(origin, min, levels);
    }

    private static long rel(long t, long origin) {
        return Math.max(0, TimeScale.saturatedSub(t, origin));
    }

    private static Level finest(Sequence seq, long origin, int shift, int size, int[] ops) {
        Level lv = new Level(shift, size, origin);
        int k = -1;
        long current = -1;
        for (int i = 0; i < seq.size(); i++) {
            long start = seq.start(i);
            long b = rel(start, origin) >>> shift;
            if (b != current) {
                k++;
                current = b;
                lv.bucket[k] = b;
                lv.first[k] = i;
                lv.maxDuration[k] = 0;
            }
            lv.count[k]++;
            lv.coveredUntil[k] = seq.coveredUntil(i);
            lv.maxDuration[k] = Math.max(lv.maxDuration[k], seq.end(i) - start);
            lv.marks[k] |= (byte) seq.marks(i);
            ops[k * OPS + seq.op(i)]++;
        }
        dominantOps(lv, ops);
        return lv;
    }

    private static int[] merge(Level fine, int size, int[] fineOps, Level[] levels, int index) {
        Level lv = new Level(fine.shift + 1, size, fine.origin);
        int[] ops = new int[size * OPS];
        int k = -1;
        long current = -1;
        for (int j = 0; j < fine.size; j++) {
            long b = fine.bucket[j] >>> 1;
            if (b != current) {
                k++;
                current = b;
                lv.bucket[k] = b;
                lv.first[k] = fine.first[j];
            }
            lv.count[k] += fine.count[j];
            lv.coveredUntil[k] = fine.coveredUntil[j];
            lv.maxDuration[k] = Math.max(lv.maxDuration[k], fine.maxDuration[j]);
            lv.marks[k] |= fine.marks[j];
            for (int o = 0; o < OPS; o++) {
                ops[k * OPS + o] += fineOps[j * OPS + o];
            }
        }
        dominantOps(lv, ops);
        levels[index] = lv;
        return ops;
    }

    private static void dominantOps(Level lv, int[] ops) {
        for (int k = 0; k < lv.size; k++) {
            int best = 0;
            for (int o = 1; o < OPS; o++) {
                if (ops[k * OPS + o] > ops[k * OPS + best]) {
                    best = o;
                }
            }
            lv.op[k] = (byte) best;
        }
    }

    /**
     * The level to draw at this zoom: the coarsest whose buckets are at most one pixel wide, or
     * null when even the finest kept level is coarser than a pixel (then draw requests directly).
     */
    public Level levelFor(double nsPerPx) {
        if (!(nsPerPx >= 1)) {
            return null;
        }
        int shift = 63 - Long.numberOfLeadingZeros((long) Math.min(nsPerPx, 0x1p62));
        if (shift < minShift) {
            return null;
        }
        return levels[Math.min(shift - minShift, levels.length - 1)];
    }

    public int levelCount() {
        return levels.length;
    }

    public Level level(int index) {
        return levels[index];
    }

    public long origin() {
        return origin;
    }

    long retainedBytes() {
        long b = 0;
        for (Level l : levels) {
            b += l.retainedBytes();
        }
        return b;
    }

    @Override
    public String toString() {
        return "LodPyramid[shifts "
                + minShift
                + ".."
                + (minShift + levels.length - 1)
                + ", buckets "
                + Arrays.stream(levels).mapToInt(Level::size).boxed().toList()
                + "]";
    }
}
