package dev.orderlens.importer;

import dev.orderlens.model.IntSort;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Links a loop device's writes to the writes of a lower device in the same blkparse file that carry
 * their data (issue 12, "stacked devices"). A loop device writes into its backing file through the
 * file system (drivers/block/loop.c: {@code lo_rw_aio} with direct I/O, else {@code vfs_iter_write}
 * into the page cache), so no remap ({@code A}) line says where its sectors go. When the backing
 * file is contiguous on the lower device, loop sector s lands at s + d for one distance d: d is the
 * distance most loop writes agree on with an admissible lower write, and each loop write is then
 * linked (as parent) to the first admissible lower writes covering its mapped range. A lower write
 * is admissible for a loop write when it was submitted after the loop write completed (writeback of
 * the page cache it filled) or nested inside it (direct I/O). Without at least {@link
 * #MIN_AGREEING} agreeing writes nothing is linked and the file says so. The loop device's flushes
 * are linked to the lower device's by {@link LoopFlushLinks}.
 */
final class LoopLinks {
    /** The loop driver's block major (include/uapi/linux/major.h: LOOP_MAJOR). */
    static final int LOOP_MAJOR = 7;

    static final int MIN_AGREEING = 3;

    /** Lower writes each loop write votes with (the first admissible ones, in submit order). */
    private static final int VOTES_PER_WRITE = 4;

    /** Distances tried per lower device (the most voted). */
    private static final int CANDIDATES = 3;

    /** Lower writes looked at per bucket when linking. */
    private static final int SCAN_PER_BUCKET = 64;

    private static final int BUCKET_SHIFT = 7; // 64 KiB of 512-byte sectors

    /** Loop writes larger than this (32 MiB) are not linked. */
    private static final int MAX_LINKED_SECTORS = 1 << 16;

    /** A device of the file: its lane and "maj,min". */
    record Device(int major, int lane, String name) {}

    private LoopLinks() {}

    /**
     * Links every loop device's writes in {@code t} to the one lower device its writes agree on.
     */
    static void link(RequestTableBuilder t, List<Device> devices, SourceFile source) {
        List<Device> loops = devices.stream().filter(d -> d.major() == LOOP_MAJOR).toList();
        if (loops.isEmpty()) {
            return;
        }
        List<Device> lowers = devices.stream().filter(d -> d.major() != LOOP_MAJOR).toList();
        Map<Integer, int[]> writesOfLane = writesByLane(t);
        for (Device loop : loops) {
            int[] upper = writesOfLane.getOrDefault(loop.lane(), new int[0]);
            if (upper.length == 0) {
                LoopFlushLinks.link(t, loop, null, lowers, source);
                continue;
            }
            Device best = null;
            long bestDistance = 0;
            int bestAgreeing = 0;
            for (Device lower : lowers) {
                int[] below = writesOfLane.getOrDefault(lower.lane(), new int[0]);
                for (long d : distances(t, upper, below)) {
                    int agreeing = linkWrites(t, upper, below, d, false);
                    if (agreeing > bestAgreeing) {
                        best = lower;
                        bestDistance = d;
                        bestAgreeing = agreeing;
                    }
                }
            }
            if (best == null || bestAgreeing < MIN_AGREEING) {
                source.warn(
                        "loop device "
                                + loop.name()
                                + ": its writes are not linked to a lower device (no sector"
                                + " distance places "
                                + MIN_AGREEING
                                + " of them in later writes of one device: the backing file is"
                                + " not contiguous, or its device is not in this trace); they are"
                                + " judged by the loop device's own flushes");
                LoopFlushLinks.link(t, loop, null, lowers, source);
                continue;
            }
            int[] below = writesOfLane.get(best.lane());
            int linked = linkWrites(t, upper, below, bestDistance, true);
            source.warn(
                    String.format(
                            Locale.ROOT,
                            "loop device %s sits on %s: loop sector s is %s sector s + %,d; %,d of"
                                    + " %,d loop writes linked to the %s writes carrying them%s",
                            loop.name(),
                            best.name(),
                            best.name(),
                            bestDistance,
                            linked,
                            upper.length,
                            best.name(),
                            linked < upper.length
                                    ? "; the others reached it at no place or time the trace"
                                            + " shows (not yet written back, or elsewhere)"
                                    : ""));
            LoopFlushLinks.link(t, loop, best, lowers, source);
        }
    }

    /** Data writes (write, write-zeroes) of each lane, in submit order. */
    private static Map<Integer, int[]> writesByLane(RequestTableBuilder t) {
        int n = t.size();
        long[] submit = new long[n];
        for (int i = 0; i < n; i++) {
            submit[i] = t.submit(i);
        }
        int[] order = IntSort.stableOrderByKey(submit, n);
        Map<Integer, List<Integer>> lists = new HashMap<>();
        for (int i : order) {
            if (t.count(i) > 0 && (t.op(i) == Op.WRITE || t.op(i) == Op.WRITE_ZEROES)) {
                lists.computeIfAbsent(t.lane(i), k -> new ArrayList<>()).add(i);
            }
        }
        Map<Integer, int[]> out = new HashMap<>();
        lists.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * Whether lower write {@code v} may carry loop write {@code u}'s data: submitted once {@code u}
     * completed (the page cache it filled is written back), or issued and completed inside {@code
     * u} (direct I/O). A loop write that never completed carries nothing we can place.
     */
    static boolean admissible(RequestTableBuilder t, int u, int v) {
        long done = t.complete(u);
        if (done == Time.NONE) {
            return false;
        }
        if (t.submit(v) >= done) {
            return true;
        }
        long start = t.issue(u) != Time.NONE ? t.issue(u) : t.submit(u);
        return t.submit(v) >= start && t.complete(v) != Time.NONE && t.complete(v) <= done;
    }

    /**
     * The distances (lower sector − loop sector) most loop writes vote for, at most {@link
     * #CANDIDATES}, most votes first: each loop write votes once for the distance to each of its
     * first {@link #VOTES_PER_WRITE} admissible lower writes.
     */
    private static List<Long> distances(RequestTableBuilder t, int[] upper, int[] below) {
        if (below.length == 0) {
            return List.of();
        }
        long[] belowSubmit = new long[below.length];
        for (int i = 0; i < below.length; i++) {
            belowSubmit[i] = t.submit(below[i]);
        }
        Map<Long, Integer> votes = new HashMap<>();
        for (int u : upper) {
            if (t.complete(u) == Time.NONE) {
                continue;
            }
            long from = t.issue(u) != Time.NONE ? t.issue(u) : t.submit(u);
            int k = lowerBound(belowSubmit, from);
            long[] mine = new long[VOTES_PER_WRITE];
            int m = 0;
            for (; k < below.length && m < VOTES_PER_WRITE; k++) {
                int v = below[k];
                if (admissible(t, u, v) && t.sector(v) >= t.sector(u)) {
                    long d = t.sector(v) - t.sector(u);
                    boolean seen = false;
                    for (int i = 0; i < m; i++) {
                        seen |= mine[i] == d;
                    }
                    if (!seen) {
                        mine[m++] = d;
                        votes.merge(d, 1, Integer::sum);
                    }
                }
            }
        }
        return votes.entrySet().stream()
                .sorted(
                        Map.Entry.<Long, Integer>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(CANDIDATES)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Links each loop write to the admissible lower writes that cover its range moved by {@code
     * distance}, per 64 KiB bucket of the range the earliest submitted first, until the range is
     * covered; returns how many loop writes got a link (with {@code apply} false, would get one).
     */
    private static int linkWrites(
            RequestTableBuilder t, int[] upper, int[] below, long distance, boolean apply) {
        Map<Long, List<Integer>> buckets = new HashMap<>(); // in submit order
        for (int v : below) {
            long first = t.sector(v) >> BUCKET_SHIFT;
            long last = (t.sector(v) + t.count(v) - 1) >> BUCKET_SHIFT;
            for (long b = first; b <= Math.min(last, first + 1024); b++) {
                buckets.computeIfAbsent(b, k -> new ArrayList<>()).add(v);
            }
        }
        int linked = 0;
        for (int u : upper) {
            if (t.count(u) > MAX_LINKED_SECTORS) {
                continue; // a discard-sized write: not a page-cache write we can place
            }
            long from = t.sector(u) + distance;
            long to = from + t.count(u);
            boolean[] covered = new boolean[t.count(u)];
            int left = t.count(u);
            List<Integer> chosen = new ArrayList<>();
            for (long b = from >> BUCKET_SHIFT;
                    b <= (to - 1) >> BUCKET_SHIFT && left > 0 && b <= (from >> BUCKET_SHIFT) + 1024;
                    b++) {
                List<Integer> list = buckets.get(b);
                if (list == null) {
                    continue;
                }
                int scanned = 0;
                for (int k = firstSubmittedFrom(t, list, t.submit(u));
                        k < list.size() && scanned < SCAN_PER_BUCKET && left > 0;
                        k++, scanned++) {
                    int v = list.get(k);
                    long vFrom = Math.max(from, t.sector(v));
                    long vTo = Math.min(to, t.sector(v) + t.count(v));
                    if (vFrom >= vTo || !admissible(t, u, v)) {
                        continue;
                    }
                    boolean adds = false;
                    for (long s = vFrom; s < vTo; s++) {
                        if (!covered[(int) (s - from)]) {
                            covered[(int) (s - from)] = true;
                            left--;
                            adds = true;
                        }
                    }
                    if (adds && !chosen.contains(v)) {
                        chosen.add(v);
                    }
                }
            }
            for (int v : chosen) {
                if (apply) {
                    t.addParent(v, u);
                }
            }
            linked += chosen.isEmpty() ? 0 : 1;
        }
        return linked;
    }

    private static int firstSubmittedFrom(RequestTableBuilder t, List<Integer> list, long at) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t.submit(list.get(mid)) < at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lowerBound(long[] a, long key) {
        int i = Arrays.binarySearch(a, key);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == key) {
            i--;
        }
        return i;
    }
}
