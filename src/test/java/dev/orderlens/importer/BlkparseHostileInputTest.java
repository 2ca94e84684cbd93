package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.CpuBound;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the blkparse classes of issue 17: quadratic matching, a backtracking regex,
 * an index of −1 and times that wrapped around. Each input is the minimal one showing the class;
 * the bounds, on CPU time so that a loaded machine does not fail them, are generous (a linear pass
 * takes about 2 s of CPU) but far below what the quadratic code took (over 20 s).
 */
class BlkparseHostileInputTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    private static Trace read(String text) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("hostile.txt", text),
                        new ImportOptions(null, false),
                        Progress.NONE);
    }

    private static List<String> problems(Trace t) {
        return t.sources().get(0).problems().stream().map(Object::toString).toList();
    }

    @Test
    void manyQueuedRequestsOfOneKeyThatNeverCompleteLoadInLinearTime() {
        int n = 120_000;
        StringBuilder sb = new StringBuilder(n * 40);
        for (int i = 0; i < n; i++) {
            sb.append("8,0 0 ").append(i + 1).append(" 0.000001000 7 Q W 2048 + 8 [dd]\n");
        }
        Trace t = CpuBound.within(BOUND, () -> read(sb.toString()));
        Requests r = t.requests();
        // every Q line is a bio of its own; none completes
        assertEquals(n, r.size());
        for (int i = 0; i < n; i += 9973) {
            assertTrue(r.has(i, Flags.NO_COMPLETE));
        }
    }

    @Test
    void manyIssuedRequestsOfOneKeyThatNeverCompleteLoadInLinearTime() {
        int n = 60_000;
        StringBuilder sb = new StringBuilder(n * 80);
        for (int i = 0; i < n; i++) {
            sb.append("8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]\n");
            sb.append("8,0 0 2 0.000002000 7 G W 2048 + 8 [dd]\n");
            sb.append("8,0 0 3 0.000003000 7 D W 2048 + 8 [dd]\n");
        }
        sb.append("8,0 0 4 0.000004000 0 C W 2048 + 8 [0]\n");
        Trace t = CpuBound.within(BOUND, () -> read(sb.toString()));
        Requests r = t.requests();
        assertEquals(n, r.size());
        // each G and D goes to the oldest bio not yet past that step, so Q, G, D of one group
        // of three lines is one request; the single C (last line) completes the oldest
        int completed = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(3, r.sourceLines(i).length + (r.complete(i) >= 0 ? -1 : 0));
            completed += r.has(i, Flags.NO_COMPLETE) ? 0 : 1;
        }
        assertEquals(1, completed);
        assertEquals(1, r.id(0));
        assertEquals(3 * n + 1, r.sourceLines(0)[3]);
    }

    @Test
    void aLongSummaryLikeLineDoesNotBacktrack() {
        StringBuilder sb = new StringBuilder("8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]\n");
        sb.append("proc");
        while (sb.length() < 128 * 1024) {
            sb.append(" (1, (1,");
        }
        sb.append("\n");
        Trace t = CpuBound.within(BOUND, () -> read(sb.toString()));
        // "proc (1, (1, ..." with no closing ')' is no per-process header: a bad line (line 2)
        assertEquals(1, t.sources().get(0).skippedLines());
        assertTrue(problems(t).get(0).startsWith("hostile.txt:2: expected a blkparse event line"));
    }

    @Test
    void summaryLinesRepeatedManyTimesLoadInLinearTime() {
        // found by the fuzz test (a gzip bomb of dmcrypt's summary): each repeated Throughput or
        // "Input file" line was appended to one metadata value, copying it each time (O(n^2))
        int n = 200_000; // quadratic: ~10^11 bytes copied; linear: well under a second
        StringBuilder sb = new StringBuilder("8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]\n");
        for (int i = 0; i < n; i++) {
            sb.append(
                    i % 2 == 0 ? "Throughput (R/W): 10KiB/s / 91KiB/s\n" : "Input file x added\n");
        }
        Trace t = CpuBound.within(BOUND, () -> read(sb.toString()));
        var meta = t.sources().get(0).metadata();
        // the first value, then more joined by "; " until the cap, then an ellipsis
        String throughput = meta.get("Throughput (R/W)");
        assertTrue(throughput.startsWith("10KiB/s / 91KiB/s; 10KiB/s / 91KiB/s; "), throughput);
        assertTrue(throughput.endsWith("; …"), throughput);
        assertTrue(throughput.length() < BlkparseImporter.Summary.MAX_APPENDED + 40);
        assertTrue(meta.get("Input files").startsWith("x, x, x"));
        assertEquals(0, t.sources().get(0).skippedLines());
        assertEquals(1, t.requests().size());
    }

    @Test
    void perProcessAndDeviceHeadersAreStillSummaryMetadata() throws Exception {
        Trace t =
                read(
                        String.join(
                                "\n",
                                "8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]",
                                "kworker/0:1H (56, 57):",
                                " Reads Queued:           2,        8KiB\t Writes Queued: 3,  12KiB",
                                "CPU12 (8,0):  ",
                                " Read depth:             1",
                                "Total (8,0):",
                                " Write depth:            4",
                                ""));
        assertEquals(0, t.sources().get(0).skippedLines(), problems(t).toString());
        var meta = t.sources().get(0).metadata();
        assertEquals("2, 8KiB", meta.get("kworker/0:1H (56, 57) Reads Queued"));
        assertEquals("3, 12KiB", meta.get("kworker/0:1H (56, 57) Writes Queued"));
        assertEquals("1", meta.get("CPU12 (8,0) Read depth"));
        assertEquals("4", meta.get("Total (8,0) Write depth"));
    }

    @Test
    void summaryWordsWithoutAColonAreABadLineNotACrash() throws Exception {
        Trace t = read("8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]\nThroughput\nSkips\n");
        assertEquals(1, t.requests().size());
        assertEquals(2, t.sources().get(0).skippedLines());
        assertTrue(problems(t).get(0).startsWith("hostile.txt:2: expected a blkparse event line"));
    }

    @Test
    void aTimeBeyondTwoToTheSixtyTwoNanosecondsIsAnErrorWithItsLine() throws Exception {
        Trace t =
                read(
                        String.join(
                                "\n",
                                "8,0 0 1 0.000001000 7 Q W 2048 + 8 [dd]",
                                "8,0 0 2 9223372037.000000000 7 Q W 4096 + 8 [dd]",
                                "8,0 0 3 4611686019.000000000 7 Q W 4096 + 8 [dd]",
                                "8,0 0 4 4611686018.000000000 7 Q W 8192 + 8 [dd]",
                                ""));
        // line 2 wrapped to -9.2e9 s before; lines 2 and 3 are past 2^62 ns = 4611686018.43 s
        assertEquals(
                List.of(
                        "hostile.txt:2: time out of range (at most 4611686018 s): 8,0 0 2"
                                + " 9223372037.000000000 7 Q W 4096 + 8 [dd]",
                        "hostile.txt:3: time out of range (at most 4611686018 s): 8,0 0 3"
                                + " 4611686019.000000000 7 Q W 4096 + 8 [dd]"),
                problems(t));
        Requests r = t.requests();
        assertEquals(2, r.size());
        assertEquals(4_611_686_018_000_000_000L, r.submit(1), "line 4: the largest second is read");
    }
}
