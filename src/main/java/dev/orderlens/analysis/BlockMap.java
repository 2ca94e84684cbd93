package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every sector a write issued by the crash touched, on every device of every layer, as runs each
 * classed by its worst state across layers — what the crash pane's block map and the HTML report
 * draw. On the content layer's devices a run holds the sector's possible contents ({@link
 * SectorContents}); on the other devices (a write still in the guest, a dm device above the disk, a
 * write that never reached the content layer) it holds the writes that touched it. A run's class is
 * never better than the worst state of a write that touched it: the map never looks safer than the
 * at-risk list. Sectors no write touched are left out; the view elides those gaps.
 */
public final class BlockMap {
    /** How certain a sector's content after the crash is. */
    public enum SectorClass {
        /**
         * Only the old content is possible (the writes that touched it are not issued or were
         * dropped harmlessly).
         */
        UNCHANGED("unchanged", "only the old content"),
        /** Exactly one new content, certain: a durable write. */
        DURABLE_NEW("durable new", "certainly the new content"),
        /**
         * Several contents are possible: an uncertain write may or may not have landed (or a write
         * that touched it is in flight or volatile).
         */
        UNCERTAIN("uncertain", "old or new: an uncertain write may or may not have landed"),
        /**
         * Writes that were concurrent (neither completed before the other was submitted) may land
         * in either order.
         */
        CONCURRENT("concurrent", "concurrent writes: either may be last"),
        /**
         * A write meant for the sector is certainly gone (lost): on the content layer, the newest
         * one, so the sector holds older content.
         */
        LOST("lost", "a write meant for it is certainly lost");

        private final String label;
        private final String meaning;

        SectorClass(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }

        /** How bad for the data: unchanged and durable 0, uncertain and concurrent 1, lost 2. */
        int badness() {
            return switch (this) {
                case UNCHANGED, DURABLE_NEW -> 0;
                case UNCERTAIN, CONCURRENT -> 1;
                case LOST -> 2;
            };
        }

        /** The class a write's state gives the sectors it touched. */
        public static SectorClass of(WriteState s) {
            return switch (s) {
                case NOT_ISSUED -> UNCHANGED;
                case DURABLE -> DURABLE_NEW;
                case IN_FLIGHT, VOLATILE -> UNCERTAIN;
                case LOST -> LOST;
            };
        }
    }

    /**
     * Sectors [{@code from}, {@code to}) of a device (flush domain) with the same class, worst
     * state and candidates. With {@code contents} the candidates are what the sectors may hold
     * ({@link SectorContents#INITIAL}, request rows, {@link SectorContents#GARBAGE}: the content
     * layer); without, they are the writes that touched them (at most {@link #MAX_WRITERS}, in row
     * order, of {@code writers}). {@code worst} is the worst state of a write that touched them;
     * {@code layers} has bit i set when a write of layer i did (a domain shows the devices of other
     * layers that number their sectors alike, {@link SectorSpaces}).
     */
    public record Range(
            int domain,
            long from,
            long to,
            SectorClass sectorClass,
            int[] candidates,
            boolean contents,
            WriteState worst,
            int writers,
            int layers) {
        public long sectors() {
            return to - from;
        }

        public boolean contains(int domainIndex, long sector) {
            return domainIndex == domain && sector >= from && sector < to;
        }
    }

    private final CrashResult result;
    private final SectorSpaces spaces;
    private final List<Range> ranges;
    private final long[] sectorsByClass = new long[SectorClass.values().length];

    private final java.util.Set<Integer> contentDomains = new java.util.HashSet<>();
    private final boolean severalLayers;

    private BlockMap(CrashResult result, SectorSpaces spaces, List<Range> ranges) {
        this.result = result;
        this.spaces = spaces;
        this.ranges = Collections.unmodifiableList(ranges);
        java.util.Set<String> layers = new java.util.HashSet<>();
        int domain = Integer.MIN_VALUE;
        for (Range r : ranges) {
            sectorsByClass[r.sectorClass().ordinal()] += r.sectors();
            if (r.contents()) {
                contentDomains.add(r.domain());
            }
            if (r.domain() != domain) {
                domain = r.domain();
                layers.add(layerOf(domain));
            }
        }
        severalLayers = layers.size() > 1;
    }

    /** Whether a domain's runs hold possible contents (a device of the content layer). */
    public boolean holdsContents(int domain) {
        return contentDomains.contains(domain);
    }

    /** How many touching writes a run off the content layer lists. */
    public static final int MAX_WRITERS = 8;

