package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop device over a file on the disk below, both traced in one blkparse file (issue 12, "stacked
 * devices"): no remap line links them, so a loop write is linked to the disk writes that carry it
 * by the sector distance most loop writes agree on, and its verdict follows the disk's flushes.
 * Expectations are reasoned from the raw lines (named in each comment) by the writeback rules: a
 * disk write is durable once a disk flush submitted after it completed has completed.
 */
class LoopStackTest {
    private static Trace guest(String... lines) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("loop.txt", String.join("\n", lines) + "\n"),
                        new ImportOptions("guest", false),
                        Progress.NONE);
    }

    private static WriteState state(Trace t, double seconds, int row) {
        return CrashAnalysis.of(t).at(CrashPoint.powerLoss(Time.ofSeconds(seconds))).state(row);
    }

    /**
     * Lines 2-10: three 4 KiB loop writes at loop sectors 0, 8, 16 complete into the backing file's
     * page cache (10, 20, 30 µs). Lines 11-16: the writeback writes them to vda at 1000+16 and
     * 1016+8 (submitted at 40 and 42 µs, completed at 50, 51 µs): distance 1000 for all three.
     * Lines 17-20: vda's flush, submitted at 60 µs, completes at 70 µs. Lines 21-23: a fourth loop
     * write (24) that is never written back. Line 1: a vda read first, so vda's lane comes first in
     * the file.
     */
    private static final String[] LOOP = {
        "254,0 0 1 0.000000000 9 Q R 4000 + 8 [cat]",
        "  7,0 0 1 0.000000500 100 Q WS 0 + 8 [dd]",
        "  7,0 0 2 0.000001000 100 D WS 0 + 8 [dd]",
        "  7,0 0 3 0.000010000 0 C WS 0 + 8 [0]",
        "  7,0 0 4 0.000011000 100 Q WS 8 + 8 [dd]",
        "  7,0 0 5 0.000012000 100 D WS 8 + 8 [dd]",
        "  7,0 0 6 0.000020000 0 C WS 8 + 8 [0]",
        "  7,0 0 7 0.000021000 100 Q WS 16 + 8 [dd]",
        "  7,0 0 8 0.000022000 100 D WS 16 + 8 [dd]",
        "  7,0 0 9 0.000030000 0 C WS 16 + 8 [0]",
        "254,0 0 2 0.000040000 9 Q W 1000 + 16 [kworker/u4:0]",
        "254,0 0 3 0.000041000 9 D W 1000 + 16 [kworker/u4:0]",
        "254,0 0 4 0.000042000 9 Q W 1016 + 8 [kworker/u4:0]",
        "254,0 0 5 0.000043000 9 D W 1016 + 8 [kworker/u4:0]",
        "254,0 0 6 0.000050000 0 C W 1000 + 16 [0]",
        "254,0 0 7 0.000051000 0 C W 1016 + 8 [0]",
        "254,0 0 8 0.000060000 200 Q FWS [sync]",
        "254,0 0 9 0.000061000 43 D FN [kworker]",
        "254,0 0 10 0.000070000 0 C FN 0 [0]",
        "254,0 0 11 0.000071000 0 C WS 0 [0]",
        "  7,0 0 10 0.000080000 100 Q WS 24 + 8 [dd]",
        "  7,0 0 11 0.000081000 100 D WS 24 + 8 [dd]",
        "  7,0 0 12 0.000090000 0 C WS 24 + 8 [0]",
    };

    @Test
    void loopWritesFollowTheDiskWritesCarryingThem() throws Exception {
        Trace t = guest(LOOP);
        Requests r = t.requests();
        int loop0 = t.requests().rowOfId(0, 2);
        int loop8 = r.rowOfId(0, 5);
        int loop16 = r.rowOfId(0, 8);
        int loop24 = r.rowOfId(0, 21);
        int vda1000 = r.rowOfId(0, 11);
        int vda1016 = r.rowOfId(0, 13);
        // loop sector s is vda sector s + 1000: 0 and 8 in vda 1000+16, 16 in vda 1016+8
        assertArrayEquals(new int[] {loop0, loop8}, sorted(r.parents(vda1000)));
        assertArrayEquals(new int[] {loop16}, r.parents(vda1016));
        assertEquals(-1, r.parent(loop24), "a loop write is never a child");
        assertTrue(
                t.sources().get(0).warnings().stream()
                        .anyMatch(w -> w.contains("7,0 sits on 254,0") && w.contains("+ 1,000")),
                t.sources().get(0).warnings().toString());
        // 35 µs: in the page cache only (vda writes not submitted): a power loss loses them
        assertEquals(WriteState.LOST, state(t, 35e-6, loop0));
        // 55 µs: on vda, no flush yet: volatile
        assertEquals(WriteState.VOLATILE, state(t, 55e-6, loop8));
        // 75 µs: vda's flush (submitted 60, done 70) covers both vda writes (done 50, 51)
        assertEquals(WriteState.DURABLE, state(t, 75e-6, loop0));
        assertEquals(WriteState.DURABLE, state(t, 75e-6, loop16));
        // line 21: no vda write follows: judged by loop0's own rules (no loop flush): volatile
        assertEquals(WriteState.VOLATILE, state(t, 95e-6, loop24));
    }

    @Test
    void withoutAnAgreedDistanceNothingIsLinkedAndTheFileSaysSo() throws Exception {
        // only two loop writes find vda writes at one distance (lines 2-4, 5-7 → 1000+8, 1008+8)
        Trace t =
                guest(
                        "  7,0 0 1 0.000000500 100 Q WS 0 + 8 [dd]",
                        "  7,0 0 2 0.000001000 100 D WS 0 + 8 [dd]",
                        "  7,0 0 3 0.000010000 0 C WS 0 + 8 [0]",
                        "  7,0 0 4 0.000011000 100 Q WS 8 + 8 [dd]",
                        "  7,0 0 5 0.000012000 100 D WS 8 + 8 [dd]",
                        "  7,0 0 6 0.000020000 0 C WS 8 + 8 [0]",
                        "254,0 0 1 0.000040000 9 Q W 1000 + 16 [kworker/u4:0]",
                        "254,0 0 2 0.000041000 9 D W 1000 + 16 [kworker/u4:0]",
                        "254,0 0 3 0.000050000 0 C W 1000 + 16 [0]");
        Requests r = t.requests();
        for (int row = 0; row < r.size(); row++) {
            assertEquals(-1, r.parent(row));
        }
        assertTrue(
                t.sources().get(0).warnings().stream()
                        .anyMatch(w -> w.contains("7,0: its writes are not linked")),
                t.sources().get(0).warnings().toString());
    }

    /**
     * The real capture (sample-traces/expectations/loop.txt, "Stack mapping" and "Step 6"): the
     * four O_DIRECT loop writes at 512..536 (G:135-162) complete by 0.40 s but reach vda only as `Q
     * WS 12904 + 32` (G:168, t=1.350866160, C G:176 t=1.363893290); vda's next flush, the jbd2
     * preflush D FN G:186 (1.375895140) / C FN G:187 (1.391075180), makes them durable. loop0's own
     * flush G:167 completes only at G:193 (1.410574540), so without the link they would be volatile
     * until 1.41 s, and "volatile" (may survive) between 0.40 and 1.35 s.
     */
    @Test
    void theRealLoopCaptureLinksEveryLoopWriteAndItsVerdictsFollowVda() throws Exception {
        for (List<String> files :
                List.of(
                        List.of("loop.guest.blkparse.txt"),
                        List.of("loop.guest.blkparse.txt", "loop.qemu.log"))) {
            List<TraceLoader.FileSpec> specs = new java.util.ArrayList<>();
            for (String f : files) {
                specs.add(TraceLoader.FileSpec.of(Path.of("sample-traces", f)));
            }
            Trace t = TraceLoader.load(specs, Progress.NONE);
            Requests r = t.requests();
            int direct = t.names().find(t.layers().get(0).id() + "#168")[0];
            assertEquals(12904, r.sector(direct));
            int[] loopRows =
                    Arrays.stream(new int[] {135, 142, 149, 156})
                            .map(id -> t.names().find(t.layers().get(0).id() + "#" + id)[0])
                            .sorted()
                            .toArray();
            long[] sectors = Arrays.stream(loopRows).mapToLong(r::sector).sorted().toArray();
            assertArrayEquals(new long[] {512, 520, 528, 536}, sectors, files.toString());
            assertArrayEquals(loopRows, sorted(r.parents(direct)), files.toString());
            // step 5: loop 128 (G:1) is carried by vda 12520 (G:11)
            int first = t.names().find(t.layers().get(0).id() + "#1")[0];
            int carrier = t.names().find(t.layers().get(0).id() + "#11")[0];
            assertEquals(12520, r.sector(carrier));
            assertTrue(Arrays.stream(r.parents(carrier)).anyMatch(p -> p == first));

            int loop512 = loopRows[0];
            assertEquals(WriteState.LOST, state(t, 1.0, loop512), "only in the page cache");
            assertEquals(WriteState.VOLATILE, state(t, 1.39, loop512), "on vda, not flushed");
            assertEquals(WriteState.DURABLE, state(t, 1.392, loop512), "vda's flush G:187");
        }
    }

    /**
     * Loop flushes linked to the disk flush that carries them (ADR 0280), and a loop write durable
     * only once the disk writes carrying it are. Lines 2-16 are {@link #LOOP}'s: loop writes 0, 8,
     * 16 reach vda at 1000+16 and 1016+8, completed at 50 and 51 µs. Lines 17-20: loop flush A (bio
     * line 17, the loop driver's flush D line 18 at 56 µs, done 58 µs) with no vda flush inside it.
     * Lines 21-28: loop flush B (D line 22 at 61 µs, done 75 µs); inside it vda's flush (bio line
     * 23, the device's flush D line 24 at 63 µs, done 70 µs).
     */
    private static final String[] LOOP_FLUSHES = {
        "254,0 0 1 0.000000000 9 Q R 4000 + 8 [cat]",
        "  7,0 0 1 0.000000500 100 Q WS 0 + 8 [dd]",
        "  7,0 0 2 0.000001000 100 D WS 0 + 8 [dd]",
        "  7,0 0 3 0.000010000 0 C WS 0 + 8 [0]",
        "  7,0 0 4 0.000011000 100 Q WS 8 + 8 [dd]",
        "  7,0 0 5 0.000012000 100 D WS 8 + 8 [dd]",
        "  7,0 0 6 0.000020000 0 C WS 8 + 8 [0]",
        "  7,0 0 7 0.000021000 100 Q WS 16 + 8 [dd]",
        "  7,0 0 8 0.000022000 100 D WS 16 + 8 [dd]",
        "  7,0 0 9 0.000030000 0 C WS 16 + 8 [0]",
        "254,0 0 2 0.000040000 9 Q W 1000 + 16 [kworker/u4:0]",
        "254,0 0 3 0.000041000 9 D W 1000 + 16 [kworker/u4:0]",
        "254,0 0 4 0.000042000 9 Q W 1016 + 8 [kworker/u4:0]",
        "254,0 0 5 0.000043000 9 D W 1016 + 8 [kworker/u4:0]",
        "254,0 0 6 0.000050000 0 C W 1000 + 16 [0]",
        "254,0 0 7 0.000051000 0 C W 1016 + 8 [0]",
        "  7,0 0 10 0.000055000 100 Q FWS [dd]",
        "  7,0 0 11 0.000056000 43 D FN [kworker/0:1H]",
        "  7,0 0 12 0.000058000 0 C FN 0 [0]",
        "  7,0 0 13 0.000058500 0 C WS 0 [0]",
        "  7,0 0 14 0.000060000 100 Q FWS [dd]",
        "  7,0 0 15 0.000061000 43 D FN [kworker/0:1H]",
        "254,0 0 8 0.000062000 9 Q FWS [kworker/u4:0]",
        "254,0 0 9 0.000063000 43 D FN [kworker/0:1H]",
        "254,0 0 10 0.000070000 0 C FN 0 [0]",
        "254,0 0 11 0.000070500 0 C WS 0 [0]",
        "  7,0 0 16 0.000075000 0 C FN 0 [0]",
        "  7,0 0 17 0.000075500 0 C WS 0 [0]",
    };

    @Test
    void aLoopFlushIsLinkedToTheDiskFlushInsideItAndVerdictsFollowTheDisk() throws Exception {
        Trace t = guest(LOOP_FLUSHES);
        Requests r = t.requests();
        int flushA = r.rowOfId(0, 18);
        int flushB = r.rowOfId(0, 22);
        int vdaBio = r.rowOfId(0, 23);
        int vdaFlush = r.rowOfId(0, 24);
        assertEquals(r.rowOfId(0, 21), r.parent(flushB), "the loop flush bio issued as line 22");
        // B's disk flush: its own bio (line 23) first, then the loop flush it carries
        assertArrayEquals(new int[] {vdaBio, flushB}, r.parents(vdaFlush));
        assertTrue(Arrays.stream(r.parents(vdaBio)).noneMatch(p -> p == flushB), "bio line 23");
        for (int row = 0; row < r.size(); row++) {
            int row0 = row;
            assertTrue(
                    Arrays.stream(r.parents(row)).noneMatch(p -> p == flushA) || row0 == flushA,
                    "flush A (line 18) carries nothing below: row " + row);
        }
        assertTrue(
                t.sources().get(0).warnings().stream()
                        .anyMatch(
                                w ->
                                        w.contains("7,0: 1 of 2 flushes linked to the 254,0")
                                                && w.contains("flush at line 18")),
                t.sources().get(0).warnings().toString());

        int loop0 = r.rowOfId(0, 2);
        int loop16 = r.rowOfId(0, 8);
        // 59 µs: loop flush A completed (58 µs) after loop0 completed (10 µs), so by loop0's own
        // rule it is durable; but its data is on vda at 1000+16 (done 50 µs) and no vda flush has
        // been issued yet: volatile, as the disk says
        assertEquals(WriteState.VOLATILE, state(t, 59e-6, loop0));
        assertEquals(WriteState.VOLATILE, state(t, 69e-6, loop16), "vda flush issued, not done");
        // 71 µs: vda's flush (issued 63 µs, after both vda writes completed) completed at 70 µs,
        // before loop flush B completes (75 µs)
        assertEquals(WriteState.DURABLE, state(t, 71e-6, loop0));
        assertEquals(WriteState.DURABLE, state(t, 71e-6, loop16));
    }

    /**
     * The real capture: each of loop0's nine flushes as the loop driver received them (the {@code D
     * FN} lines 10, 45, 78, 111, 167, 197, 209, 237, 266) is carried by the first vda flush issued
     * after it that completed before it did, read off the raw lines: 10 (D 0.050110240, C line 34
     * 0.106740750) by the jbd2 preflush D FN line 27 (0.099989000, C line 28 0.103467100); 45
     * (0.112620990..0.130452830, line 67) by 60 (0.120794270..0.122483420); 78
     * (0.136636950..0.162589770, line 100) by 93 (0.142529560..0.156761380); 111
     * (0.173041130..0.197512650, line 133) by 126 (0.186598170..0.191631140); 167 (FUA post-flush
     * of line 163, 1.350572570..1.410574540, line 193) by 186 (1.375895140..1.391075180); 197
     * (1.411230680..1.437594240, line 203) by 200 (the D FN of kworker's `Q FWS` line 198,
     * 1.419445060..1.425066160); 209 (1.459473150..1.502639590, line 233) by 226
     * (1.483959390..1.491020880); 237 (1.502955300..1.507331440, line 243) by 240
     * (1.506433120..1.506951430); 266 (1.955593280..1.982502170, line 288) by 281
     * (1.961811720..1.974504320). The loop FUA write at line 163 (1024 + 8, its bio completing at
     * line 194, 1.410597670) reached vda as 13416 + 8 (lines 171-175, C 1.363749240); vda's
     * preflush D line 186 was issued after that and completed at 1.391075180: durable from then,
     * before loop0's own post-flush completed (line 193). With the QEMU log the host's fdatasync
     * under that preflush completes before the guest sees it, so the pair is durable a little
     * earlier.
     */
    @Test
    void theRealLoopCaptureLinksEveryLoopFlushToTheVdaFlushCarryingIt() throws Exception {
        int[][] links = {
            {10, 27},
            {45, 60},
            {78, 93},
            {111, 126},
            {167, 186},
            {197, 200},
            {209, 226},
            {237, 240},
            {266, 281}
        };
        for (List<String> files :
                List.of(
                        List.of("loop.guest.blkparse.txt"),
                        List.of("loop.guest.blkparse.txt", "loop.qemu.log"))) {
            List<TraceLoader.FileSpec> specs = new java.util.ArrayList<>();
            for (String f : files) {
                specs.add(TraceLoader.FileSpec.of(Path.of("sample-traces", f)));
            }
            Trace t = TraceLoader.load(specs, Progress.NONE);
            Requests r = t.requests();
            String layer = t.layers().get(0).id();
            int loopFlushesLinked = 0;
            for (int[] link : links) {
                int loopFlush = t.names().find(layer + "#" + link[0])[0];
                int vdaFlush = t.names().find(layer + "#" + link[1])[0];
                assertTrue(
                        Arrays.stream(r.parents(vdaFlush)).anyMatch(p -> p == loopFlush),
                        files + ": " + Arrays.toString(link));
            }
            // no other guest row has a loop flush as parent (virtio rows have guest parents)
            for (int row = 0; row < r.size(); row++) {
                for (int p : r.parents(row)) {
                    if (r.op(p) == dev.orderlens.model.Op.FLUSH
                            && r.layer(p) == r.layer(row)
                            && r.lane(p) != r.lane(row)) {
                        loopFlushesLinked++;
                    }
                }
            }
            assertEquals(links.length, loopFlushesLinked, files.toString());
            int fua = t.names().find(layer + "#163")[0];
            assertEquals(1024, r.sector(fua));
            // 1.375: on vda (done 1.363749240), vda's preflush not yet submitted (1.375895140)
            assertEquals(WriteState.IN_FLIGHT, state(t, 1.375, fua), "on vda, not flushed");
            assertEquals(WriteState.DURABLE, state(t, 1.3911, fua), "vda's preflush line 187");
            if (files.size() == 1) { // with QEMU's log the host's flush decides, a bit earlier
                assertEquals(WriteState.IN_FLIGHT, state(t, 1.391, fua), "preflush not done");
            }
        }
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
