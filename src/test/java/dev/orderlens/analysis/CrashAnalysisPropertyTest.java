package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fast analysis agrees with {@link ReferenceCrashModel} on thousands of random tiny traces: one
 * to four correlated layers, flushes, PREFLUSH and FUA writes, failed and unfinished requests,
 * writeback errors, every crash kind, cache mode and tearing policy. A failure names its seed;
 * rerun one seed with {@code -Dorderlens.seed=N}. Takes a few seconds.
 */
class CrashAnalysisPropertyTest {
    private static final String[] LAYERS = {"guest", "virtio", "host", "device"};

    /**
     * Traces per run; {@code -Dorderlens.traces=N} runs more (for a long hunt, not for the build).
     */
    private static final int TRACES = Integer.getInteger("orderlens.traces", 3000);

    @Test
    void agreesWithTheBruteForceReference() {
        String one = System.getProperty("orderlens.seed");
        long first = one == null ? 1 : Long.parseLong(one);
        long last = one == null ? TRACES : first;
        long checkedStates = 0;
        for (long seed = first; seed <= last; seed++) {
            Random rnd = new Random(seed);
            TraceFixture f = randomTrace(rnd);
            Trace trace = f.build();
            CrashAnalysis fast = CrashAnalysis.of(trace);
            long span = Math.max(1, trace.endNs() + 3);
            for (int q = 0; q < 3; q++) {
                CrashPoint p =
                        new CrashPoint(
                                rnd.nextInt((int) span + 1) - 1,
                                CrashKind.values()[rnd.nextInt(CrashKind.values().length)],
                                CacheMode.values()[rnd.nextInt(CacheMode.values().length)],
                                Tearing.values()[rnd.nextInt(Tearing.values().length)]);
                try {
                    checkedStates += compare(trace, fast.at(p), new ReferenceCrashModel(trace, p));
                } catch (AssertionError | RuntimeException e) {
                    fail(
                            "seed "
                                    + seed
                                    + " (rerun with -Dorderlens.seed="
                                    + seed
                                    + "), "
                                    + p
                                    + ": "
                                    + e.getMessage()
                                    + "\n"
                                    + f.json(),
                            e);
                }
            }
        }
        assertTrue(
                one != null || checkedStates > 1000,
                "the enumeration cross-check ran on too few states: " + checkedStates);
    }

    /** Compares everything; returns how many enumerated crash states were cross-checked. */
    private static long compare(Trace trace, CrashResult fast, ReferenceCrashModel ref) {
        Requests r = trace.requests();
        Map<Integer, WriteState> fastStates = new TreeMap<>();
        for (int row = 0; row < r.size(); row++) {
            if (fast.state(row) != null) {
                fastStates.put(row, fast.state(row));
            }
        }
        assertEquals(ref.state, fastStates, "states by row");
        for (WriteState s : WriteState.values()) {
            assertEquals(
                    ref.state.values().stream().filter(x -> x == s).count(),
                    fast.count(s),
                    "count " + s);
        }
        Set<Integer> violations = new TreeSet<>();
        fast.promiseViolations().forEach(v -> violations.add(v.row()));
        assertEquals(ref.promiseViolations(), violations, "promise violations");

        Map<Integer, Set<Integer>> pairs = ref.lostPredecessors();
        Map<Integer, Integer> counts = new TreeMap<>();
        pairs.forEach((w, ps) -> counts.put(w, ps.size()));
        Map<Integer, Integer> fastCounts = new TreeMap<>();
        for (CrashResult.LostPredecessor lp : fast.lostPredecessors()) {
            fastCounts.put(lp.row(), lp.predecessors());
            Set<Integer> all = pairs.get(lp.row());
            assertTrue(
                    all != null && all.contains(lp.predecessor()),
                    "nearest predecessor of " + lp.row() + " is one");
            long nearest = all.stream().mapToLong(ref::end).max().orElseThrow();
            assertEquals(
                    nearest, ref.end(lp.predecessor()), "the nearest predecessor completed last");
            Set<Integer> listed = new TreeSet<>();
            for (int q : fast.lostPredecessorsOf(lp.row())) {
                listed.add(q);
            }
            assertEquals(all, listed, "all lost predecessors of " + lp.row());
        }
        assertEquals(counts, fastCounts, "lost predecessor counts");

        assertEquals(ref.contentLayer(), fast.contentLayer(), "content layer");
        assertEquals(ref.log2States(), fast.log2States(), 1e-9, "log2 states");
        Map<String, Set<Integer>> refContents = ref.contents();
        Map<String, Set<Integer>> fastContents = new TreeMap<>();
        for (SectorContents.Sector s : fast.sectors().writtenSectors()) {
            Set<Integer> c = new TreeSet<>();
            for (int x : s.candidates()) {
                c.add(x);
            }
            fastContents.put(s.domain() + ":" + s.sector(), c);
        }
        assertEquals(refContents, fastContents, "per-sector contents");
        return crossCheckStates(fast, ref);
    }

