package dev.orderlens.analysis;

import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which devices of different layers number their sectors alike, so the block map shows a sector
 * once (ADR 0281). A guest's vda, its virtio queue and a raw image's host requests all say "sector
 * 81920" for the same data: every data link between them keeps the sector numbers (the upper
 * write's range lies inside the lower one's, or the other way round, at the same numbers). Two
 * flush domains join when every data link between them does, and at least one exists; a dm or
 * partition remap with an offset, a loop device over a file, or qcow2's image-file offsets break
 * it, and their devices keep headings of their own. A group never holds two domains with content
 * rows (two disks stay two), and a group with one is shown under it.
 */
final class SectorSpaces {
    /** Per flush domain, the domain whose heading and sector space it joins (itself if none). */
    private final int[] shownAs;

    /** Per shown domain with others joined, its members top layer first. */
    private final Map<Integer, int[]> members = new HashMap<>();

    private SectorSpaces(int[] shownAs) {
        this.shownAs = shownAs;
    }

    /** The sector spaces of one crash result's trace; O(links + domains). */
    static SectorSpaces of(CrashResult res) {
        CrashAnalysis a = res.analysis();
        PreparedWrites w = a.writes();
        Trace t = a.trace();
        Requests r = t.requests();
        int domains = w.domains().count();
        // per (upper, lower) domain pair: links keeping the numbers, links moving them
        Map<Long, int[]> links = new HashMap<>();
        for (int row = 0; row < r.size(); row++) {
            if (!a.isWrite(row) || r.count(row) == 0 || r.parent(row) < 0) {
                continue;
            }
            for (int p : r.parents(row)) {
                if (p < 0 || p == row || !a.isWrite(p) || r.count(p) == 0) {
                    continue;
                }
                int up = w.domain(p);
                int down = w.domain(row);
                if (up == down) {
                    continue;
                }
                int[] c = links.computeIfAbsent((long) up << 32 | down, k -> new int[2]);
                c[keepsNumbers(r, p, row) ? 0 : 1]++;
            }
        }
        boolean[] holdsContents = new boolean[domains];
        for (int row : res.contentRows()) {
            holdsContents[w.domain(row)] = true;
        }
        int[] root = new int[domains];
        boolean[] groupHoldsContents = holdsContents.clone();
        for (int d = 0; d < domains; d++) {
            root[d] = d;
        }
        List<Long> pairs = new ArrayList<>(links.keySet());
        pairs.sort(null);
        for (long pair : pairs) {
            int[] c = links.get(pair);
            if (c[1] > 0 || c[0] == 0) {
                continue;
            }
            int x = find(root, (int) (pair >>> 32));
            int y = find(root, (int) pair);
            if (x == y || groupHoldsContents[x] && groupHoldsContents[y]) {
                continue; // already one, or two disks' contents
            }
            // the group is shown as its content domain, else as its lowest (the bottom device)
            int keep = groupHoldsContents[y] || !groupHoldsContents[x] && y > x ? y : x;
            int gone = keep == x ? y : x;
            root[gone] = keep;
            groupHoldsContents[keep] |= groupHoldsContents[gone];
        }
        int[] shownAs = new int[domains];
        for (int d = 0; d < domains; d++) {
            shownAs[d] = find(root, d);
        }
        SectorSpaces s = new SectorSpaces(shownAs);
        int[] layerOf = new int[domains];
        Arrays.fill(layerOf, Integer.MAX_VALUE);
        for (var lane : t.lanes()) {
            int d = w.domains().ofLane(lane.index());
            layerOf[d] = Math.min(layerOf[d], lane.layer());
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int d = 0; d < domains; d++) {
            groups.computeIfAbsent(shownAs[d], k -> new ArrayList<>()).add(d);
        }
        groups.forEach(
                (shown, list) -> {
                    if (list.size() > 1) {
                        s.members.put(
                                shown,
                                list.stream()
                                        .sorted(
                                                (p, q) ->
                                                        layerOf[p] != layerOf[q]
                                                                ? Integer.compare(
                                                                        layerOf[p], layerOf[q])
                                                                : Integer.compare(p, q))
                                        .mapToInt(Integer::intValue)
                                        .toArray());
                    }
                });
        return s;
    }

    /** The domain a domain's sectors are shown under. */
    int shownAs(int domain) {
        return domain >= 0 && domain < shownAs.length ? shownAs[domain] : domain;
    }

    /** The domains shown under {@code shown}, top layer first; just itself when none joined it. */
    int[] members(int shown) {
        int[] m = members.get(shown);
        return m != null ? m : new int[] {shown};
    }

    /** Whether a link from upper write p to lower write c keeps the sector numbers. */
    private static boolean keepsNumbers(Requests r, int p, int c) {
        long ps = r.sector(p);
        long pe = ps + r.count(p);
        long cs = r.sector(c);
        long ce = cs + r.count(c);
        return ps >= cs && pe <= ce || cs >= ps && ce <= pe;
    }

    private static int find(int[] root, int d) {
        while (root[d] != d) {
            root[d] = root[root[d]];
            d = root[d];
        }
        return d;
    }
}