    /**
     * The block map of a crash-point result: O(n log n + segments × candidates) for n writes issued
     * by the crash.
     */
    public static BlockMap of(CrashResult result) {
        List<Range> contents = new Builder(result).build();
        SectorSpaces spaces = SectorSpaces.of(result);
        List<Touched> touched = Touched.sweep(result, spaces);
        return new BlockMap(result, spaces, overlay(contents, touched));
    }

    public CrashResult result() {
        return result;
    }

    /** The runs in (domain, sector) order; adjacent runs differ in class or candidates. */
    public List<Range> ranges() {
        return ranges;
    }

    /** Sectors of a class. */
    public long sectors(SectorClass c) {
        return sectorsByClass[c.ordinal()];
    }

    /** All touched sectors. */
    public long sectors() {
        return Arrays.stream(sectorsByClass).sum();
    }

    /** The device name of a domain ("vda", "8,0"). */
    public String device(int domain) {
        return result.sectors().deviceOf(domain);
    }

    /**
     * A domain's heading: its device, with the layer when the map shows more than one layer, the
     * devices of other layers shown with it top first ("guest vda → virtio vq1 → host blk0"), and
     * whether its runs hold contents ("host file", "guest vda — writes off the content layer").
     */
    public String heading(int domain) {
        int[] members = spaces.members(domain);
        boolean severalLayers =
                members.length > 1
                        || ranges.stream().map(r -> layerOf(r.domain())).distinct().count() > 1;
        StringBuilder b = new StringBuilder();
        for (int d : members) {
            String device = device(d).isEmpty() ? "device" : device(d);
            b.append(b.length() == 0 ? "" : " → ")
                    .append(severalLayers ? layerOf(d) + " " : "")
                    .append(device);
        }
        boolean contents = ranges.stream().anyMatch(r -> r.domain() == domain && r.contents());
        return b + (contents ? "" : " — writes off the content layer");
    }

    /** The domain a request row's sectors are shown under (see {@link #heading}). */
    public int domainOf(int row) {
        return spaces.shownAs(result.sectors().domainOfRow(row));
    }