    /**
     * When the crash-state count is small, enumerate every state: they must be distinct, as many as
     * 2^log2States, and together reach exactly the per-sector contents.
     */
    private static long crossCheckStates(CrashResult fast, ReferenceCrashModel ref) {
        if (fast.log2States() > 9 || fast.point().tearing() == Tearing.GARBAGE) {
            assertEquals(
                    Math.min(7, Math.round(Math.pow(2, Math.min(fast.log2States(), 62)))),
                    fast.states(7).size(),
                    "bounded enumeration stops at its limit");
            return 0;
        }
        List<CrashStates.CrashState> states = fast.states(1 << 12);
        assertEquals(
                Math.round(Math.pow(2, fast.log2States())),
                states.size(),
                "every crash state, once");
        Set<String> distinct = new HashSet<>();
        for (CrashStates.CrashState s : states) {
            assertTrue(distinct.add(key(s)), "duplicate state " + key(s));
        }
        // the contents each state allows, unioned, are the per-sector candidates
        Requests r = ref.r;
        Map<String, Set<Integer>> reached = new TreeMap<>();
        Map<String, Set<Integer>> expected = ref.contents();
        for (String sectorKey : expected.keySet()) {
            int d = Integer.parseInt(sectorKey.substring(0, sectorKey.indexOf(':')));
            long sector = Long.parseLong(sectorKey.substring(sectorKey.indexOf(':') + 1));
            Set<Integer> union = new TreeSet<>();
            for (CrashStates.CrashState s : states) {
                List<Integer> landed = new ArrayList<>();
                for (int w : ref.contentRows()) {
                    if (ref.domains.ofLane(r.lane(w)) != d
                            || sector < r.sector(w)
                            || sector >= r.sector(w) + r.count(w)) {
                        continue;
                    }
                    WriteState st = ref.state.get(w);
                    boolean dropped = ref.droppedSectors.getOrDefault(w, Set.of()).contains(sector);
                    if (st == WriteState.DURABLE
                            || (st.uncertain() && !dropped && persisted(s, w, sector))) {
                        landed.add(w);
                    }
                }
                if (landed.isEmpty()) {
                    union.add(-1);
                }
                for (int x : landed) {
                    boolean last = true;
                    for (int y : landed) {
                        last &= y == x || ref.end(x) > r.submit(y);
                    }
                    if (last) {
                        union.add(x);
                    }
                }
            }
            reached.put(sectorKey, union);
        }
        assertEquals(expected, reached, "contents reached by the enumerated states");
        return states.size();
    }

