package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.CpuBound;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.JsonTraceImporter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OrderingAnalysisTest {
    static Trace trace(String requests, String events) throws Exception {
        String json =
                "{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": ["
                        + requests
                        + "], \"events\": ["
                        + events
                        + "]}";
        return new JsonTraceImporter()
                .read(ImportInput.ofString("t.json", json), ImportOptions.DEFAULT, Progress.NONE);
    }

    static String w(
            int id,
            String lane,
            long sector,
            int count,
            long submit,
            Long complete,
            String... flags) {
        return req(id, "write", lane, sector, count, submit, complete, flags);
    }

    static String req(
            int id,
            String op,
            String lane,
            long sector,
            int count,
            long submit,
            Long complete,
            String... flags) {
        StringBuilder f = new StringBuilder();
        for (String s : flags) {
            f.append(f.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        return String.format(
                "{\"id\": %d, \"layer\": \"guest\", \"lane\": \"%s\", \"op\": \"%s\", \"sector\": %d, \"count\": %d,"
                        + " \"submit\": %d, \"complete\": %s, \"flags\": [%s]},",
                id, lane, op, sector, count, submit, complete, f);
    }

    static String list(String... items) {
        String s = String.join("\n", items);
        return s.endsWith(",") ? s.substring(0, s.length() - 1) : s;
    }

    /** Pairs as "id:id" strings for readable assertions. */
    static Set<String> ids(Trace t, PairList p) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(t.requests().id(p.first(i)) + ":" + t.requests().id(p.second(i)));
        }
        return out;
    }

    @Test
    void aWriteInFlightAtTheFlushSubmitCrossesItAndOneCompletedExactlyThenDoesNot()
            throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 0, 8, 0, 100L),
                                w(2, "vda", 8, 8, 0, 50L),
                                req(3, "flush", "vda", 0, 0, 50, 200L),
                                w(4, "vdb", 16, 8, 10, 300L)),
                        "");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(
                Set.of("1:3"),
                ids(t, f.crossing()),
                "write 2 completed at the flush's submit: covered");
        assertTrue(f.is(t.requests().rowOfId(0, 1), OrderingFindings.CROSSING));
        assertFalse(
                f.is(t.requests().rowOfId(0, 4), OrderingFindings.CROSSING),
                "another device's flush domain");
        assertEquals(1, f.flushCount());
    }

    @Test
    void aWriteSubmittedAfterTheFlushThatCompletesFirstOvertakesIt() throws Exception {
        Trace t =
                trace(
                        list(
                                req(1, "flush", "vda", 0, 0, 10, 100L),
                                w(2, "vda", 0, 8, 20, 80L),
                                w(3, "vda", 8, 8, 30, 120L),
                                w(4, "vdb", 8, 8, 30, 40L),
                                req(5, "read", "vda", 8, 8, 30, 40L)),
                        "");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(Set.of("2:1"), ids(t, f.overtaking()));
        assertEquals(Set.of(), ids(t, f.crossing()));
    }

    @Test
    void aPreflushWriteIsAFlushButItsOwnDataIsNotCrossingIt() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 0, 8, 0, 500L),
                                w(2, "vda", 100, 8, 10, 400L, "preflush", "fua"),
                                req(3, "flush", "vda", 0, 0, 20, 600L)),
                        "");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(Set.of("1:2", "1:3", "2:3"), ids(t, f.crossing()));
        assertTrue(f.is(t.requests().rowOfId(0, 2), OrderingFindings.FLUSH));
        assertTrue(f.is(t.requests().rowOfId(0, 2), OrderingFindings.FUA_WRITE));
        assertEquals(
                Set.of(),
                ids(t, f.overtaking()),
                "the FUA write was submitted before the later flush: not overtaking");
    }

    @Test
    void aWriteThatNeverCompletesCrossesEveryLaterFlush() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 0, 8, 0, null),
                                req(2, "flush", "vda", 0, 0, 10, 20L),
                                req(3, "flush", "vda", 0, 0, 30, null)),
                        "");
        assertEquals(Set.of("1:2", "1:3"), ids(t, OrderingAnalysis.analyze(t).crossing()));
    }

    @Test
    void overlappingWritesInFlightTogetherAreConcurrent() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 0, 8, 0, 100L),
                                w(2, "vda", 4, 8, 50, 150L),
                                w(3, "vda", 0, 8, 100, 200L),
                                w(4, "vda", 200, 8, 60, 70L),
                                w(5, "vdb", 0, 8, 60, 70L),
                                req(6, "write-zeroes", "vda", 7, 100, 180, 190L)),
                        "");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(
                Set.of("1:2", "2:3", "3:6"),
                ids(t, f.concurrentOverlaps()),
                "1 completed when 3 was submitted; 4 does not overlap; 5 is another device");
    }

    @Test
    void aWriteDoesNotCrossTheFlushesIssuedOnItsBehalf() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 152, 8, 0, 500L, "preflush", "fua"),
                                "{\"id\": 2, \"layer\": \"guest\", \"lane\": \"vda\", \"op\": \"flush\", \"submit\": 10, \"complete\": 100, \"parent\": 1},",
                                "{\"id\": 3, \"layer\": \"guest\", \"lane\": \"vda\", \"op\": \"flush\", \"submit\": 300, \"complete\": 450, \"parent\": 1},",
                                w(4, "vda", 0, 8, 5, 400L)),
                        "");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(
                Set.of("4:2", "4:3"),
                ids(t, f.crossing()),
                "only the unrelated write 4 crosses the machinery flushes");
    }

    @Test
    void subLanesOfOneDeviceShareAFlushDomain() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda/q0", 0, 8, 0, 100L),
                                req(2, "flush", "vda/q1", 0, 0, 50, 200L)),
                        "");
        assertEquals(Set.of("1:2"), ids(t, OrderingAnalysis.analyze(t).crossing()));
    }

    @Test
    void requestsInFlightAtADrainViolateIt() throws Exception {
        Trace t =
                trace(
                        list(
                                w(1, "vda", 0, 8, 0, 100L),
                                w(2, "vda", 8, 8, 0, 40L),
                                w(3, "vda", 16, 8, 50, null),
                                w(4, "vda", 24, 8, 50, 60L)),
                        "{\"t\": 50, \"layer\": \"guest\", \"kind\": \"drain\"}, {\"t\": 70, \"layer\": \"host\", \"kind\": \"drain\"},"
                                + "{\"t\": 80, \"layer\": \"guest\", \"kind\": \"drain\"}");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        PairList d = f.drainViolations();
        Set<String> got = new TreeSet<>();
        for (int i = 0; i < d.size(); i++) {
            got.add(t.requests().id(d.first(i)) + "@" + t.events().time(d.second(i)));
        }
        assertEquals(
                Set.of("1@50", "1@80", "3@80"),
                got,
                "submitted exactly at the drain is after it; the host drain has no guest requests");
    }

    @Test
    void theSampleHasTheCrossingWriteItWasWrittenToShow() throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces/journal-commit.json"));
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertEquals(
                Set.of("4:5", "14:15"),
                ids(t, f.crossing()),
                "data#3 was in flight at the commit's preflush, in the guest and on the disk");
        assertEquals(Set.of(), ids(t, f.concurrentOverlaps()));
    }

    /**
     * The sweeps agree with the definitions applied pair by pair on random small traces: the pairs,
     * every row's marks, and, with room for only two pairs per kind, the totals.
     */
    @Test
    void agreesWithBruteForceOnRandomTraces() throws Exception {
        for (int seed = 0; seed < 400; seed++) {
            Random rnd = new Random(seed);
            List<String> reqs = new ArrayList<>();
            int n = 2 + rnd.nextInt(14);
            for (int i = 1; i <= n; i++) {
                String lane = rnd.nextBoolean() ? "vda" : (rnd.nextBoolean() ? "vda/q1" : "vdb");
                long submit = rnd.nextInt(50);
                Long complete = rnd.nextInt(8) == 0 ? null : submit + rnd.nextInt(40);
                int kind = rnd.nextInt(6);
                String op =
                        kind == 0
                                ? "flush"
                                : kind == 1 ? "read" : kind == 2 ? "write-zeroes" : "write";
                String[] flags =
                        kind == 3 && rnd.nextBoolean() ? new String[] {"preflush"} : new String[0];
                int count = op.equals("flush") ? 0 : 1 + rnd.nextInt(8);
                reqs.add(req(i, op, lane, rnd.nextInt(16), count, submit, complete, flags));
            }
            List<String> drainEvents = new ArrayList<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                String where =
                        rnd.nextBoolean()
                                ? ""
                                : rnd.nextBoolean()
                                        ? ", \"layer\": \"guest\""
                                        : ", \"layer\": \"guest\", \"lane\": \"vdb\"";
                drainEvents.add(
                        "{\"t\": " + rnd.nextInt(90) + ", \"kind\": \"drain\"" + where + "}");
            }
            Trace t = trace(list(reqs.toArray(String[]::new)), String.join(", ", drainEvents));
            OrderingFindings f = OrderingAnalysis.analyze(t);
            Requests r = t.requests();
            FlushDomains dom = FlushDomains.of(t);
            Set<String> crossing = new TreeSet<>();
            Set<String> overtaking = new TreeSet<>();
            Set<String> concurrent = new TreeSet<>();
            Set<String> drains = new TreeSet<>();
            for (int a = 0; a < r.size(); a++) {
                long endA = r.complete(a) == Long.MIN_VALUE ? Long.MAX_VALUE : r.complete(a);
                for (int ev = 0; ev < t.events().size(); ev++) {
                    long at = t.events().time(ev);
                    int lane = t.events().lane(ev);
                    if (r.submit(a) < at
                            && endA > at
                            && (lane < 0
                                    || FlushDomains.device(t.lanes().get(r.lane(a)).name())
                                            .equals(t.lanes().get(lane).name()))) {
                        drains.add(a + ":" + ev);
                    }
                }
                for (int b = 0; b < r.size(); b++) {
                    if (a == b || dom.ofLane(r.lane(a)) != dom.ofLane(r.lane(b))) {
                        continue;
                    }
                    long endB = r.complete(b) == Long.MIN_VALUE ? Long.MAX_VALUE : r.complete(b);
                    boolean aWrite = r.op(a).modifiesData();
                    if (aWrite
                            && OrderingAnalysis.isFlush(r, b)
                            && a < b
                            && endA > r.submit(b)
                            && r.parent(b) != a) {
                        crossing.add(a + ":" + b);
                    }
                    if (aWrite && OrderingAnalysis.isFlush(r, b) && a > b && endA < endB) {
                        overtaking.add(a + ":" + b);
                    }
                    if (aWrite
                            && r.op(b).modifiesData()
                            && a < b
                            && r.count(a) > 0
                            && r.count(b) > 0
                            && r.sector(a) < r.sector(b) + r.count(b)
                            && r.sector(b) < r.sector(a) + r.count(a)
                            && endA > r.submit(b)) {
                        concurrent.add(a + ":" + b);
                    }
                }
            }
            assertEquals(crossing, rows(f.crossing()), "crossing, seed " + seed);
            assertEquals(overtaking, rows(f.overtaking()), "overtaking, seed " + seed);
            assertEquals(concurrent, rows(f.concurrentOverlaps()), "concurrent, seed " + seed);
            assertEquals(drains, rows(f.drainViolations()), "drains, seed " + seed);
            for (int row = 0; row < r.size(); row++) {
                String a = row + ":";
                String b = ":" + row;
                assertEquals(
                        crossing.stream().anyMatch(p -> p.startsWith(a)),
                        f.is(row, OrderingFindings.CROSSING),
                        "crossing mark, seed " + seed + " row " + row);
                assertEquals(
                        overtaking.stream().anyMatch(p -> p.startsWith(a)),
                        f.is(row, OrderingFindings.OVERTAKING),
                        "overtaking mark, seed " + seed + " row " + row);
                assertEquals(
                        concurrent.stream().anyMatch(p -> p.startsWith(a) || p.endsWith(b)),
                        f.is(row, OrderingFindings.CONCURRENT),
                        "concurrent mark, seed " + seed + " row " + row);
                assertEquals(
                        drains.stream().anyMatch(p -> p.startsWith(a)),
                        f.is(row, OrderingFindings.DRAIN_VIOLATION),
                        "drain mark, seed " + seed + " row " + row);
            }
            OrderingFindings capped = OrderingAnalysis.analyze(t, Progress.NONE, 2);
            assertCapped(crossing, capped.crossing(), "crossing, seed " + seed);
            assertCapped(overtaking, capped.overtaking(), "overtaking, seed " + seed);
            assertCapped(concurrent, capped.concurrentOverlaps(), "concurrent, seed " + seed);
            assertCapped(drains, capped.drainViolations(), "drains, seed " + seed);
        }
    }

    private static void assertCapped(Set<String> all, PairList kept, String what) {
        assertEquals(all.size(), kept.total(), what + ": total");
        assertEquals(Math.min(2, all.size()), kept.size(), what + ": kept");
        assertTrue(all.containsAll(rows(kept)), what + ": kept pairs are real");
    }

    /**
     * Issue 17 item 3: a queue-only capture (blktrace -a queue) has writes that never complete.
     * 200,000 of them on one device with a flush every 100 writes took over 20 s when each write
     * was compared with every write in flight; the sweep must stay near-linear. Every write is in
     * flight at every later flush, so flush k (k = 1..2000, after 100·k writes) is crossed by 100·k
     * writes: 100·(1 + ... + 2000) = 200,100,000 pairs, of which only the cap is kept. The writes
     * all cover sector 0..7, so every pair of writes overlaps: n(n-1)/2 concurrent pairs.
     */
    @Test
    void queueOnlyCaptureOfNeverCompletingWritesIsFast() {
        TraceBuilder b = new TraceBuilder();
        int lane = b.lane(b.layer("device"), 0, "sda");
        int writes = 200_000;
        long t = 0;
        for (int i = 1; i <= writes; i++) {
            b.requests().add(lane, Op.WRITE, 0, 0, 8, t++, Time.NONE, Time.NONE, Status.UNKNOWN);
            if (i % 100 == 0) {
                b.requests()
                        .add(lane, Op.FLUSH, 0, 0, 0, t++, Time.NONE, Time.NONE, Status.UNKNOWN);
            }
        }
        Trace trace = b.build();
        // The quadratic sweep took > 20 s here; n log n is well under a second of CPU.
        OrderingFindings f =
                CpuBound.within(Duration.ofSeconds(8), () -> OrderingAnalysis.analyze(trace));
        assertEquals(200_100_000L, f.crossing().total());
        assertEquals(OrderingAnalysis.KEPT_PER_KIND, f.crossing().size());
        assertEquals((long) writes * (writes - 1) / 2, f.concurrentOverlaps().total());
        assertEquals(0, f.overtaking().total(), "nothing completes, so nothing overtakes");
        assertTrue(f.is(writes - 1, OrderingFindings.CONCURRENT));
        assertTrue(f.is(0, OrderingFindings.CROSSING));
    }

    private static Set<String> rows(PairList p) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(p.first(i) + ":" + p.second(i));
        }
        return out;
    }
}