    /** The layers whose writes touched a run, top first ("guest, virtio, host"). */
    public String layerNames(Range r) {
        var layers = result.analysis().trace().layers();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < layers.size() && i < 32; i++) {
            if ((r.layers() & 1 << i) != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(layers.get(i).id());
            }
        }
        return b.toString();
    }

    private String layerOf(int domain) {
        var t = result.analysis().trace();
        for (var lane : t.lanes()) {
            if (result.sectors().domainOfLane(lane.index()) == domain) {
                return t.layers().get(lane.layer()).id();
            }
        }
        return "";
    }

    /** The run holding a sector of a device, or null. */
    public Range find(int domain, long sector) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            int c =
                    r.domain() != domain
                            ? Integer.compare(r.domain(), domain)
                            : r.to() <= sector ? -1 : r.from() > sector ? 1 : 0;
            if (c == 0) {
                return r;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /**
     * Two writes are concurrent when neither completed before the other was submitted (a tie is
     * "before").
     */
    static boolean concurrent(PreparedWrites w, int x, int y) {
        return w.complete(x) > w.submit(y) && w.complete(y) > w.submit(x);
    }

    /**
     * Lays the content layer's runs over the runs every issued write touched (a superset of the
     * content runs' sectors): each content piece keeps its candidates and takes the worse of its
     * class and the class of the worst touching write; sectors only the other runs cover are runs
     * of their own, classed by their worst write. Both lists are in (domain, sector) order.
     */
    private static List<Range> overlay(List<Range> contents, List<Touched> touched) {
        List<Range> out = new ArrayList<>();
        int ci = 0;
        for (Touched t : touched) {
            SectorClass byState = SectorClass.of(t.worst());
            long pos = t.from();
            while (pos < t.to()) {
                while (ci < contents.size() && before(contents.get(ci), t.domain(), pos)) {
                    ci++;
                }
                Range c = ci < contents.size() ? contents.get(ci) : null;
                boolean sameDomain = c != null && c.domain() == t.domain();
                if (sameDomain && c.from() <= pos) {
                    long end = Math.min(c.to(), t.to());
                    SectorClass k =
                            byState.badness() > c.sectorClass().badness()
                                    ? byState
                                    : c.sectorClass();
                    append(
                            out,
                            new Range(
                                    t.domain(),
                                    pos,
                                    end,
                                    k,
                                    c.candidates(),
                                    true,
                                    t.worst(),
                                    t.writers(),
                                    t.layers()));
                    pos = end;
                } else {
                    long end = sameDomain && c.from() < t.to() ? c.from() : t.to();
                    append(
                            out,
                            new Range(
                                    t.domain(),
                                    pos,
                                    end,
                                    byState,
                                    t.rows(),
                                    false,
                                    t.worst(),
                                    t.writers(),
                                    t.layers()));
                    pos = end;
                }
            }
        }
        return out;
    }

    private static boolean before(Range r, int domain, long sector) {
        return r.domain() < domain || r.domain() == domain && r.to() <= sector;
    }

    private static void append(List<Range> out, Range r) {
        Range p = out.isEmpty() ? null : out.get(out.size() - 1);
        if (p != null
                && p.domain() == r.domain()
                && p.to() == r.from()
                && p.sectorClass() == r.sectorClass()
                && p.contents() == r.contents()
                && p.worst() == r.worst()
                && p.writers() == r.writers()
                && p.layers() == r.layers()
                && Arrays.equals(p.candidates(), r.candidates())) {
            out.set(
                    out.size() - 1,
                    new Range(
                            p.domain(),
                            p.from(),
                            r.to(),
                            p.sectorClass(),
                            p.candidates(),
                            p.contents(),
                            p.worst(),
                            p.writers(),
                            p.layers()));
        } else {
            out.add(r);
        }
    }

    /**
     * Rank of a state for "worst": durable 0, volatile 1, in flight 2 (it may be torn mid-way),
     * lost 3.
     */
    static int risk(WriteState s) {
        return switch (s) {
            case NOT_ISSUED, DURABLE -> 0;
            case VOLATILE -> 1;
            case IN_FLIGHT -> 2;
            case LOST -> 3;
        };
    }

    /**
     * Sectors [from, to) of a shown domain touched by {@code writers} writes issued by the crash
     * (every layer), the worst of their states, the first {@link #MAX_WRITERS} of their rows and
     * their layers (bit i: layer i).
     */
    record Touched(
            int domain, long from, long to, WriteState worst, int[] rows, int writers, int layers) {
        /**
         * One sweep over the issued writes' edges in (shown domain, sector) order; the order is
         * prepared once per sector-space grouping ({@link PreparedWrites#writeEdges}), so a crash
         * point costs O(n log w) for w writes overlapping at once, with no sort.
         */
        static List<Touched> sweep(CrashResult res, SectorSpaces spaces) {
            var r = res.analysis().trace().requests();
            PreparedWrites w = res.a.writes();
            int[] shownAs = new int[w.domains().count()];
            for (int d = 0; d < shownAs.length; d++) {
                shownAs[d] = spaces.shownAs(d);
            }
            int[] edges = w.writeEdges(shownAs);
            int m = edges.length;
            int[] byLayer =
                    new int[Math.max(1, Math.min(32, res.analysis().trace().layers().size()))];
            List<Touched> out = new ArrayList<>();
            java.util.TreeSet<Integer> active = new java.util.TreeSet<>();
            int[] byRisk = new int[4];
            int k = nextIssued(res, edges, 0);
            while (k < m) {
                int d = shownAs[w.domain(edges[k] >>> 1)];
                long at = w.edgeSector(edges[k]);
                while (k < m
                        && shownAs[w.domain(edges[k] >>> 1)] == d
                        && w.edgeSector(edges[k]) == at) {
                    int row = edges[k] >>> 1;
                    int rank = risk(res.state(row));
                    int layer = Math.min(r.layer(row), byLayer.length - 1);
                    if ((edges[k] & 1) == 0) {
                        active.add(row);
                        byRisk[rank]++;
                        byLayer[layer]++;
                    } else {
                        active.remove(row);
                        byRisk[rank]--;
                        byLayer[layer]--;
                    }
                    k = nextIssued(res, edges, k + 1);
                }
                if (active.isEmpty() || k == m) {
                    continue;
                }
                long next = w.edgeSector(edges[k]); // the active writes end in this domain
                int[] first = new int[Math.min(MAX_WRITERS, active.size())];
                java.util.Iterator<Integer> it = active.iterator();
                for (int i = 0; i < first.length; i++) {
                    first[i] = it.next();
                }
                WriteState worst =
                        byRisk[3] > 0
                                ? WriteState.LOST
                                : byRisk[2] > 0
                                        ? WriteState.IN_FLIGHT
                                        : byRisk[1] > 0 ? WriteState.VOLATILE : WriteState.DURABLE;
                int layers = 0;
                for (int i = 0; i < byLayer.length; i++) {
                    layers |= byLayer[i] > 0 ? 1 << i : 0;
                }
                Touched p = out.isEmpty() ? null : out.get(out.size() - 1);
                if (p != null
                        && p.domain() == d
                        && p.to() == at
                        && p.worst() == worst
                        && p.writers() == active.size()
                        && p.layers() == layers
                        && Arrays.equals(p.rows(), first)) {
                    out.set(
                            out.size() - 1,
                            new Touched(d, p.from(), next, worst, first, p.writers(), layers));
                } else {
                    out.add(new Touched(d, at, next, worst, first, active.size(), layers));
                }
            }
            return out;
        }

        /** The first edge from {@code k} on whose write the crash found issued. */
        private static int nextIssued(CrashResult res, int[] edges, int k) {
            while (k < edges.length) {
                WriteState s = res.state(edges[k] >>> 1);
                if (s != null && s != WriteState.NOT_ISSUED) {
                    return k;
                }
                k++;
            }
            return k;
        }
    }

    /**
     * Sweeps the written sectors in order, keeping the lost content-layer writes that cover the
     * current sector.
     */
    private static final class Builder {
        private final CrashResult res;
        private final PreparedWrites writes;
        private final int[] lost;
        private int nextLost;
        private final List<Integer> activeLost = new ArrayList<>();
        private final List<Range> out = new ArrayList<>();
        private int[] runCandidates;
        private int runDomain = -1;
        private long runFrom;
        private long runTo;
        private SectorClass runClass;

        Builder(CrashResult res) {
            this.res = res;
            this.writes = res.a.writes();
            SectorContents sc = res.sectors();
            this.lost =
                    Arrays.stream(res.contentRows())
                            .filter(r -> writes.count(r) > 0 && res.state(r) == WriteState.LOST)
                            .boxed()
                            .sorted(
                                    (x, y) ->
                                            sc.domainOfRow(x) != sc.domainOfRow(y)
                                                    ? Integer.compare(
                                                            sc.domainOfRow(x), sc.domainOfRow(y))
                                                    : Long.compare(
                                                            writes.sector(x), writes.sector(y)))
                            .mapToInt(Integer::intValue)
                            .toArray();
        }

        List<Range> build() {
            res.sectors().forEachWrittenRun(s -> add(s.domain(), s.from(), s.to(), s.candidates()));
            flush();
            return out;
        }

        /**
         * A run of sectors with one candidate array; classes are constant within it, as every
         * write's edges (lost ones too) cut runs.
         */
        private void add(int domain, long from, long to, int[] candidates) {
            SectorClass c = classify(domain, from, candidates);
            if (runCandidates != null
                    && domain == runDomain
                    && from == runTo
                    && c == runClass
                    && Arrays.equals(candidates, runCandidates)) {
                runTo = to;
                return;
            }
            flush();
            runDomain = domain;
            runFrom = from;
            runTo = to;
            runClass = c;
            runCandidates = candidates;
        }

        private void flush() {
            if (runCandidates != null) {
                out.add(
                        new Range(
                                runDomain,
                                runFrom,
                                runTo,
                                runClass,
                                runCandidates,
                                true,
                                null,
                                0,
                                0));
            }
            runCandidates = null;
        }

        private SectorClass classify(int domain, long sector, int[] c) {
            int candidateWrites = 0;
            long newestComplete = Long.MIN_VALUE;
            for (int x : c) {
                if (x >= 0) {
                    candidateWrites++;
                    newestComplete = Math.max(newestComplete, writes.complete(x));
                }
            }
            if (newestLostIsNewer(domain, sector, c, newestComplete)) {
                return SectorClass.LOST;
            }
            for (int i = 0; i < c.length; i++) {
                for (int j = i + 1; j < c.length && c[i] >= 0; j++) {
                    if (c[j] >= 0 && concurrent(writes, c[i], c[j])) {
                        return SectorClass.CONCURRENT;
                    }
                }
            }
            if (c.length == 1) {
                return candidateWrites == 1 ? SectorClass.DURABLE_NEW : SectorClass.UNCHANGED;
            }
            return SectorClass.UNCERTAIN;
        }

        /**
         * Whether a lost write covers the sector and was submitted after every candidate completed.
         */
        private boolean newestLostIsNewer(int domain, long sector, int[] c, long newestComplete) {
            SectorContents sc = res.sectors();
            while (nextLost < lost.length) {
                int w = lost[nextLost];
                int d = sc.domainOfRow(w);
                if (d > domain || d == domain && writes.sector(w) > sector) {
                    break;
                }
                activeLost.add(w);
                nextLost++;
            }
            activeLost.removeIf(w -> sc.domainOfRow(w) != domain || writes.end(w) <= sector);
            for (int w : activeLost) {
                if (writes.submit(w) >= newestComplete && !contains(c, w)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean contains(int[] c, int w) {
            for (int x : c) {
                if (x == w) {
                    return true;
                }
            }
            return false;
        }
    }
}
