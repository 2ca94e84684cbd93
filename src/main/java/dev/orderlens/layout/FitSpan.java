package dev.orderlens.layout;

import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a trace's requests are: the span "Fit" shows. A guest blkparse opened with its QEMU log
 * starts with QEMU reading the disk at boot, seconds before the guest's I/O; fitting the whole
 * trace squeezes the guest's requests into a sliver. So Fit takes the <b>core</b> (the shortest
 * interval holding {@value #CORE_PERCENT} % of the requests' starts and ends), widens it by its own
 * length on each side to take in the requests near it, and trims that to the outermost start or end
 * inside. Requests beyond are reachable by zooming out or with Fit All.
 *
 * @param startNs first request start or end in the span
 * @param endNs last request start or end in the span
 * @param covered requests lying wholly inside (an uncompleted one: its start)
 * @param total requests in the trace
 */
public record FitSpan(long startNs, long endNs, int covered, int total) {
    /** Share of the requests' times the core holds. */
    public static final int CORE_PERCENT = 90;

    /** True when every request is inside: Fit is then Fit All. */
    public boolean all() {
        return covered == total;
    }

    /**
     * The span of this trace's requests, or null when it has none. O(n log n) in requests (one sort
     * of their times).
     */
    public static FitSpan of(Trace t) {
        Requests r = t.requests();
        int n = r.size();
        if (n == 0) {
            return null;
        }
        long[] times = new long[2 * n];
        int k = 0;
        for (int row = 0; row < n; row++) {
            times[k++] = r.submit(row);
            long c = r.complete(row);
            if (c != Time.NONE) {
                times[k++] = c;
            }
        }
        times = Arrays.copyOf(times, k);
        Arrays.sort(times);
        // shortest window of `need` consecutive sorted times
        int need = Math.max(1, (int) Math.ceil(k * (CORE_PERCENT / 100.0)));
        int best = 0;
        for (int i = 1; i + need - 1 < k; i++) {
            if (times[i + need - 1] - times[i] < times[best + need - 1] - times[best]) {
                best = i;
            }
        }
        long coreLo = times[best];
        long coreHi = times[best + need - 1];
        long reach = coreHi - coreLo;
        long lo = TimeScale.saturatedSub(coreLo, reach);
        long hi = TimeScale.saturatedAdd(coreHi, reach);
        // trim to the outermost times inside [lo, hi]
        int first = lowerBound(times, lo);
        int last = lowerBound(times, TimeScale.saturatedAdd(hi, 1)) - 1;
        long start = times[first];
        long end = times[last];
        int covered = 0;
        for (int row = 0; row < n; row++) {
            long s = r.submit(row);
            long c = r.complete(row);
            if (s >= start && (c == Time.NONE ? s : c) <= end) {
                covered++;
            }
        }
        return new FitSpan(start, end, covered, n);
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whole percent of the requests inside, rounded down (so 99.9 % never reads "100 %"). */
    public int percent() {
        return total == 0 ? 100 : (int) (100L * covered / total);
    }

    /**
     * What the status bar says while the view is fitted: "Fit: 96 % of requests (221 of 229, -0.000
     * – 0.220 s); Fit All (Shift+F) shows everything".
     */
    public String describe() {
        if (all()) {
            return String.format(Locale.ROOT, "Fit: all %,d requests", total);
        }
        return String.format(
                Locale.ROOT,
                "Fit: %d %% of requests (%,d of %,d, %.3f – %.3f s); Fit All (Shift+F) shows"
                        + " everything",
                percent(),
                covered,
                total,
                Time.toSeconds(startNs),
                Time.toSeconds(endNs));
    }
}
