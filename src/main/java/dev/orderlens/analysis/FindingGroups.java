package dev.orderlens.analysis;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The crossing and overtaking findings grouped (per flush, per process or per sector range) and
 * ranked by consequence, so an asynchronous workload's tens of thousands of pairs read as a short
 * list (issue 12, item 11). A crossing pair (write W in flight when flush F was submitted) is
 * <b>depended on</b> when a later write D of the same flush domain was submitted once both W and F
 * had completed — so its issuer had seen W done and F done — and D became durable before anything
 * made W durable. By the writeback rules (docs/analysis.md §2) only a FUA write without PREFLUSH
 * can do that: a flush or PREFLUSH submitted after W completed covers W no later than D. That is
 * the journal commit whose predecessor is not durable. Groups with depended-on crossings come
 * first, then the rest by their number of pairs. One model, rendered by {@code analyze} (text and
 * JSON), the HTML report and the app.
 */
public final class FindingGroups {
    /** How pairs are grouped. */
    public enum By {
        /** By the flush of the pair (crossed or overtaken). */
        FLUSH("flush"),
        /** By the process that submitted the write. */
        PROCESS("process"),
        /** By the write's device and 1 MiB sector range ({@link #RANGE_SECTORS}). */
        RANGE("range");

        private final String jsonName;

        By(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        /** The value of {@link #jsonName()}, or null. */
        public static By parse(String s) {
            for (By b : values()) {
                if (b.jsonName.equals(s)) {
                    return b;
                }
            }
            return null;
        }
    }

    /** Sectors in a range group (1 MiB of 512-byte sectors). */
    public static final long RANGE_SECTORS = 2048;

    /** Examples kept per group. */
    public static final int EXAMPLES = 3;

    /**
     * A crossing a later durable write depends on: {@code write} crossed {@code flush}; {@code
     * commit} (FUA) was submitted after both completed and was durable at {@code commitDurable},
     * before {@code write} was durable (at {@code writeDurable}, {@link Time#NONE}: never in the
     * trace).
     */
    public record Dependence(
            int write, int flush, int commit, long commitDurable, long writeDurable) {}

    /**
     * One group: its key as text, the flush row it is about (or -1), its pair counts and distinct
     * writes, up to {@link #EXAMPLES} depended-on crossings, and the distinct write rows in row
     * order (what the app selects and zooms to).
     */
    public record Group(
            String key,
            int flush,
            long crossing,
            long overtaking,
            long dependedOn,
            int writes,
            List<Dependence> examples,
            int[] rows) {
        public long pairs() {
            return crossing + overtaking;
        }
    }

    private final By by;
    private final List<Group> groups;
    private final long dependedOn;
    private final long listedPairs;
    private final long totalPairs;

    private FindingGroups(
            By by, List<Group> groups, long dependedOn, long listedPairs, long totalPairs) {
        this.by = by;
        this.groups = List.copyOf(groups);
        this.dependedOn = dependedOn;
        this.listedPairs = listedPairs;
        this.totalPairs = totalPairs;
    }

    public By by() {
        return by;
    }

    /** Ranked: depended-on crossings first, then pairs, then first appearance. */
    public List<Group> groups() {
        return groups;
    }

    /** Crossing pairs a later durable write depends on, over all groups. */
    public long dependedOn() {
        return dependedOn;
    }

    /** Crossing and overtaking pairs grouped (the listed ones, at most the findings' cap each). */
    public long listedPairs() {
        return listedPairs;
    }

    /** Crossing and overtaking pairs found; more than {@link #listedPairs()} past the cap. */
    public long totalPairs() {
        return totalPairs;
    }

    /** "12 groups by flush: 3 crossings a later durable write depends on, 40 other pairs". */
    public String text() {
        return String.format(
                Locale.ROOT,
                "%,d group%s by %s: %,d crossing%s a later durable write depends on, %,d other"
                        + " pair%s%s",
                groups.size(),
                groups.size() == 1 ? "" : "s",
                by.jsonName(),
                dependedOn,
                dependedOn == 1 ? "" : "s",
                listedPairs - dependedOn,
                listedPairs - dependedOn == 1 ? "" : "s",
                listedPairs < totalPairs
                        ? String.format(
                                Locale.ROOT, " (of the first %,d of %,d)", listedPairs, totalPairs)
                        : "");
    }

