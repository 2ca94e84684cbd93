package dev.orderlens.sim;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's own invariants, checked on a simulated trace independently of the analysis: the
 * truth holds only data that reached the crash kind's persistence boundary; every write a layer was
 * promised durable (docs/analysis.md's rules) is on media unless a fault intervened; parent links
 * and times are consistent; truth.inFlight lists exactly the unfinished requests. Returns one line
 * per violation.
 */
final class TruthOracle {
    private TruthOracle() {}

    /**
     * What a check found: the violations, and how many durable writes it verified (so it is not
     * vacuous).
     */
    record Result(List<String> violations, int durableWrites) {}

    static List<String> violations(Trace t) {
        return check(t).violations();
    }

    static Result check(Trace t) {
        List<String> out = new ArrayList<>();
        Truth truth = t.truth();
        if (truth == null) {
            out.add("no truth");
            return new Result(out, 0);
        }
        long crash = truth.crashAt();
        Requests r = t.requests();
        int[] rank = new int[t.layers().size()];
        for (Layer l : t.layers()) {
            rank[l.index()] = l.stackRank();
        }
        Map<Long, String> onMedia = new HashMap<>();
        for (Truth.SectorContent s : truth.sectors()) {
            onMedia.put(s.sector(), s.data());
        }
        checkRows(t, r, rank, crash, out);
        checkTruthSources(t, r, rank, crash, onMedia, out);
        int durable = checkDurable(t, r, rank, crash, onMedia, out);
        return new Result(out, durable);
    }

    private static String row(Requests r, int i) {
        return "#"
                + r.id(i)
                + " "
                + r.op(i).jsonName()
                + " "
                + r.sector(i)
                + "+"
                + r.count(i)
                + " '"
                + r.dataTag(i)
                + "'";
    }

    private static void checkRows(Trace t, Requests r, int[] rank, long crash, List<String> out) {
        Set<Integer> unfinished = new HashSet<>();
        for (int i = 0; i < r.size(); i++) {
            long s = r.submit(i);
            long is = r.issue(i);
            long c = r.complete(i);
            if (s > crash
                    || (is != Time.NONE && (is < s || is > crash))
                    || (c != Time.NONE && (c < s || c > crash))
                    || (c != Time.NONE && is != Time.NONE && c < is)) {
                out.add("bad times on " + row(r, i));
            }
            if ((c == Time.NONE) != (r.status(i) == Status.UNKNOWN)) {
                out.add("status does not match completion on " + row(r, i));
            }
            if (c == Time.NONE) {
                unfinished.add(r.id(i));
            }
            int p = r.parent(i);
            int lr = rank[r.layer(i)];
            if (lr == 0) {
                if (p >= 0) {
                    out.add("guest request with a parent: " + row(r, i));
                }
                continue;
            }
            if (p < 0) {
                out.add("no parent: " + row(r, i));
                continue;
            }
            if (rank[r.layer(p)] != lr - 1) {
                out.add("parent not in the layer above: " + row(r, i));
            }
            if (r.submit(p) > s) {
                out.add("submitted before its parent: " + row(r, i));
            }
            if (r.op(i).modifiesData()) {
                boolean inside =
                        r.sector(i) >= r.sector(p)
                                && r.sector(i) + r.count(i) <= r.sector(p) + r.count(p);
                if (!r.op(p).modifiesData() || !inside || !r.dataTag(i).equals(r.dataTag(p))) {
                    out.add(
                            "data request does not carry its parent's data: "
                                    + row(r, i)
                                    + " parent "
                                    + row(r, p));
                }
            }
        }
        Set<Integer> listed = new HashSet<>();
        for (Truth.InFlight f : t.truth().inFlight()) {
            listed.add(f.requestId());
        }
        if (!listed.equals(unfinished)) {
            out.add(
                    "truth.inFlight "
                            + listed.size()
                            + " ids, unfinished requests "
                            + unfinished.size());
        }
    }

    /** Each sector holds the initial content or data that crossed the crash kind's boundary. */
    private static void checkTruthSources(
            Trace t,
            Requests r,
            int[] rank,
            long crash,
            Map<Long, String> onMedia,
            List<String> out) {
        String kind = t.truth().crashKind();
        int boundary =
                switch (kind) {
                    case "power-loss" -> 3;
                    case "qemu-kill" -> 2;
                    default -> 1;
                };
        Map<String, List<Integer>> rowsByTag = new HashMap<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i).modifiesData()
                    && rank[r.layer(i)] == boundary
                    && (boundary != 2 || r.issue(i) != Time.NONE)) {
                rowsByTag.computeIfAbsent(r.dataTag(i), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Long, String> e : onMedia.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            boolean found = false;
            for (int i : rowsByTag.getOrDefault(e.getValue(), List.of())) {
                found |= r.sector(i) <= e.getKey() && e.getKey() < r.sector(i) + r.count(i);
            }
            if (!found) {
                out.add(
                        "sector "
                                + e.getKey()
                                + " holds '"
                                + e.getValue()
                                + "' which never crossed the "
                                + kind
                                + " boundary");
            }
        }
    }

    /**
     * Every write its layer was told is durable is on media (or was replaced by a write not older
     * than it).
     */
    private static int checkDurable(
            Trace t,
            Requests r,
            int[] rank,
            long crash,
            Map<Long, String> onMedia,
            List<String> out) {
        int checked = 0;
        Map<String, Object> cfg = t.meta().config();
        String mode = String.valueOf(cfg.get("cacheMode"));
        boolean guestCache = Boolean.TRUE.equals(cfg.get("guestSeesWriteCache"));
        boolean deviceCache = Boolean.TRUE.equals(cfg.get("deviceWriteCache"));
        boolean direct = mode.equals("none") || mode.equals("directsync");
        List<long[]> errors = new ArrayList<>();
        Events e = t.events();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.WRITEBACK_ERROR) {
                errors.add(new long[] {e.sector(i), e.count(i)});
            }
        }
        for (int layer = 0; layer < 4; layer++) {
            if (layer <= 1 && mode.equals("unsafe")) {
                continue; // guest flushes are ignored: nothing is promised
            }
            boolean writeThrough =
                    layer <= 1 ? !guestCache : layer == 2 ? direct && !deviceCache : !deviceCache;
            List<Long> flushSubmits = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                if (rank[r.layer(i)] == layer
                        && ok(r, i, crash)
                        && (r.op(i) == Op.FLUSH || r.has(i, Flags.PREFLUSH))) {
                    flushSubmits.add(r.submit(i));
                }
            }
            for (int w = 0; w < r.size(); w++) {
                if (rank[r.layer(w)] != layer
                        || !r.op(w).modifiesData()
                        || !ok(r, w, crash)
                        || hit(errors, r, w)) {
                    continue;
                }
                boolean durable = writeThrough || r.has(w, Flags.FUA);
                for (int k = 0; k < flushSubmits.size() && !durable; k++) {
                    durable = flushSubmits.get(k) >= r.complete(w);
                }
                if (durable) {
                    checked++;
                    checkOnMedia(r, rank, w, onMedia, out);
                }
            }
        }
        return checked;
    }

    private static boolean ok(Requests r, int i, long crash) {
        return r.complete(i) != Time.NONE && r.complete(i) <= crash && r.status(i) == Status.OK;
    }

    private static boolean hit(List<long[]> errors, Requests r, int w) {
        for (long[] x : errors) {
            if (x[0] < r.sector(w) + r.count(w) && r.sector(w) < x[0] + x[1]) {
                return true;
            }
        }
        return false;
    }

    private static void checkOnMedia(
            Requests r, int[] rank, int w, Map<Long, String> onMedia, List<String> out) {
        for (long s = r.sector(w); s < r.sector(w) + r.count(w); s++) {
            String held = onMedia.get(s);
            if (held == null) {
                out.add(
                        "durable write "
                                + row(r, w)
                                + " at layer "
                                + rank[r.layer(w)]
                                + " not on media at sector "
                                + s);
                return;
            }
            if (held.equals(r.dataTag(w))) {
                continue;
            }
            for (int x = 0; x < r.size(); x++) {
                if (rank[r.layer(x)] == rank[r.layer(w)]
                        && held.equals(r.dataTag(x))
                        && r.sector(x) <= s
                        && s < r.sector(x) + r.count(x)
                        && r.complete(x) != Time.NONE
                        && r.complete(x) <= r.submit(w)) {
                    out.add(
                            "durable write "
                                    + row(r, w)
                                    + " at layer "
                                    + rank[r.layer(w)]
                                    + " lost to the older "
                                    + row(r, x)
                                    + " at sector "
                                    + s);
                    return;
                }
            }
        }
    }
}