    private static boolean persisted(CrashStates.CrashState s, int row, long sector) {
        for (int p : s.persisted()) {
            if (p == row) {
                return true;
            }
        }
        for (CrashStates.Torn t : s.torn()) {
            if (t.row() == row) {
                for (long[] range : t.persisted()) {
                    if (sector >= range[0] && sector < range[0] + range[1]) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String key(CrashStates.CrashState s) {
        StringBuilder sb = new StringBuilder();
        for (int p : s.persisted()) {
            sb.append(p).append(',');
        }
        sb.append('|');
        for (CrashStates.Torn t : s.torn()) {
            sb.append(t.row()).append(':');
            t.persisted().forEach(x -> sb.append(x[0]).append('+').append(x[1]).append(' '));
            sb.append('/');
            t.garbage().forEach(x -> sb.append(x[0]).append('+').append(x[1]).append(' '));
            sb.append(';');
        }
        return sb.toString();
    }

    /**
     * A random stack: writes at the top layer passed down (sometimes split, sometimes never) to the
     * layers below.
     */
    static TraceFixture randomTrace(Random rnd) {
        TraceFixture f = new TraceFixture();
        List<String> layers = new ArrayList<>();
        for (String l : LAYERS) {
            if (rnd.nextInt(3) > 0) {
                layers.add(l);
            }
        }
        if (layers.isEmpty()) {
            layers.add(LAYERS[rnd.nextInt(LAYERS.length)]);
        }
        if (rnd.nextInt(4) == 0) {
            f.cacheMode(CacheMode.values()[rnd.nextInt(CacheMode.values().length)].jsonName());
        } else if (rnd.nextInt(4) == 0) {
            f.noDeviceCache();
        }
        int[] nextId = {1};
        int items = 1 + rnd.nextInt(4);
        for (int i = 0; i < items; i++) {
            long sector = rnd.nextInt(10);
            int count = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(4);
            String op =
                    rnd.nextInt(6) == 0
                            ? (rnd.nextBoolean() ? "write-zeroes" : "discard")
                            : "write";
            passDown(f, rnd, layers, 0, op, sector, count, rnd.nextInt(30), null, nextId);
        }
        int flushes = rnd.nextInt(4);
        for (int i = 0; i < flushes; i++) {
            String layer = layers.get(rnd.nextInt(layers.size()));
            long s = rnd.nextInt(50);
            f.flush(nextId[0]++).on(layer).lane(lane(rnd)).times(s, completion(rnd, s));
        }
        if (rnd.nextInt(5) == 0) {
            long s = rnd.nextInt(50);
            f.op(nextId[0]++, "read")
                    .on(layers.get(0))
                    .lane(lane(rnd))
                    .sectors(rnd.nextInt(10), 2)
                    .times(s, s + 3);
        }
        int errors = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(2) : 0;
        for (int i = 0; i < errors; i++) {
            String layer = LAYERS[rnd.nextInt(LAYERS.length)];
            f.writebackError(
                    rnd.nextInt(60),
                    layer,
                    rnd.nextBoolean() ? null : lane(rnd),
                    rnd.nextInt(10),
                    rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(4));
        }
        return f;
    }

    private static void passDown(
            TraceFixture f,
            Random rnd,
            List<String> layers,
            int depth,
            String op,
            long sector,
            int count,
            long submit,
            Integer parent,
            int[] nextId) {
        int id = nextId[0]++;
        Long complete = completion(rnd, submit);
        TraceFixture.Req w =
                f.op(id, op)
                        .on(layers.get(depth))
                        .lane(lane(rnd))
                        .sectors(sector, count)
                        .times(submit, complete);
        if (parent != null) {
            w.parent(parent);
        }
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            w.flags("fua");
        } else if (kind == 1) {
            w.flags("preflush");
        } else if (kind == 2) {
            w.flags("preflush", "fua");
        }
        if (rnd.nextInt(10) == 0) {
            w.failed();
        }
        if (rnd.nextInt(3) == 0) {
            long end = complete == null ? submit + 30 : complete;
            w.issued(submit + rnd.nextInt((int) (end - submit) + 1));
        }
        if (depth + 1 < layers.size() && rnd.nextInt(5) > 0) {
            int pieces = count >= 2 && rnd.nextInt(4) == 0 ? 2 : 1;
            int first = pieces == 2 ? count / 2 : count;
            long at = submit + rnd.nextInt(10);
            passDown(f, rnd, layers, depth + 1, op, sector, first, at, id, nextId);
            if (pieces == 2) {
                passDown(
                        f,
                        rnd,
                        layers,
                        depth + 1,
                        op,
                        sector + first,
                        count - first,
                        at + rnd.nextInt(5),
                        id,
                        nextId);
            }
        }
    }

    private static Long completion(Random rnd, long submit) {
        return rnd.nextInt(6) == 0 ? null : submit + rnd.nextInt(20);
    }

    private static String lane(Random rnd) {
        int k = rnd.nextInt(5);
        return k < 3 ? "a" : k == 3 ? "a/q1" : "b";
    }
}