    /**
     * A group in one line: "flush guest#40: 3 depended on, 12 crossing, 4 overtaking (9 writes)".
     */
    public static String line(Group g) {
        return String.format(
                Locale.ROOT,
                "%s: %,d depended on, %,d crossing, %,d overtaking (%,d write%s)",
                g.key(),
                g.dependedOn(),
                g.crossing(),
                g.overtaking(),
                g.writes(),
                g.writes() == 1 ? "" : "s");
    }

    /** One depended-on crossing in words. */
    public static String text(Trace t, Dependence d) {
        return t.names().label(d.write())
                + " crossed "
                + t.names().id(d.flush())
                + "; "
                + t.names().label(d.commit())
                + ", submitted after both completed, was durable at "
                + Time.formatSeconds(d.commitDurable())
                + " s, "
                + (d.writeDurable() == Time.NONE
                        ? "while no later flush made the write durable"
                        : "before the write (durable at "
                                + Time.formatSeconds(d.writeDurable())
                                + " s)");
    }

    /** Groups the findings' crossing and overtaking pairs: O(p log n) for p pairs. */
    public static FindingGroups of(Trace t, OrderingFindings f, By by) {
        Requests r = t.requests();
        Durability dur = new Durability(t);
        Map<Object, Acc> accs = new LinkedHashMap<>();
        long depended = 0;
        PairList cross = f.crossing();
        for (int i = 0; i < cross.size(); i++) {
            int w = cross.first(i);
            int fl = cross.second(i);
            Acc a = accs.computeIfAbsent(key(t, by, w, fl), k -> new Acc(t, by, w, fl));
            a.crossing++;
            a.writes.add(w);
            Dependence d = dur.dependence(w, fl);
            if (d != null) {
                depended++;
                a.dependedOn++;
                if (a.examples.size() < EXAMPLES) {
                    a.examples.add(d);
                }
            }
        }
        PairList over = f.overtaking();
        for (int i = 0; i < over.size(); i++) {
            int w = over.first(i);
            int fl = over.second(i);
            Acc a = accs.computeIfAbsent(key(t, by, w, fl), k -> new Acc(t, by, w, fl));
            a.overtaking++;
            a.writes.add(w);
        }
        List<Acc> list = new ArrayList<>(accs.values());
        list.sort(
                Comparator.comparingLong((Acc a) -> -a.dependedOn)
                        .thenComparingLong(a -> -(a.crossing + a.overtaking)));
        List<Group> groups = new ArrayList<>(list.size());
        for (Acc a : list) {
            int[] rows =
                    a.writes.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
            groups.add(
                    new Group(
                            a.label,
                            a.flush,
                            a.crossing,
                            a.overtaking,
                            a.dependedOn,
                            rows.length,
                            List.copyOf(a.examples),
                            rows));
        }
        return new FindingGroups(
                by,
                groups,
                depended,
                (long) cross.size() + over.size(),
                cross.total() + over.total());
    }

    /** Per crossing pair index, whether a later durable write depends on it. */
    public static boolean[] dependedOn(Trace t, OrderingFindings f) {
        Durability dur = new Durability(t);
        PairList cross = f.crossing();
        boolean[] out = new boolean[cross.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dur.dependence(cross.first(i), cross.second(i)) != null;
        }
        return out;
    }

    private static Object key(Trace t, By by, int write, int flush) {
        Requests r = t.requests();
        return switch (by) {
            case FLUSH -> flush;
            case PROCESS -> r.process(write) == null ? "" : r.process(write);
            case RANGE -> List.of(r.lane(write), r.sector(write) / RANGE_SECTORS);
        };
    }

    private static final class Acc {
        final String label;
        final int flush;
        long crossing;
        long overtaking;
        long dependedOn;
        final List<Integer> writes = new ArrayList<>();
        final List<Dependence> examples = new ArrayList<>();

        Acc(Trace t, By by, int write, int flushRow) {
            Requests r = t.requests();
            this.flush = by == By.FLUSH ? flushRow : -1;
            this.label =
                    switch (by) {
                        case FLUSH ->
                                "flush "
                                        + t.names().id(flushRow)
                                        + " submitted at "
                                        + Time.formatSeconds(r.submit(flushRow))
                                        + " s";
                        case PROCESS ->
                                "process "
                                        + (r.process(write) == null
                                                ? "(unknown)"
                                                : r.process(write));
                        case RANGE -> {
                            long from = r.sector(write) / RANGE_SECTORS * RANGE_SECTORS;
                            yield String.format(
                                    Locale.ROOT,
                                    "%s %s sectors %,d – %,d",
                                    t.layerId(write),
                                    t.lanes().get(r.lane(write)).name(),
                                    from,
                                    from + RANGE_SECTORS - 1);
                        }
                    };
        }
    }

