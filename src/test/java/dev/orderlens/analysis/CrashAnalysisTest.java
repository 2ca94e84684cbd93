package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-checked case per rule of docs/analysis.md's durability model, crash kinds and cache
 * modes. Times are ns; each test's comment says what the rule is and why the expected verdict
 * follows.
 */
class CrashAnalysisTest {
    static int row(Trace t, int id) {
        return t.requests().rowOfId(0, id);
    }

    static WriteState state(CrashResult r, int id) {
        return r.state(row(r.analysis().trace(), id));
    }

    static CrashResult at(Trace t, long ns, CrashKind kind, CacheMode mode) {
        return CrashAnalysis.of(t).at(new CrashPoint(ns, kind, mode, Tearing.SECTOR));
    }

    static CrashResult powerLoss(Trace t, long ns) {
        return at(t, ns, CrashKind.POWER_LOSS, CacheMode.WRITEBACK);
    }

    /** Candidates of a sector as ids, "initial" and "garbage". */
    static List<String> candidates(CrashResult r, String lane, long sector) {
        Trace t = r.analysis().trace();
        int laneIndex = -1;
        for (var l : t.lanes()) {
            if (l.name().equals(lane) && l.layer() == r.contentLayer()) {
                laneIndex = l.index();
            }
        }
        SectorContents s = r.sectors();
        List<String> out = new ArrayList<>();
        for (int c : s.candidates(s.domainOfLane(laneIndex), sector)) {
            out.add(
                    c == SectorContents.INITIAL
                            ? "initial"
                            : c == SectorContents.GARBAGE
                                    ? "garbage"
                                    : String.valueOf(t.requests().id(c)));
        }
        return out;
    }

