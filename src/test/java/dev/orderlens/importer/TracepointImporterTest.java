package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block tracepoints as text against blktrace on the same I/O. Three guest captures
 * (sample-traces/README.md: tracepoints, dmcrypt, zeroes-race) recorded the block tracepoints
 * (ftrace's {@code trace} file, and {@code trace-cmd report} of the same ring buffer) while
 * blktrace recorded the same devices; one host capture (host-perf) recorded a current kernel's
 * tracepoints with {@code perf record} and a private ftrace instance at once. The hand-made lines
 * below pin each translation rule to the kernel source it comes from.
 */
class TracepointImporterTest {
    static final Path SAMPLES = Path.of("sample-traces");

    /** What a request is, without its id, line or times (the two tracers clock differently). */
    record Shape(
            String lane,
            Op op,
            int flags,
            long sector,
            int count,
            Status status,
            int pid,
            String process,
            String parent,
            boolean completed) {}

    static List<Shape> shapes(Trace t) {
        Requests r = t.requests();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            int p = r.parent(i);
            out.add(
                    new Shape(
                            t.lanes().get(r.lane(i)).name(),
                            r.op(i),
                            r.flags(i),
                            r.sector(i),
                            r.count(i),
                            r.status(i),
                            r.pid(i),
                            r.process(i),
                            p < 0 ? null : r.op(p) + "@" + r.sector(p),
                            r.complete(i) != Time.NONE));
        }
        return out;
    }

    /**
     * blktrace has no letter for REQ_OP_WRITE_ZEROES (the kernel's blktrace.c sets only the write
     * category for it; blkparse prints W), while blk_fill_rwbs prints N: the tracepoints know the
     * op, blkparse does not. Everything else must be equal.
     */
    static Shape asBlkparseSeesIt(Shape s) {
        return s.op() == Op.WRITE_ZEROES
                ? new Shape(
                        s.lane(),
                        Op.WRITE,
                        s.flags(),
                        s.sector(),
                        s.count(),
                        s.status(),
                        s.pid(),
                        s.process(),
                        s.parent(),
                        s.completed())
                : s;
    }

    @ParameterizedTest
    @CsvSource({
        "tracepoints, ftrace",
        "tracepoints, trace-cmd",
        "dmcrypt, ftrace",
        "dmcrypt, trace-cmd",
        "zeroes-race, ftrace",
        "zeroes-race, trace-cmd"
    })
    void sameRequestsAndVerdictsAsBlktraceOnTheSameIo(String capture, String form)
            throws Exception {
        Path text = SAMPLES.resolve(capture + ".guest." + form + ".txt");
        Trace tp = TraceLoader.load(text);
        Trace blk = TraceLoader.load(SAMPLES.resolve(capture + ".guest.blkparse.txt"));
        assertEquals(TracepointImporter.ID, tp.sources().get(0).format());
        assertEquals(0, tp.skippedLines(), tp.sources().get(0).problems().toString());
        List<Shape> a = shapes(blk);
        List<Shape> b = shapes(tp).stream().map(TracepointImporterTest::asBlkparseSeesIt).toList();
        assertTrue(a.size() > 5, "the capture has requests");
        assertEquals(a, b, "request by request, in the same order");

        // the verdicts: crash right after each request's completion gives every write the same
        // state, wherever both tracers put the same history before that instant (the tracers
        // are separate probes on one tracepoint and clock it apart by microseconds, so two
        // nearly simultaneous events can swap; those instants are not the same crash)
        CrashAnalysis ca = CrashAnalysis.of(blk);
        CrashAnalysis cb = CrashAnalysis.of(tp);
        Requests ra = blk.requests();
        Requests rb = tp.requests();
        int compared = 0;
        int completions = 0;
        for (int i = 0; i < ra.size(); i++) {
            if (ra.complete(i) == Time.NONE) {
                continue;
            }
            completions++;
            if (!sameHistory(ra, ra.complete(i), rb, rb.complete(i))) {
                continue;
            }
            CrashResult x = ca.at(CrashPoint.powerLoss(ra.complete(i)));
            CrashResult y = cb.at(CrashPoint.powerLoss(rb.complete(i)));
            for (int w = 0; w < ra.size(); w++) {
                assertEquals(
                        x.state(w),
                        y.state(w),
                        capture + " " + form + ": crash after request " + i + ", write " + w);
            }
            compared++;
        }
        assertTrue(completions > 5, "completions: " + completions);
        assertTrue(
                compared * 10 >= completions * 9,
                "most instants have one history in both: " + compared + " of " + completions);
    }

    /**
     * With the capture's QEMU log the tracepoint file is the guest's view, as blkparse's is, and
     * the pair gives the same verdicts: crash after each host request's completion (the same QEMU
     * log line in both pairs), wherever both pairs put the same history before it.
     */
    @ParameterizedTest
    @CsvSource({"tracepoints", "dmcrypt"})
    void withTheQemuLogTheSameVerdictsAsBlkparse(String capture) throws Exception {
        Path qemu = SAMPLES.resolve(capture + ".qemu.log");
        Trace blk =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        SAMPLES.resolve(capture + ".guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(qemu)),
                        dev.orderlens.model.Progress.NONE);
        Trace tp =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        SAMPLES.resolve(capture + ".guest.ftrace.txt")),
                                TraceLoader.FileSpec.of(qemu)),
                        dev.orderlens.model.Progress.NONE);
        assertEquals(
                blk.layers().stream().map(l -> l.id()).toList(),
                tp.layers().stream().map(l -> l.id()).toList(),
                "guest, virtio, host in both");
        assertTrue(tp.layers().stream().anyMatch(l -> l.id().equals("guest")));
        assertEquals(
                shapes(blk).stream().map(TracepointImporterTest::asBlkparseSeesIt).toList(),
                shapes(tp).stream().map(TracepointImporterTest::asBlkparseSeesIt).toList());
        CrashAnalysis ca = CrashAnalysis.of(blk);
        CrashAnalysis cb = CrashAnalysis.of(tp);
        Requests ra = blk.requests();
        Requests rb = tp.requests();
        int host = -1;
        for (int i = 0; i < blk.layers().size(); i++) {
            host = blk.layers().get(i).id().equals("host") ? i : host;
        }
        int compared = 0;
        int instants = 0;
        for (int i = 0; i < ra.size(); i++) {
            if (ra.layer(i) != host || ra.complete(i) == Time.NONE) {
                continue;
            }
            instants++;
            if (!sameHistory(ra, ra.complete(i), rb, rb.complete(i))) {
                continue;
            }
            CrashResult x = ca.at(CrashPoint.powerLoss(ra.complete(i)));
            CrashResult y = cb.at(CrashPoint.powerLoss(rb.complete(i)));
            for (int w = 0; w < ra.size(); w++) {
                assertEquals(x.state(w), y.state(w), capture + ": host row " + i + ", write " + w);
            }
            compared++;
        }
        assertTrue(instants > 10, "host completions: " + instants);
        assertTrue(
                compared * 10 >= instants * 8,
                "most instants have one history in both: " + compared + " of " + instants);
    }

    /** Whether the same submits, issues and completions happened by {@code ta} and {@code tb}. */
    static boolean sameHistory(Requests a, long ta, Requests b, long tb) {
        for (int w = 0; w < a.size(); w++) {
            if (happened(a.submit(w), ta) != happened(b.submit(w), tb)
                    || happened(a.issue(w), ta) != happened(b.issue(w), tb)
                    || happened(a.complete(w), ta) != happened(b.complete(w), tb)) {
                return false;
            }
        }
        return true;
    }

    static boolean happened(long t, long crash) {
        return t != Time.NONE && t <= crash;
    }

    /**
     * The host capture: ftrace recorded only while the workload ran, inside perf's window, so each
     * request ftrace saw perf saw too; dd's 16 O_DIRECT|O_DSYNC writes (workload step 1) are in
     * both, each followed by a flush (dd's O_DSYNC without FUA on this virtio disk).
     */
    @Test
    void perfScriptAndFtraceOfACurrentKernelAgree() throws Exception {
        Trace perf = TraceLoader.load(SAMPLES.resolve("host-perf.perf-script.txt"));
        Trace ftrace = TraceLoader.load(SAMPLES.resolve("host-perf.ftrace.txt"));
        for (Trace t : List.of(perf, ftrace)) {
            assertEquals(TracepointImporter.ID, t.sources().get(0).format());
            assertEquals(0, t.skippedLines(), t.sources().get(0).problems().toString());
        }
        Map<Shape, Integer> inPerf = counts(shapes(perf));
        for (var e : counts(shapes(ftrace)).entrySet()) {
            assertTrue(
                    inPerf.getOrDefault(e.getKey(), 0) >= e.getValue(),
                    "perf saw " + e.getKey() + " too");
        }
        List<Shape> ddPerf = byProcess(shapes(perf), "dd");
        List<Shape> ddFtrace = byProcess(shapes(ftrace), "dd");
        assertEquals(ddPerf, ddFtrace);
        long ddWrites = ddFtrace.stream().filter(s -> s.op() == Op.WRITE && s.count() == 8).count();
        assertTrue(ddWrites >= 16, "dd wrote 16 blocks of 8 sectors: " + ddWrites);
        // step 3's 64 KiB O_DIRECT write: ftrace lines 352-358 (queue, getrq, insert, issue,
        // complete [0]), perf lines 340-346, "WS 173047608 + 128", issued from python3's context
        for (Trace t : List.of(perf, ftrace)) {
            Requests r = t.requests();
            int found = 0;
            for (int i = 0; i < r.size(); i++) {
                if (r.sector(i) == 173047608L && r.count(i) == 128 && r.op(i) == Op.WRITE) {
                    assertEquals(Status.OK, r.status(i));
                    assertEquals("python3", r.process(i));
                    assertTrue(r.has(i, Flags.SYNC));
                    found++;
                }
            }
            assertEquals(1, found, "the 64 KiB write, once");
        }
    }

    static List<Shape> byProcess(List<Shape> all, String process) {
        return all.stream().filter(s -> process.equals(s.process())).toList();
    }

    static Map<Shape, Integer> counts(List<Shape> all) {
        Map<Shape, Integer> m = new HashMap<>();
        all.forEach(s -> m.merge(s, 1, Integer::sum));
        return m;
    }

    // ---- hand-made lines, one rule each ----

    static Trace read(Path dir, String... lines) throws Exception {
        Path f = dir.resolve("t.txt");
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return TraceLoader.load(f);
    }

    /**
     * An fsync's flush as the tracepoints spell it (a v6.x guest, like the tracepoints capture's
     * lines 132-136): the bio "FWS 0 + 0", the flush machinery's request "FF" (REQ_PREFLUSH +
     * REQ_OP_FLUSH; blkparse: "FN"), completing at sector 18446744073709551615 (blk_rq_pos unset),
     * then the bio's own completion. One flush bio, one machinery flush below it, both complete.
     */
    @Test
    void flushSpelledFfCompletingAtSectorMinusOne(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        "  dd-185  [001] .....  37.252006: block_bio_queue: 254,0 FWS 0 + 0 [dd]",
                        "  dd-185  [001] .....  37.252440: block_getrq: 254,0 FWS 0 + 0 [dd]",
                        "  kworker/1:1H-56  [001] .....  37.252614: block_rq_issue: 254,0 FF 0 ()"
                                + " 0 + 0 [kworker/1:1H]",
                        "  kworker/1:1H-56  [001] d.H1.  37.253575: block_rq_complete: 254,0 FF ()"
                                + " 18446744073709551615 + 0 [0]",
                        "  kworker/1:1H-56  [001] d.H2.  37.253649: block_rq_complete: 254,0 WS ()"
                                + " 0 + 0 [0]");
        Requests r = t.requests();
        assertEquals(0, t.skippedLines(), t.sources().get(0).problems().toString());
        assertEquals(2, r.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(Op.FLUSH, r.op(i));
            assertEquals(Status.OK, r.status(i));
            assertNotEquals(Time.NONE, r.complete(i));
        }
        int machinery = r.parent(0) >= 0 ? 0 : 1;
        assertEquals(1 - machinery, r.parent(machinery), "the FF request carries the bio");
        assertEquals("dd", r.process(1 - machinery));
    }

    /**
     * blk_fill_rwbs prints 'N' for REQ_OP_WRITE_ZEROES (zeroes-race: the guest's BLKZEROOUT, "NS
     * 1024 + 128"): a write-zeroes, a write for durability; 'N' with no sectors stays no data.
     */
    @Test
    void writeZeroesSpelledN(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        " olhelper-180 [000] ..... 1.000100: block_bio_queue: 254,0 NS 1024 + 128"
                                + " [olhelper]",
                        " olhelper-180 [000] ..... 1.000200: block_getrq: 254,0 NS 1024 + 128"
                                + " [olhelper]",
                        " olhelper-180 [000] ..... 1.000300: block_rq_issue: 254,0 NS 65536 ()"
                                + " 1024 + 128 [olhelper]",
                        " <idle>-0 [000] d.h2. 1.000900: block_rq_complete: 254,0 NS () 1024 + 128"
                                + " [0]");
        Requests r = t.requests();
        assertEquals(1, r.size());
        assertEquals(Op.WRITE_ZEROES, r.op(0));
        assertEquals(1024, r.sector(0));
        assertEquals(128, r.count(0));
        assertTrue(r.has(0, Flags.SYNC));
        assertEquals(Status.OK, r.status(0));
        assertEquals(800_000, r.complete(0) - r.submit(0), "1.000900 - 1.000100 s");
    }

    /**
     * perf script's prefix ("comm tid [cpu] time: block:event:"), a comm with spaces, and the I/O
     * priority a 6.10+ kernel prints before the last bracket ("0x2,0,4", ftrace: "be,0,4").
     */
    @Test
    void perfScriptPrefixAndIoPriority(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        " C1 CompilerThre  3940 [001] 11107.263100:      block:block_bio_queue:"
                                + " 254,0 RA 29947752 + 16 [C1 CompilerThre]",
                        " C1 CompilerThre  3940 [001] 11107.263110:      block:block_getrq: 254,0"
                                + " RA 29947752 + 16 [C1 CompilerThre]",
                        " C1 CompilerThre  3940 [001] 11107.263120:      block:block_rq_issue:"
                                + " 254,0 RA 8192 () 29947752 + 16 0x2,0,4 [C1 CompilerThre]",
                        " C1 CompilerThre  3940 [001] 11107.263198:  block:block_rq_complete:"
                                + " 254,0 RA () 29947752 + 16 0x2,0,4 [0]");
        Requests r = t.requests();
        assertEquals(0, t.skippedLines(), t.sources().get(0).problems().toString());
        assertEquals(1, r.size());
        assertEquals(Op.READ, r.op(0));
        assertTrue(r.has(0, Flags.READAHEAD));
        assertEquals(3940, r.pid(0));
        assertEquals("C1 CompilerThre", r.process(0));
        assertEquals(98_000, r.complete(0) - r.submit(0));
    }

    /**
     * A failed completion prints the negative errno ("[-5]"; blk_status_to_errno); a PREFLUSH|FUA
     * write ("FWFS") keeps both flags.
     */
    @Test
    void errorCompletionAndFuaFlags(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        " jbd2/vda-8-90 [000] ..... 2.0: block_bio_queue: 254,0 FWFSM 184 + 8"
                                + " [jbd2/vda-8]",
                        " jbd2/vda-8-90 [000] ..... 2.1: block_getrq: 254,0 FWFSM 184 + 8"
                                + " [jbd2/vda-8]",
                        " jbd2/vda-8-90 [000] ..... 2.2: block_rq_issue: 254,0 WFSM 4096 () 184 +"
                                + " 8 [jbd2/vda-8]",
                        " <idle>-0 [000] d.h2. 2.3: block_rq_complete: 254,0 WFSM () 184 + 8 [-5]");
        Requests r = t.requests();
        int w = -1;
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i) == Op.WRITE) {
                w = i;
            }
        }
        assertTrue(w >= 0, "the journal write is a request");
        assertTrue(r.has(w, Flags.FUA));
        assertTrue(r.has(w, Flags.PREFLUSH));
        assertEquals("jbd2/vda-8", r.process(w), "a comm holding '-' is cut at its last '-'");
        assertEquals(90, r.pid(w));
        assertEquals(Status.ERROR, r.status(w));
    }

    /**
     * A dm remap ("block_bio_remap: 254,0 WS 1024 + 8 <- (253,0) 1024", the dmcrypt capture's
     * shape) links the vda request under the dm-0 one; a split carries its new sector.
     */
    @Test
    void remapLinksTheLowerRequest(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        " dd-7 [000] ..... 1.000001: block_bio_queue: 253,0 WS 1024 + 8 [dd]",
                        " dd-7 [000] ..... 1.000002: block_bio_remap: 254,0 WS 1024 + 8 <-"
                                + " (253,0) 1024",
                        " dd-7 [000] ..... 1.000003: block_bio_queue: 254,0 WS 1024 + 8 [dd]",
                        " dd-7 [000] ..... 1.000004: block_getrq: 254,0 WS 1024 + 8 [dd]",
                        " dd-7 [000] ..... 1.000005: block_rq_issue: 254,0 WS 4096 () 1024 + 8"
                                + " [dd]",
                        " <idle>-0 [000] d.h.. 1.000010: block_rq_complete: 254,0 WS () 1024 + 8"
                                + " [0]",
                        " <idle>-0 [000] d.h.. 1.000011: block_bio_complete: 253,0 WS 1024 + 8"
                                + " [0]");
        Requests r = t.requests();
        assertEquals(0, t.skippedLines(), t.sources().get(0).problems().toString());
        assertEquals(2, r.size());
        int vda = "254,0".equals(t.lanes().get(r.lane(0)).name()) ? 0 : 1;
        assertEquals(1 - vda, r.parent(vda), "the vda request's parent is the dm-0 bio");
        assertEquals(Status.OK, r.status(1 - vda));
        assertEquals(Status.OK, r.status(vda));
    }

    /**
     * Lost events ("CPU:1 [LOST 12 EVENTS]"), other subsystems' events and buffer-head events are
     * not errors; a block event line with broken arguments is skipped and named by its line.
     */
    @Test
    void lostOtherAndBrokenLines(@TempDir Path dir) throws Exception {
        Trace t =
                read(
                        dir,
                        "# tracer: nop",
                        "#",
                        " dd-7 [000] ..... 1.000001: block_bio_queue: 254,0 WS 8 + 8 [dd]",
                        "CPU:1 [LOST 12 EVENTS]",
                        " dd-7 [000] ..... 1.000002: sched_switch: prev_comm=dd prev_pid=7",
                        " dd-7 [000] ..... 1.000003: block_dirty_buffer: 254,0 sector=1 size=4096",
                        " dd-7 [000] ..... 1.000004: block_getrq: 254,0 WS 8 plus 8 [dd]",
                        " dd-7 [000] ..... 1.000005: block_rq_issue: 254,0 WS 4096 () 8 + 8 [dd]",
                        " <idle>-0 [000] d.h.. 1.000010: block_rq_complete: 254,0 WS () 8 + 8"
                                + " [0]");
        var source = t.sources().get(0);
        assertEquals(1, t.skippedLines(), source.problems().toString());
        assertEquals(7, source.problems().get(0).line());
        assertTrue(source.problems().get(0).message().contains("block_getrq"));
        assertTrue(
                source.warnings().stream().anyMatch(w -> w.contains("lost 12 events")),
                source.warnings().toString());
        assertEquals(1, t.requests().size());
        assertEquals(Status.OK, t.requests().status(0));
    }

    @Test
    void detectedByContentAndNamedWhenEmpty(@TempDir Path dir) throws Exception {
        for (String f :
                List.of(
                        "tracepoints.guest.ftrace.txt",
                        "tracepoints.guest.trace-cmd.txt",
                        "host-perf.perf-script.txt")) {
            var plan = TraceLoader.plan(List.of(TraceLoader.FileSpec.of(SAMPLES.resolve(f))));
            assertEquals(TracepointImporter.ID, plan.get(0).importer().id(), f);
        }
        var blk =
                TraceLoader.plan(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        SAMPLES.resolve("tracepoints.guest.blkparse.txt"))));
        assertEquals(BlkparseImporter.ID, blk.get(0).importer().id());
        Path f = dir.resolve("only-buffers.txt");
        Files.write(
                f,
                Collections.nCopies(
                        5,
                        " dd-7 [000] ..... 1.000003: block_dirty_buffer: 254,0 sector=1"
                                + " size=4096"));
        var e = assertThrows(ImportException.class, () -> TraceLoader.load(f));
        assertTrue(
                Objects.requireNonNull(e.getMessage()).contains("only-buffers.txt"),
                e.getMessage());
    }
}
