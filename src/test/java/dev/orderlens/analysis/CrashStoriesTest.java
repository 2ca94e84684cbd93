package dev.orderlens.analysis;

import static dev.orderlens.analysis.CrashAnalysisTest.candidates;
import static dev.orderlens.analysis.CrashAnalysisTest.powerLoss;
import static dev.orderlens.analysis.CrashAnalysisTest.row;
import static dev.orderlens.analysis.CrashAnalysisTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The real-world stories of issue 4, each as a small hand-written trace with the verdicts worked
 * out by hand (docs/analysis.md tells them at length), and the bundled sample.
 */
class CrashStoriesTest {
    /**
     * "write a, write b, flush, write a, flush, write b, crash: b is lost." A loop device
     * acknowledges writes when it queues them for its backing file, and handles a flush by fsyncing
     * the file without waiting for the writes still queued. The first b (id 2) completed at the
     * loop device before either flush was submitted, so the filesystem was told it is durable twice
     * over; but the loop worker only writes it into the backing file after the crash. So the first
     * b is certainly lost (its data never left the loop device's queue) and it is a promise
     * violation; the second b (id 6) is lost too (also still queued, and never acknowledged).
     * Sector b holds neither: only its old content. The second a (id 4) reached the file before the
     * second fsync and is durable, superseding the first a.
     */
    @Test
    void loopDeviceFlushThatDoesNotWaitLosesTheFirstB() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").lane("loop0").sectors(0, 8).times(0, 10L).issued(1).data("a");
        f.write(2).on("guest").lane("loop0").sectors(8, 8).times(2, 12L).issued(3).data("b");
        f.flush(3).on("guest").lane("loop0").times(20, 24L);
        f.write(4).on("guest").lane("loop0").sectors(0, 8).times(30, 40L).issued(31).data("a'");
        f.flush(5).on("guest").lane("loop0").times(50, 54L);
        f.write(6).on("guest").lane("loop0").sectors(8, 8).times(60, null).issued(61).data("b'");
        // the backing file, written by the loop worker
        f.write(11).on("host").lane("img").sectors(0, 8).times(2, 8L).parent(1).data("a");
        f.flush(13).on("host").lane("img").times(21, 23L).parent(3);
        f.write(14).on("host").lane("img").sectors(0, 8).times(32, 38L).parent(4).data("a'");
        f.flush(15).on("host").lane("img").times(51, 53L).parent(5);
        f.write(12).on("host").lane("img").sectors(8, 8).times(80, 85L).parent(2).data("b");
        f.write(16).on("host").lane("img").sectors(8, 8).times(82, 88L).parent(6).data("b'");
        Trace t = f.build();
        for (CrashKind kind : List.of(CrashKind.POWER_LOSS, CrashKind.QEMU_KILL)) {
            CrashResult r =
                    CrashAnalysis.of(t)
                            .at(new CrashPoint(70, kind, CacheMode.WRITEBACK, Tearing.SECTOR));
            assertEquals(
                    WriteState.LOST,
                    state(r, 2),
                    kind + ": the first b never left the loop device");
            assertEquals(WriteState.LOST, state(r, 6), kind.jsonName());
            assertEquals(WriteState.DURABLE, state(r, 4), kind.jsonName());
            assertEquals(
                    List.of("initial"),
                    candidates(r, "img", 8),
                    kind + ": sector b keeps its old content");
            assertEquals(List.of("14"), candidates(r, "img", 0), kind + ": the second a");
            assertEquals(1, r.promiseViolations().size(), kind.jsonName());
            CrashResult.PromiseViolation v = r.promiseViolations().get(0);
            assertEquals(row(t, 2), v.row());
            assertEquals("host", v.belowLayer());
            assertTrue(
                    r.violationReasonText(v.row())
                            .contains("guest#3 flush was submitted at 0.000000020 s"),
                    r.violationReasonText(v.row()));
            assertTrue(
                    r.violationReasonText(v.row())
                            .contains(
                                    "host#12 write was submitted at 0.000000080 s, after the crash"),
                    r.violationReasonText(v.row()));
        }
        // each layer on its own looks fine: b completed before the loop device's flush was
        // submitted,
        // and the file's write of b came after both fsyncs; only the cross-layer check sees the
        // broken promise
        assertTrue(OrderingAnalysis.analyze(t).crossing().isEmpty());
    }

    /**
     * A journal commit written FUA without a preflush: the commit block is durable as soon as it
     * completes, but the data and journal blocks it describes were never flushed. After a power
     * loss the commit may be on disk while what it commits is not: both are lost predecessors of
     * the commit. With PREFLUSH|FUA the preflush makes them durable first and nothing is reported.
     */
    @Test
    void journalCommitWrittenFuaWithoutAPreflush() {
        for (boolean preflush : List.of(false, true)) {
            TraceFixture f = new TraceFixture();
            f.write(1).on("guest").sectors(1000, 8).times(0, 10L).data("data");
            f.write(2).on("guest").sectors(5000, 8).times(12, 20L).data("journal");
            TraceFixture.Req commit =
                    f.write(3).on("guest").sectors(5008, 8).times(25, 30L).data("commit");
            commit.flags(preflush ? new String[] {"preflush", "fua"} : new String[] {"fua"});
            Trace t = f.build();
            CrashResult r = powerLoss(t, 40);
            assertEquals(WriteState.DURABLE, state(r, 3));
            if (preflush) {
                assertEquals(WriteState.DURABLE, state(r, 1));
                assertEquals(List.of(), r.lostPredecessors());
            } else {
                assertEquals(WriteState.VOLATILE, state(r, 1));
                assertEquals(WriteState.VOLATILE, state(r, 2));
                assertEquals(
                        List.of(
                                        new CrashResult.LostPredecessor(row(t, 3), row(t, 2), 2),
                                        new CrashResult.LostPredecessor(row(t, 2), row(t, 1), 1))
                                .stream()
                                .sorted((x, y) -> Integer.compare(x.row(), y.row()))
                                .toList(),
                        r.lostPredecessors(),
                        "the commit may survive without the journal block and the data; the journal block without the data");
                assertEquals(Set.of(row(t, 1), row(t, 2)), set(r.lostPredecessorsOf(row(t, 3))));
            }
        }
    }

    /**
     * A PREFLUSH write (no FUA) flushes what completed before it was submitted, but its own data is
     * an ordinary write: volatile until a later flush.
     */
    @Test
    void aPreflushWriteDoesNotCoverItsOwnData() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(8, 8).times(20, 30L).flags("preflush");
        Trace t = f.build();
        CrashResult r = powerLoss(t, 40);
        assertEquals(WriteState.DURABLE, state(r, 1), "covered by 2's preflush once 2 completed");
        assertEquals(WriteState.VOLATILE, state(r, 2));
        assertEquals(List.of("initial", "2"), candidates(r, "sda", 8));
        assertTrue(r.reasonText(row(t, 2)).contains("not FUA"), r.reasonText(row(t, 2)));
        assertEquals(
                WriteState.VOLATILE,
                state(powerLoss(t, 29), 1),
                "the preflush counts once the write completes");
    }

    /**
     * cache=unsafe: QEMU acknowledges guest flushes without doing anything. In a guest-only trace
     * the cache mode says so; with the host layer in the trace it shows: no fdatasync follows the
     * guest flush, so the host write stays volatile.
     */
    @Test
    void cacheUnsafeIgnoresGuestFlushes() {
        TraceFixture guestOnly = new TraceFixture().cacheMode("unsafe");
        guestOnly.write(1).on("guest").sectors(0, 8).times(0, 10L);
        guestOnly.flush(2).on("guest").times(20, 25L);
        Trace g = guestOnly.build();
        CrashAnalysis a = CrashAnalysis.of(g);
        CrashResult r = a.at(a.defaultPoint(30));
        assertEquals(
                CacheMode.UNSAFE,
                r.point().cacheModes().uniform(),
                "the trace records the cache mode");
        assertEquals(WriteState.VOLATILE, state(r, 1));
        assertEquals("host", r.promiseViolations().get(0).belowLayer());
        assertTrue(
                r.violationReasonText(r.promiseViolations().get(0).row()).contains("cache=unsafe"));
        assertEquals(
                WriteState.DURABLE,
                state(a.at(a.defaultPoint(30).withCacheMode(CacheMode.WRITEBACK)), 1));
        assertEquals(
                WriteState.DURABLE,
                state(a.at(a.defaultPoint(30).withKind(CrashKind.QEMU_KILL)), 1),
                "the data is in the host page cache, which a QEMU kill does not lose");

        TraceFixture withHost = new TraceFixture();
        withHost.write(1).on("guest").sectors(0, 8).times(0, 10L);
        withHost.write(11).on("host").lane("img").sectors(0, 8).times(2, 8L).parent(1);
        withHost.flush(2).on("guest").times(20, 25L); // no host flush follows
        Trace h = withHost.build();
        CrashResult hr = powerLoss(h, 30);
        assertEquals(
                WriteState.VOLATILE, state(hr, 1), "the host layer shows the flush went nowhere");
        assertEquals("host", hr.promiseViolations().get(0).belowLayer());
    }

    /**
     * A write-zeroes past EOF racing a data write on the same cluster (QEMU aio=native on XFS,
     * 2019): neither completed before the other was submitted, so the device may apply them in
     * either order. Both are durable after the flush, yet sector 8 may hold the data or zeroes.
     */
    @Test
    void writeZeroesPastEofRacingADataWrite() {
        TraceFixture f = new TraceFixture();
        f.op(1, "write-zeroes").on("host").lane("img").sectors(0, 16).times(0, 20L);
        f.write(2).on("host").lane("img").sectors(8, 8).times(5, 15L).data("data");
        f.flush(3).on("host").lane("img").times(30, 35L);
        Trace t = f.build();
        CrashResult r = powerLoss(t, 40);
        assertEquals(WriteState.DURABLE, state(r, 1));
        assertEquals(WriteState.DURABLE, state(r, 2));
        assertEquals(List.of("1", "2"), candidates(r, "img", 8), "zeroes or data");
        assertEquals(List.of("1"), candidates(r, "img", 0));
        OrderingFindings order = OrderingAnalysis.analyze(t);
        assertEquals(1, order.concurrentOverlaps().size());
        assertEquals(row(t, 1), order.concurrentOverlaps().first(0));
        assertEquals(row(t, 2), order.concurrentOverlaps().second(0));
    }

    /**
     * An fsync that succeeds after a failed writeback (PostgreSQL's 2018 "fsyncgate"): the page
     * cache write-back of the guest's data fails, the kernel marks the pages clean, and the next
     * fdatasync reports success. The guest was told its write is durable; it is gone.
     */
    @Test
    void fsyncSucceedingAfterAFailedWriteback() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").sectors(0, 8).times(0, 10L).data("x");
        f.write(11).on("host").lane("img").sectors(0, 8).times(1, 9L).parent(1).data("x");
        f.writebackError(15, "host", "img", 0, 8);
        f.flush(2).on("guest").times(20, 30L);
        f.flush(12).on("host").lane("img").times(21, 29L).parent(2);
        Trace t = f.build();
        for (CrashKind kind : CrashKind.values()) {
            CrashResult r =
                    CrashAnalysis.of(t)
                            .at(new CrashPoint(40, kind, CacheMode.WRITEBACK, Tearing.SECTOR));
            assertEquals(WriteState.LOST, state(r, 11), kind.jsonName());
            assertEquals(WriteState.LOST, state(r, 1), kind.jsonName());
            Set<Integer> violating = new TreeSet<>();
            r.promiseViolations().forEach(v -> violating.add(v.row()));
            assertEquals(
                    Set.of(row(t, 1), row(t, 11)),
                    violating,
                    kind + ": guest and host were both told durable");
            CrashResult.PromiseViolation guest =
                    r.promiseViolations().stream()
                            .filter(v -> v.row() == row(t, 1))
                            .findFirst()
                            .orElseThrow();
            assertEquals("host", guest.belowLayer());
            assertTrue(
                    r.violationReason(guest.row()).stream()
                            .anyMatch(s -> s.event() >= 0 && s.time() == 15),
                    r.violationReasonText(guest.row()));
        }
        // had the flush come first, the error would not matter
        TraceFixture early = new TraceFixture();
        early.write(1).on("host").lane("img").sectors(0, 8).times(0, 10L);
        early.flush(2).on("host").lane("img").times(11, 14L);
        early.writebackError(15, "host", "img", 0, 8);
        assertEquals(WriteState.DURABLE, state(powerLoss(early.build(), 40), 1));
    }

    /**
     * The bundled sample: an ext4-style commit with a data write in flight across the commit's
     * preflush.
     */
    @Test
    void theBundledSample() throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces/journal-commit.json"));
        CrashAnalysis a = CrashAnalysis.of(t);
        assertEquals(CacheMode.WRITEBACK, a.defaultCacheMode());
        assertEquals(CrashKind.POWER_LOSS, a.defaultKind(), "from the trace's crash event");
        CrashResult r = a.at(a.defaultPoint(490_000));
        assertEquals(t.layerIndex("device"), r.contentLayer());
        for (int id : List.of(1, 2, 3, 5, 11, 12, 13, 16)) {
            assertEquals(WriteState.DURABLE, state(r, id), "id " + id);
        }
        for (int id : List.of(4, 14, 6, 17)) {
            assertEquals(
                    WriteState.VOLATILE,
                    state(r, id),
                    "id " + id + ": not covered by a completed flush");
        }
        assertEquals(0, r.count(WriteState.LOST));
        assertEquals(8, r.count(WriteState.DURABLE));
        assertEquals(4, r.count(WriteState.VOLATILE));
        assertEquals(2, r.uncertainWrites(), "device writes 14 and 17");
        assertEquals(16, r.log2States(), 1e-9);
        assertEquals(
                List.of("11", "17"), candidates(r, "sda", 1000), "data#1 on disk, data#1b maybe");
        assertEquals(List.of("initial", "14"), candidates(r, "sda", 1016), "data#3 may be missing");
        assertEquals(List.of("16"), candidates(r, "sda", 5008), "the commit is on disk");
        assertEquals(
                List.of(new CrashResult.LostPredecessor(row(t, 6), row(t, 4), 1)),
                r.lostPredecessors(),
                "data#1b may survive while data#3, which completed before it was submitted, may not");
        assertEquals(List.of(), r.promiseViolations());
        assertEquals(4, r.states(4).size());
        assertEquals(1 << 16, Math.round(Math.pow(2, r.log2States())));
        // a QEMU kill or guest crash at the same instant loses nothing: all of it had reached the
        // host
        assertEquals(
                0, a.at(a.defaultPoint(490_000).withKind(CrashKind.QEMU_KILL)).uncertainWrites());
        assertEquals(
                12,
                a.at(a.defaultPoint(490_000).withKind(CrashKind.GUEST_CRASH))
                        .count(WriteState.DURABLE));
    }

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new TreeSet<>();
        for (int x : a) {
            s.add(x);
        }
        return s;
    }
}
