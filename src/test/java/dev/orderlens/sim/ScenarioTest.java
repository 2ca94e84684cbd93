package dev.orderlens.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each teaching scenario tells its story in the simulator's own output: request timings, flags,
 * events and the truth. (The analysis's view of each story is in each scenario's {@code expect}.)
 */
class ScenarioTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            for (Scenario.Variant v : s.variants()) {
                out.add(Arguments.of(s.id(), v.id()));
            }
        }
        return out.stream();
    }

    static Trace run(String scenario, String variant) {
        return Scenarios.run(scenario, Overrides.NONE.withVariant(variant));
    }

    @Test
    void theLibraryHasTheEightScenariosWithExplanationsAndDefaultCrashes() {
        assertEquals(
                List.of(
                        "cache-modes",
                        "loop-flush",
                        "virtio-no-barrier",
                        "fsync-gate",
                        "zero-past-eof",
                        "odirect-writeback",
                        "commit-preflush",
                        "dmcrypt-reorder"),
                Scenarios.ids());
        for (Scenario s : Scenarios.all()) {
            int words = s.explanation().split("\\s+").length;
            assertTrue(
                    words >= 120 && words <= 190, s.id() + " explanation has " + words + " words");
            assertFalse(s.title().isBlank());
            for (Scenario.Variant v : s.variants()) {
                assertNotEquals(
                        Time.NONE,
                        v.workload().crashAtNs(),
                        s.id() + "/" + v.id() + " has a default crash time");
                assertNotNull(v.expect(), s.id() + "/" + v.id() + " says what it is about");
            }
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("variants")
    void truthMatchesTheExpectationAndTheSimulatorsInvariants(String scenario, String variant) {
        Trace t = run(scenario, variant);
        assertEquals(List.of(), TruthOracle.violations(t));
        Expectation e = Scenarios.get(scenario).variant(variant).expect();
        Set<String> onMedia = new HashSet<>();
        for (Truth.SectorContent c : t.truth().sectors()) {
            onMedia.add(c.data());
        }
        for (String tag : e.onMedia()) {
            assertTrue(onMedia.contains(tag), tag + " on media in " + onMedia);
        }
        for (String tag : e.notOnMedia()) {
            assertFalse(onMedia.contains(tag), tag + " not on media in " + onMedia);
        }
        if (e.write() != null) {
            assertTrue(
                    row(t, "guest", e.write()) >= 0,
                    "the expectation names a guest write: " + e.write());
        }
        if (e.with() != null) {
            assertTrue(
                    row(t, "guest", e.with()) >= 0,
                    "the expectation names a guest write: " + e.with());
        }
    }

    @Test
    void cacheModesDifferOnlyInTheHostAndTheTruth() {
        Trace writeback = run("cache-modes", "writeback");
        long crash = writeback.truth().crashAt();
        for (String v : List.of("writethrough", "none", "directsync", "unsafe")) {
            assertEquals(
                    crash,
                    run("cache-modes", v).truth().crashAt(),
                    "crashed at the same instant: " + v);
        }
        // writeback: the commit completed and is durable; the checkpoint completed and is lost
        int commit = row(writeback, "guest", "commit1");
        assertTrue(completedOk(writeback, commit) && writeback.requests().complete(commit) < crash);
        int meta = row(writeback, "guest", "meta1.1");
        assertTrue(completedOk(writeback, meta));
        assertFalse(onMedia(writeback, "meta1.1"));
        assertTrue(onMedia(writeback, "commit1"));
        // writethrough: the guest sends no flushes, QEMU makes every host write FUA
        Trace wt = run("cache-modes", "writethrough");
        assertEquals(0, count(wt, "virtio", Op.FLUSH));
        for (int r : rows(wt, "host", Op.WRITE)) {
            assertTrue(wt.requests().has(r, Flags.FUA), "host write is FUA under writethrough");
        }
        assertTrue(onMedia(wt, "meta1.2"));
        // none: O_DIRECT, every host write has its own device write and no page-cache writeback
        // exists
        Trace none = run("cache-modes", "none");
        for (int r : rows(none, "device", Op.WRITE)) {
            assertEquals(
                    "qemu-system-x86_64",
                    none.requests().process(r),
                    "no kernel flusher under cache=none");
        }
        // unsafe: guest flushes never leave QEMU, so the commit the guest saw complete is lost
        Trace unsafe = run("cache-modes", "unsafe");
        assertTrue(count(unsafe, "virtio", Op.FLUSH) > 0);
        assertEquals(0, count(unsafe, "host", Op.FLUSH));
        assertTrue(completedOk(unsafe, row(unsafe, "guest", "commit1")));
        assertFalse(onMedia(unsafe, "commit1"));
    }

    @Test
    void loopFlushLosesBAlthoughItCompletedBeforeTheSecondFlushCompleted() {
        Trace t = run("loop-flush", "default");
        Requests r = t.requests();
        int b1 = row(t, "guest", "b1");
        List<Integer> flushes = rows(t, "guest", Op.FLUSH);
        assertEquals(2, flushes.size());
        int flush2 = flushes.get(1);
        for (int f : flushes) {
            assertTrue(
                    r.submit(b1) < r.submit(f) && r.complete(b1) > r.submit(f),
                    "b1 crosses every flush");
        }
        assertTrue(
                r.complete(b1) < r.complete(flush2),
                "b1 completed before the second flush completed");
        assertTrue(completedOk(t, flush2) && r.complete(flush2) <= t.truth().crashAt());
        assertEquals(
                List.of(),
                contentsOf(t, 2000, 8).stream().filter(x -> x != null).toList(),
                "b is lost");
        assertEquals(List.of("a2"), contentsOf(t, 1000, 8).stream().distinct().toList());
    }

    @Test
    void withoutADrainTheCommitOvertakesItsJournalBlocks() {
        Trace t = run("virtio-no-barrier", "no-drain");
        Requests r = t.requests();
        int commit = row(t, "guest", "commit1");
        assertTrue(r.has(commit, Flags.BARRIER));
        assertTrue(completedOk(t, commit));
        for (String j : List.of("jblock1.1", "jblock1.2")) {
            int b = row(t, "guest", j);
            assertTrue(r.submit(b) < r.submit(commit), j + " submitted first");
            assertTrue(
                    r.complete(b) == Time.NONE || r.complete(b) > r.complete(commit),
                    j + " completes after the commit");
        }
        assertTrue(onMedia(t, "commit1"));
        assertEquals(0, eventCount(t, EventKind.DRAIN));

        Trace d = run("virtio-no-barrier", "drain");
        Requests dr = d.requests();
        int dc = row(d, "guest", "commit1");
        Events ev = d.events();
        boolean drainedBeforeCommit = false;
        for (int e = 0; e < ev.size(); e++) {
            drainedBeforeCommit |= ev.kind(e) == EventKind.DRAIN && ev.time(e) <= dr.submit(dc);
        }
        assertTrue(drainedBeforeCommit, "the queue is drained before the commit");
        for (int e = 0; e < ev.size(); e++) {
            if (ev.kind(e) == EventKind.DRAIN) {
                for (int g : rows(d, "guest", null)) {
                    boolean inFlight =
                            dr.submit(g) < ev.time(e)
                                    && (dr.complete(g) == Time.NONE || dr.complete(g) > ev.time(e));
                    assertFalse(inFlight, "nothing in flight across a drain");
                }
            }
        }
        for (String j : List.of("jblock1.1", "jblock1.2")) {
            assertTrue(
                    dr.complete(row(d, "guest", j)) < dr.submit(dc),
                    j + " completed before the commit was submitted");
        }
    }

    @Test
    void aRetriedFsyncSucceedsAfterTheWritebackErrorAndDIsGone() {
        Trace t = run("fsync-gate", "default");
        Requests r = t.requests();
        assertEquals("qemu-kill", t.truth().crashKind());
        int d = row(t, "guest", "d");
        long errorAt = -1;
        Events ev = t.events();
        for (int e = 0; e < ev.size(); e++) {
            if (ev.kind(e) == EventKind.WRITEBACK_ERROR) {
                assertEquals("host", t.layers().get(ev.layer(e)).id());
                assertEquals(r.sector(d), ev.sector(e));
                errorAt = ev.time(e);
            }
        }
        assertTrue(errorAt > r.complete(d), "the writeback of d failed after d completed");
        List<Integer> flushes = rows(t, "guest", Op.FLUSH);
        assertEquals(2, flushes.size(), "fsync and its retry");
        assertEquals(Status.ERROR, r.status(flushes.get(0)), "the first fsync reports the error");
        assertTrue(r.submit(flushes.get(0)) > errorAt);
        assertEquals(Status.OK, r.status(flushes.get(1)), "the retry succeeds");
        assertTrue(
                r.complete(d) < r.submit(flushes.get(1)),
                "d completed before the successful flush");
        assertFalse(onMedia(t, "d"));
        assertTrue(onMedia(t, "e"), "the host kept running and wrote back what it still had");
    }

    @Test
    void theZeroWriteLandsOnTopOfTheDataUnlessSerialised() {
        Trace t = run("zero-past-eof", "racing");
        Requests r = t.requests();
        int data = row(t, "guest", "data1");
        int zeroes = row(t, "guest", "zeroes1");
        assertEquals(Op.WRITE_ZEROES, r.op(zeroes));
        assertTrue(
                r.sector(zeroes) <= r.sector(data)
                        && r.sector(data) + r.count(data) <= r.sector(zeroes) + r.count(zeroes));
        assertTrue(
                r.submit(data) < r.complete(zeroes) && r.submit(zeroes) < r.complete(data),
                "concurrent");
        int devData = row(t, "device", "data1");
        int devZero = row(t, "device", "zeroes1");
        assertTrue(
                r.complete(devData) < r.submit(devZero),
                "the zeroing reached the disk after the data");
        int fsync = rows(t, "guest", Op.FLUSH).get(0);
        assertTrue(completedOk(t, fsync) && r.submit(fsync) > r.complete(data));
        assertEquals(
                List.of("zeroes1"),
                contentsOf(t, r.sector(data), r.count(data)).stream().distinct().toList());

        Trace s = run("zero-past-eof", "serialised");
        Requests sr = s.requests();
        assertTrue(sr.complete(row(s, "guest", "zeroes1")) < sr.submit(row(s, "guest", "data1")));
        assertEquals(
                List.of("data1"),
                contentsOf(s, sr.sector(row(s, "guest", "data1")), 8).stream().distinct().toList());
    }

    @Test
    void directWritesOverWritebackSurviveAQemuKillButNotAPowerLoss() {
        Trace power = run("odirect-writeback", "power-loss");
        Trace kill = run("odirect-writeback", "qemu-kill");
        for (Trace t : List.of(power, kill)) {
            assertEquals(
                    0,
                    count(t, "guest", Op.FLUSH)
                            + count(t, "host", Op.FLUSH)
                            + count(t, "device", Op.FLUSH));
            for (int i = 1; i <= 4; i++) {
                assertTrue(completedOk(t, row(t, "guest", "direct" + i)));
            }
        }
        assertEquals("power-loss", power.truth().crashKind());
        assertEquals("qemu-kill", kill.truth().crashKind());
        for (int i = 1; i <= 4; i++) {
            assertFalse(onMedia(power, "direct" + i));
            assertTrue(onMedia(kill, "direct" + i));
        }
    }

    @Test
    void aFuaCommitWithoutPreflushIsDurableWithoutItsJournalBlocks() {
        Trace ok = run("commit-preflush", "preflush-fua");
        int commit = row(ok, "guest", "commit1");
        assertTrue(
                ok.requests().has(commit, Flags.PREFLUSH) && ok.requests().has(commit, Flags.FUA));
        assertTrue(count(ok, "device", Op.FLUSH) > 0, "the preflush reaches the disk");

        Trace t = run("commit-preflush", "fua-only");
        Requests r = t.requests();
        int c = row(t, "guest", "commit1");
        assertTrue(r.has(c, Flags.FUA) && !r.has(c, Flags.PREFLUSH));
        assertTrue(completedOk(t, c));
        assertTrue(r.has(row(t, "device", "commit1"), Flags.FUA), "FUA passed through to the SSD");
        assertEquals(0, count(t, "device", Op.FLUSH));
        for (String j : List.of("jblock1.1", "jblock1.2")) {
            int b = row(t, "guest", j);
            assertTrue(
                    completedOk(t, b) && r.complete(b) < r.submit(c),
                    j + " is a predecessor of the commit");
            assertFalse(onMedia(t, j));
        }
        assertTrue(onMedia(t, "commit1"));
    }

    @Test
    void dmCryptSendsTheCommitsPreflushBeforeItsJournalBlocks() {
        Trace t = run("dmcrypt-reorder", "default");
        Requests r = t.requests();
        int commit = row(t, "guest", "commit1");
        assertTrue(completedOk(t, commit) && r.complete(commit) <= t.truth().crashAt());
        long preflush = Long.MAX_VALUE;
        for (int v : rows(t, "virtio", Op.FLUSH)) {
            if (r.parent(v) == commit) {
                preflush = Math.min(preflush, r.submit(v));
            }
        }
        for (int k = 1; k <= 4; k++) {
            int b = row(t, "guest", "jblock1." + k);
            assertTrue(
                    r.submit(b) < r.submit(commit) && r.complete(b) > r.submit(commit),
                    "jblock crosses the commit");
            assertTrue(
                    r.submit(row(t, "virtio", "jblock1." + k)) > preflush,
                    "reordered behind the commit's preflush");
            assertFalse(onMedia(t, "jblock1." + k));
        }
        assertTrue(onMedia(t, "commit1"));
    }

    @Test
    void overridesChangeSeedCacheModeAndCrash() {
        Trace base = run("loop-flush", null);
        Trace seeded = Scenarios.run("loop-flush", Overrides.NONE.withSeed(99));
        assertNotEquals(base.requests().complete(0), seeded.requests().complete(0));
        Trace early =
                Scenarios.run(
                        "loop-flush",
                        Overrides.NONE.withCrashAt(1_000_000).withCrashKind(CrashKind.GUEST_CRASH));
        assertEquals(1_000_000, early.truth().crashAt());
        assertEquals("guest-crash", early.truth().crashKind());
        Trace unsafe = Scenarios.run("loop-flush", Overrides.NONE.withCacheMode(CacheMode.UNSAFE));
        assertEquals("unsafe", unsafe.meta().cacheMode());
        assertEquals("loop-flush", unsafe.meta().scenario());
    }

    // ---- helpers ----

    static int row(Trace t, String layer, String tag) {
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (t.layerId(i).equals(layer) && tag.equals(r.dataTag(i))) {
                return i;
            }
        }
        return -1;
    }

    static List<Integer> rows(Trace t, String layer, Op op) {
        List<Integer> out = new ArrayList<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (t.layerId(i).equals(layer) && (op == null || r.op(i) == op)) {
                out.add(i);
            }
        }
        return out;
    }

    static int count(Trace t, String layer, Op op) {
        return rows(t, layer, op).size();
    }

    static boolean completedOk(Trace t, int row) {
        return t.requests().complete(row) != Time.NONE && t.requests().status(row) == Status.OK;
    }

    static boolean onMedia(Trace t, String tag) {
        return t.truth().sectors().stream().anyMatch(s -> tag.equals(s.data()));
    }

    static List<String> contentsOf(Trace t, long sector, int count) {
        List<String> out = new ArrayList<>();
        for (Truth.SectorContent s : t.truth().sectors()) {
            if (s.sector() >= sector && s.sector() < sector + count) {
                out.add(s.data());
            }
        }
        assertEquals(count, out.size(), "the truth lists every written sector");
        return out;
    }

    static int eventCount(Trace t, EventKind kind) {
        int n = 0;
        for (int e = 0; e < t.events().size(); e++) {
            n += t.events().kind(e) == kind ? 1 : 0;
        }
        return n;
    }
}