    /**
     * Per flush domain: when a write completed at c is first made durable by a flush (the earliest
     * completion of a successful flush or PREFLUSH submitted at or after c), and the earliest FUA
     * write (no PREFLUSH) submitted at or after a time, by its completion. Suffix minima over
     * submit-sorted arrays: O(log n) per question.
     */
    private static final class Durability {
        private final Requests r;
        private final FlushDomains domains;
        private final long[][] flushSubmit;
        private final long[][] flushDone; // suffix minimum of completions
        private final long[][] fuaSubmit;
        private final long[][] fuaDone;
        private final int[][] fuaRow; // row of the suffix minimum

        Durability(Trace t) {
            this.r = t.requests();
            this.domains = FlushDomains.of(t);
            int nd = domains.count();
            List<List<Integer>> flushes = new ArrayList<>();
            List<List<Integer>> fuas = new ArrayList<>();
            for (int d = 0; d < nd; d++) {
                flushes.add(new ArrayList<>());
                fuas.add(new ArrayList<>());
            }
            for (int i = 0; i < r.size(); i++) {
                if (r.complete(i) == Time.NONE || r.status(i) != Status.OK) {
                    continue;
                }
                int d = domains.ofLane(r.lane(i));
                if (OrderingAnalysis.isFlush(r, i)) {
                    flushes.get(d).add(i);
                } else if (r.op(i).modifiesData() && r.has(i, Flags.FUA)) {
                    fuas.get(d).add(i);
                }
            }
            flushSubmit = new long[nd][];
            flushDone = new long[nd][];
            fuaSubmit = new long[nd][];
            fuaDone = new long[nd][];
            fuaRow = new int[nd][];
            for (int d = 0; d < nd; d++) {
                int[] fl = bySubmit(flushes.get(d));
                flushSubmit[d] = new long[fl.length];
                flushDone[d] = new long[fl.length + 1];
                flushDone[d][fl.length] = Long.MAX_VALUE;
                for (int k = fl.length - 1; k >= 0; k--) {
                    flushSubmit[d][k] = r.submit(fl[k]);
                    flushDone[d][k] = Math.min(flushDone[d][k + 1], r.complete(fl[k]));
                }
                int[] fu = bySubmit(fuas.get(d));
                fuaSubmit[d] = new long[fu.length];
                fuaDone[d] = new long[fu.length + 1];
                fuaRow[d] = new int[fu.length + 1];
                fuaDone[d][fu.length] = Long.MAX_VALUE;
                fuaRow[d][fu.length] = -1;
                for (int k = fu.length - 1; k >= 0; k--) {
                    fuaSubmit[d][k] = r.submit(fu[k]);
                    boolean better = r.complete(fu[k]) < fuaDone[d][k + 1];
                    fuaDone[d][k] = better ? r.complete(fu[k]) : fuaDone[d][k + 1];
                    fuaRow[d][k] = better ? fu[k] : fuaRow[d][k + 1];
                }
            }
        }

        private int[] bySubmit(List<Integer> rows) {
            return rows.stream()
                    .sorted(Comparator.comparingLong(r::submit))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }

        /** The depended-on crossing of {@code write} over {@code flush}, or null. */
        Dependence dependence(int write, int flush) {
            long wc = r.complete(write);
            long fc = r.complete(flush);
            if (wc == Time.NONE || fc == Time.NONE) {
                return null; // nobody saw both done
            }
            int d = domains.ofLane(r.lane(write));
            int k = lowerBound(flushSubmit[d], wc);
            long covered = flushDone[d][k];
            int j = lowerBound(fuaSubmit[d], Math.max(wc, fc));
            long commitDone = fuaDone[d][j];
            if (commitDone >= covered || commitDone == Long.MAX_VALUE) {
                return null;
            }
            return new Dependence(
                    write,
                    flush,
                    fuaRow[d][j],
                    commitDone,
                    covered == Long.MAX_VALUE ? Time.NONE : covered);
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
    }

    @Override
    public String toString() {
        return text() + " " + Arrays.toString(groups.toArray());
    }
}
