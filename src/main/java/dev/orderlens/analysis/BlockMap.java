package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The touched sectors of the content layer at a crash point, as runs of sectors with the same
 * possible contents, each classed by how certain its content is — what the crash pane's block map
 * draws. Sectors no write issued by the crash touched are left out (they keep their old content);
 * the view elides those gaps. Built from {@link SectorContents#forEachWrittenSector}, one
 * classification per run of equal candidates.
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
        /** Several contents are possible: an uncertain write may or may not have landed. */
        UNCERTAIN("uncertain", "old or new: an uncertain write may or may not have landed"),
        /**
         * Writes that were concurrent (neither completed before the other was submitted) may land
         * in either order.
         */
        CONCURRENT("concurrent", "concurrent writes: either may be last"),
        /**
         * The newest write meant for the sector is certainly gone (lost): it holds older content.
         */
        LOST("lost", "the newest write is certainly lost");

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
    }

    /**
     * Sectors [{@code from}, {@code to}) of a device (flush domain) with the same candidates
     * ({@link SectorContents#INITIAL}, request rows, {@link SectorContents#GARBAGE}) and class.
     */
    public record Range(int domain, long from, long to, SectorClass sectorClass, int[] candidates) {
        public long sectors() {
            return to - from;
        }

        public boolean contains(int domainIndex, long sector) {
            return domainIndex == domain && sector >= from && sector < to;
        }
    }

    private final CrashResult result;
    private final List<Range> ranges;
    private final long[] sectorsByClass = new long[SectorClass.values().length];

    private BlockMap(CrashResult result, List<Range> ranges) {
        this.result = result;
        this.ranges = Collections.unmodifiableList(ranges);
        for (Range r : ranges) {
            sectorsByClass[r.sectorClass().ordinal()] += r.sectors();
        }
    }

    /** The block map of a crash-point result: O(touched sectors + segments × candidates). */
    public static BlockMap of(CrashResult result) {
        return new BlockMap(result, new Builder(result).build());
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
                out.add(new Range(runDomain, runFrom, runTo, runClass, runCandidates));
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