    static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) {
            out.add(x);
        }
        return out;
    }

    @Test
    void aFlushCoversWritesCompletedAtOrBeforeItsSubmitAndOnlyOnceItCompletes() {
        // docs/analysis.md §2: a flush submitted at s_f, completed OK at c_f, makes durable every
        // write of its
        // layer
        // completed at or before s_f; writes in flight at s_f are not covered.
        TraceFixture f = new TraceFixture();
        f.write(1)
                .on("device")
                .sectors(0, 8)
                .times(0, 50L); // completes exactly at the flush's submit
        f.write(2)
                .on("device")
                .sectors(8, 8)
                .times(10, 60L); // in flight at the flush's submit: crossing
        f.flush(3).on("device").times(50, 100L);
        Trace t = f.build();
        assertEquals(
                WriteState.VOLATILE, state(powerLoss(t, 99), 1), "the flush has not completed yet");
        assertEquals(
                WriteState.DURABLE,
                state(powerLoss(t, 100), 1),
                "an event exactly at T happened before the crash");
        assertEquals(
                WriteState.VOLATILE, state(powerLoss(t, 100), 2), "crossing write: not covered");
    }

    @Test
    void aFailedFlushCoversNothingAndAFlushSpeaksOnlyForItsDevice() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L);
        f.write(2).on("device").lane("sdb").sectors(0, 8).times(0, 10L);
        f.write(3).on("device").lane("sda/q1").sectors(8, 8).times(0, 10L);
        f.flush(4).on("device").lane("sda").times(20, 30L);
        f.flush(5).on("device").lane("sdb").times(20, 30L).failed();
        CrashResult r = powerLoss(f.build(), 40);
        assertEquals(WriteState.DURABLE, state(r, 1));
        assertEquals(WriteState.DURABLE, state(r, 3), "sub-lanes of sda share its flush domain");
        assertEquals(
                WriteState.VOLATILE,
                state(r, 2),
                "sdb's flush failed, sda's does not speak for sdb");
    }

    @Test
    void fuaIsDurableWhenItCompletesOkAndAFailedWriteIsNeverDurable() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").sectors(0, 8).times(0, 10L).flags("fua");
        f.write(2).on("device").sectors(8, 8).times(0, 10L).flags("fua").failed();
        f.write(3).on("device").sectors(16, 8).times(0, 10L).failed();
        f.flush(4).on("device").times(20, 30L);
        CrashResult r = powerLoss(f.build(), 40);
        assertEquals(WriteState.DURABLE, state(r, 1));
        assertEquals(
                WriteState.VOLATILE, state(r, 2), "how much of a failed write landed is unknown");
        assertEquals(
                WriteState.VOLATILE, state(r, 3), "a flush does not make a failed write durable");
    }

    @Test
    void eachStateAtItsBoundary() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").sectors(0, 8).times(100, 200L);
        Trace t = f.build();
        assertEquals(WriteState.NOT_ISSUED, state(powerLoss(t, 99), 1));
        assertEquals(
                WriteState.IN_FLIGHT,
                state(powerLoss(t, 100), 1),
                "submitted exactly at T: issued");
        assertEquals(WriteState.IN_FLIGHT, state(powerLoss(t, 199), 1));
        assertEquals(WriteState.VOLATILE, state(powerLoss(t, 200), 1), "completed exactly at T");
    }

    @Test
    void aDeviceWithoutVolatileCacheMakesWritesDurableWhenTheyComplete() {
        TraceFixture f = new TraceFixture().noDeviceCache();
        f.write(1).on("device").sectors(0, 8).times(0, 10L);
        assertEquals(WriteState.DURABLE, state(powerLoss(f.build(), 10), 1));
    }

    @Test
    void perSectorContentsFollowTheSupersessionRule() {
        // A is superseded by B when both cover the sector, B is durable and B was submitted after A
        // completed.
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L); // superseded on 0..3 by 2
        f.write(2).on("device").lane("sda").sectors(0, 4).times(10, 20L); // durable (flush 3)
        f.flush(3).on("device").lane("sda").times(25, 30L);
        f.write(4)
                .on("device")
                .lane("sda")
                .sectors(2, 4)
                .times(15, 40L); // concurrent with 2, volatile
        f.write(5).on("device").lane("sda").sectors(6, 4).times(50, null); // in flight
        CrashResult r = powerLoss(f.build(), 60);
        assertEquals(
                List.of("2"),
                candidates(r, "sda", 0),
                "1 is superseded; no initial: a durable write covers it");
        assertEquals(
                List.of("2", "4"),
                candidates(r, "sda", 2),
                "4 was submitted before 2 completed: not superseded");
        assertEquals(
                List.of("1", "4"),
                candidates(r, "sda", 4),
                "1 is durable, 4 may have landed after it");
        assertEquals(List.of("1", "5"), candidates(r, "sda", 6), "4 covers 2..5 only");
        assertEquals(
                List.of("initial", "5"), candidates(r, "sda", 8), "no durable write covers it");
        assertEquals(List.of("initial"), candidates(r, "sda", 100), "never written");
    }

    @Test
    void theGarbagePolicyAddsGarbageWhereAnUncertainWriteMayLand() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 4).times(0, 10L).flags("fua");
        f.write(2).on("device").lane("sda").sectors(2, 4).times(20, null);
        CrashResult r =
                CrashAnalysis.of(f.build())
                        .at(
                                new CrashPoint(
                                        30,
                                        CrashKind.POWER_LOSS,
                                        CacheMode.WRITEBACK,
                                        Tearing.GARBAGE));
        assertEquals(List.of("1"), candidates(r, "sda", 0));
        assertEquals(List.of("1", "2", "garbage"), candidates(r, "sda", 2));
        assertEquals(List.of("initial", "2", "garbage"), candidates(r, "sda", 4));
        assertEquals(
                4 * Math.log(3) / Math.log(2),
                r.log2States(),
                1e-9,
                "three outcomes per sector of write 2");
    }

    @Test
    void theCrashStateCountDependsOnTheTearingPolicy() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").sectors(6, 4).times(0, 10L); // sectors 6..9: two 4 KiB units
        f.write(2).on("device").sectors(16, 2).times(0, null);
        f.write(3).on("device").sectors(30, 0).times(0, null); // no sectors: not part of any state
        Trace t = f.build();
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashPoint p = CrashPoint.powerLoss(20);
        assertEquals(2, a.at(p).uncertainWrites());
        assertEquals(6, a.at(p).log2States(), 1e-9, "per sector: 4 + 2");
        assertEquals(
                3,
                a.at(p.withTearing(Tearing.ATOMIC_4K)).log2States(),
                1e-9,
                "units 0..7, 8..15 and 16..23");
        assertEquals(2, a.at(p.withTearing(Tearing.ATOMIC_WRITE)).log2States(), 1e-9);
        List<CrashStates.CrashState> states = a.at(p.withTearing(Tearing.ATOMIC_4K)).states(100);
        assertEquals(8, states.size());
        assertEquals(0, states.get(0).persisted().length, "nothing persisted comes first");
        assertEquals(List.of(), states.get(0).torn());
        int w1 = row(t, 1);
        int w2 = row(t, 2);
        assertTrue(
                states.subList(0, 4).stream().allMatch(s -> s.torn().isEmpty()),
                "the four atomic states first");
        CrashStates.CrashState torn = states.get(4);
        assertEquals(1, torn.torn().size());
        assertEquals(w1, torn.torn().get(0).row());
        assertEquals(
                6, torn.torn().get(0).persisted().get(0)[0], "first unit of write 1: sectors 6..7");
        assertEquals(2, torn.torn().get(0).persisted().get(0)[1]);
        assertEquals(2, a.at(p).states(2).size(), "bounded");
        assertEquals(
                List.of(w1),
                toList(states.get(1).persisted()),
                "binary counting over the writes in row order");
        assertEquals(List.of(w2), toList(states.get(2).persisted()));
        assertEquals(List.of(w1, w2), toList(states.get(3).persisted()));
    }

    @Test
    void aWritebackErrorLosesVolatileWritesEvenIfALaterFlushSucceeds() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("host").lane("img").sectors(0, 8).times(0, 10L);
        f.write(2).on("host").lane("img").sectors(8, 8).times(0, 10L);
        f.write(3)
                .on("host")
                .lane("img")
                .sectors(100, 8)
                .times(0, 10L)
                .flags("fua"); // durable before the error
        f.write(4).on("host").lane("img").sectors(4, 8).times(30, 40L); // after the error
        f.write(5).on("host").lane("img").sectors(20, 8).times(0, 10L);
        f.flush(6).on("host").lane("img").times(50, 60L);
        f.writebackError(20, "host", "img", 0, 12); // covers 1 wholly, 2 in part (8..11); misses 5
        f.writebackError(21, "host", "other", 20, 8); // another device's error
        CrashResult r = powerLoss(f.build(), 70);
        assertEquals(WriteState.LOST, state(r, 1));
        assertEquals(
                WriteState.VOLATILE, state(r, 2), "hit in part: never durable, not certainly lost");
        assertEquals(WriteState.DURABLE, state(r, 3));
        assertEquals(WriteState.DURABLE, state(r, 4), "completed after the error");
        assertEquals(WriteState.DURABLE, state(r, 5), "the other device's error does not touch it");
        assertEquals(List.of("4"), candidates(r, "img", 4), "1 is lost; 4 is durable");
        assertEquals(List.of("initial"), candidates(r, "img", 0));
        assertEquals(List.of("4"), candidates(r, "img", 8), "2 was dropped on 8..11");
        assertEquals(
                List.of("initial", "2"), candidates(r, "img", 12), "the rest of 2 may have landed");
        assertEquals(
                WriteState.VOLATILE,
                state(powerLoss(f.build(), 19), 1),
                "before the error it was just volatile");
        List<CrashResult.PromiseViolation> v = r.promiseViolations();
        assertEquals(
                List.of(row(r.analysis().trace(), 1), row(r.analysis().trace(), 2)),
                v.stream().map(x -> x.row()).toList(),
                "flush 6 told them durable");
        assertEquals("host", v.get(0).belowLayer());
        assertTrue(
                r.violationReasonText(v.get(0).row()).contains("writeback error at 0.000000020 s"),
                r.violationReasonText(v.get(0).row()));
    }

    /**
     * Issue 17, item 8: a crash at the end of time (t = Long.MAX_VALUE, what a huge --crash-at
     * rounds to) took "no error hit this write" (hit time Long.MAX_VALUE, event -1) for a hit,
     * explained it with event -1 (EventTable index -1) and called the write lost. Write 5 (sectors
     * 20+8) is outside the error's range 0+12 and completed at 10 with a flush after it: durable.
     */
    @Test
    void aCrashAtTheEndOfTimeIsNoWritebackErrorHit() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("host").lane("img").sectors(0, 8).times(0, 10L);
        f.write(5).on("host").lane("img").sectors(20, 8).times(0, 10L);
        f.flush(6).on("host").lane("img").times(50, 60L);
        f.writebackError(20, "host", "img", 0, 12);
        CrashResult r = powerLoss(f.build(), Long.MAX_VALUE);
        assertEquals(WriteState.LOST, state(r, 1), "the error covers all of write 1");
        assertEquals(WriteState.DURABLE, state(r, 5), "no error touched write 5");
        int row5 = row(r.analysis().trace(), 5);
        assertTrue(r.reasonText(row5).contains("flush"), r.reasonText(row5));
        assertTrue(!r.reasonText(row5).contains("writeback error"), r.reasonText(row5));
    }

    @Test
    void anErrorOnALayerWithoutWritesAppliesToTheNearestLayerAbove() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 8).times(0, 10L);
        f.flush(2).on("guest").times(30, 40L);
        f.writebackError(20, "host", null, 0, 0);
        CrashResult r = powerLoss(f.build(), 50);
        assertEquals(WriteState.LOST, state(r, 1));
        assertEquals("host", r.promiseViolations().get(0).belowLayer());
    }

    @Test
    void guestCrashLosesWhatTheGuestHadNotHandedToTheVirtqueue() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 8).times(0, null).issued(5);
        f.write(2).on("guest").sectors(8, 8).times(0, null).issued(50);
        f.write(3).on("guest").sectors(16, 8).times(0, null); // issue unknown
        f.write(4)
                .on("host")
                .lane("img")
                .sectors(0, 8)
                .times(6, null); // QEMU keeps running: it completes
        CrashResult r = at(f.build(), 20, CrashKind.GUEST_CRASH, CacheMode.WRITEBACK);
        assertEquals(WriteState.DURABLE, state(r, 1));
        assertEquals(WriteState.LOST, state(r, 2));
        assertEquals(WriteState.IN_FLIGHT, state(r, 3));
        assertEquals(WriteState.DURABLE, state(r, 4));
        assertEquals(r.analysis().trace().layerIndex("guest"), r.contentLayer());
    }

    @Test
    void qemuKillKeepsWhatReachedTheHostKernel() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 8).times(0, 10L); // QEMU completed it: in the host kernel
        f.write(2).on("guest").sectors(8, 8).times(0, null);
        f.write(3)
                .on("host")
                .lane("img")
                .sectors(8, 8)
                .times(2, null)
                .parent(2)
                .issued(30); // still inside QEMU
        f.write(4).on("guest").sectors(16, 8).times(0, null);
        f.write(5)
                .on("host")
                .lane("img")
                .sectors(16, 8)
                .times(2, null)
                .parent(4)
                .issued(5); // in the pwritev
        f.write(6).on("guest").sectors(24, 8).times(0, null);
        f.write(7)
                .on("host")
                .lane("img")
                .sectors(24, 8)
                .times(2, 8L)
                .parent(6); // in the page cache
        CrashResult r = at(f.build(), 20, CrashKind.QEMU_KILL, CacheMode.WRITEBACK);
        assertEquals(WriteState.DURABLE, state(r, 1));
        assertEquals(WriteState.LOST, state(r, 2));
        assertEquals(WriteState.LOST, state(r, 3));
        assertEquals(WriteState.IN_FLIGHT, state(r, 4));
        assertEquals(WriteState.DURABLE, state(r, 6));
        assertEquals(WriteState.DURABLE, state(r, 7));
        assertEquals(r.analysis().trace().layerIndex("host"), r.contentLayer());
    }

    @Test
    void powerLossLosesWhatWasStillInTheHostPageCache() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("host").lane("img").sectors(0, 8).times(0, 10L);
        f.write(2)
                .on("device")
                .lane("sda")
                .sectors(0, 8)
                .times(30, 40L)
                .parent(1); // writeback after the crash
        f.write(3).on("host").lane("img").sectors(8, 8).times(0, 10L);
        f.write(4).on("device").lane("sda").sectors(8, 8).times(12, 15L).parent(3).flags("fua");
        Trace t = f.build();
        CrashResult r = powerLoss(t, 20);
        assertEquals(
                WriteState.LOST, state(r, 1), "not yet submitted to the device: only in host RAM");
        assertEquals(WriteState.NOT_ISSUED, state(r, 2));
        assertEquals(WriteState.DURABLE, state(r, 3), "its device write was FUA");
        assertEquals(
                WriteState.DURABLE,
                state(at(t, 20, CrashKind.QEMU_KILL, CacheMode.WRITEBACK), 1),
                "the host keeps its page cache when only QEMU dies");
    }

    @Test
    void cacheModesChangeWhatAGuestCompletionAndFlushPromise() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 8).times(0, 10L);
        f.write(2).on("guest").sectors(8, 8).times(0, 10L);
        f.flush(3).on("guest").times(20, 30L);
        f.write(4).on("guest").sectors(16, 8).times(40, 50L);
        Trace t = f.build();
        for (CacheMode m : List.of(CacheMode.WRITEBACK, CacheMode.NONE)) {
            CrashResult r = at(t, 60, CrashKind.POWER_LOSS, m);
            assertEquals(WriteState.DURABLE, state(r, 1), m + ": the flush is passed on");
            assertEquals(WriteState.VOLATILE, state(r, 4), m.jsonName());
        }
        for (CacheMode m : List.of(CacheMode.WRITETHROUGH, CacheMode.DIRECTSYNC)) {
            assertEquals(
                    WriteState.DURABLE,
                    state(at(t, 60, CrashKind.POWER_LOSS, m), 4),
                    m + ": durable on completion");
        }
        CrashResult unsafe = at(t, 60, CrashKind.POWER_LOSS, CacheMode.UNSAFE);
        assertEquals(WriteState.VOLATILE, state(unsafe, 1), "unsafe ignores the flush");
        assertEquals(2, unsafe.promiseViolations().size(), "writes 1 and 2 were told durable");
        assertEquals("host", unsafe.promiseViolations().get(0).belowLayer());
        assertEquals(
                WriteState.DURABLE,
                state(at(t, 60, CrashKind.QEMU_KILL, CacheMode.UNSAFE), 4),
                "the host page cache survives a QEMU kill, whatever the cache mode");
    }

    @Test
    void theTracesCacheModeIsTheDefault() {
        TraceFixture f = new TraceFixture().cacheMode("unsafe");
        f.write(1).on("guest").sectors(0, 8).times(0, 10L);
        CrashAnalysis a = CrashAnalysis.of(f.build());
        assertEquals(CacheMode.UNSAFE, a.defaultCacheMode());
        assertEquals(CrashKind.POWER_LOSS, a.defaultKind());
        assertEquals(
                CacheMode.WRITEBACK,
                CrashAnalysis.of(new TraceFixture().build()).defaultCacheMode());
    }

    @Test
    void whatTheLayerBelowDidDecidesTheUpperWrite() {
        TraceFixture f = new TraceFixture();
        // the guest flush covers 1, but its device write was never flushed: promise violation
        f.write(1).on("guest").sectors(0, 8).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(0, 8).times(1, 9L).parent(1);
        f.flush(3).on("guest").times(20, 30L);
        // no guest flush covers 4, but its device write was FUA: durable anyway
        f.write(4).on("guest").sectors(8, 8).times(0, 10L);
        f.write(5).on("device").lane("sda").sectors(8, 8).times(1, 9L).parent(4).flags("fua");
        f.op(6, "read").on("guest").sectors(0, 8).times(0, 5L);
        Trace t = f.build();
        CrashResult r = powerLoss(t, 40);
        assertEquals(WriteState.VOLATILE, state(r, 1));
        assertEquals(WriteState.DURABLE, state(r, 4));
        assertNull(state(r, 6), "a read is not a write");
        assertEquals(1, r.promiseViolations().size());
        CrashResult.PromiseViolation v = r.promiseViolations().get(0);
        assertEquals(row(t, 1), v.row());
        assertEquals("device", v.belowLayer());
        assertTrue(
                r.violationReason(v.row()).stream().anyMatch(s -> s.request() == row(t, 2)),
                "the reason names the device write");
        assertEquals(r.analysis().trace().layerIndex("device"), r.contentLayer());
    }

    @Test
    void aWriteSplitBelowIsDurableOnlyWhenEveryPartIs() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 16).times(0, 30L);
        f.write(2).on("device").lane("sda").sectors(0, 8).times(1, 5L).parent(1).flags("fua");
        f.write(3).on("device").lane("sda").sectors(8, 8).times(20, 29L).parent(1).flags("fua");
        Trace t = f.build();
        assertEquals(WriteState.DURABLE, state(powerLoss(t, 40), 1), "both halves FUA");
        assertEquals(
                WriteState.IN_FLIGHT,
                state(powerLoss(t, 10), 1),
                "one half durable, the other not yet passed down: partly on media");
        assertEquals(
                WriteState.LOST, state(powerLoss(t, 0), 1), "neither half had reached the device");
    }

    @Test
    void reasonStepsNameTheRequestsAndTimesInvolved() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").sectors(0, 8).times(0, 50L);
        f.flush(2).on("device").times(60, 100L);
        Trace t = f.build();
        CrashResult r = powerLoss(t, 120);
        List<ReasonStep> steps = r.reason(row(t, 1));
        assertEquals(row(t, 1), steps.get(0).request());
        assertTrue(
                steps.stream().anyMatch(s -> s.request() == row(t, 2) && s.time() == 100),
                steps.toString());
        assertTrue(r.reasonText(row(t, 1)).endsWith("→ durable"), r.reasonText(row(t, 1)));
        assertTrue(
                powerLoss(t, 80)
                        .reasonText(row(t, 1))
                        .contains("completes at 0.000000100 s, after the crash"),
                powerLoss(t, 80).reasonText(row(t, 1)));
    }
}
