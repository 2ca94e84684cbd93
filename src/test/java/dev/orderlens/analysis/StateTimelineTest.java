package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The timeline's lookup equals the full analysis at every crash time: at each instant where
 * anything in the trace happens, just before it and just after it, for every crash kind and cache
 * mode, on random stacked traces and on the real captures. Between two consecutive instants nothing
 * in the trace changes, so agreeing there is agreeing everywhere.
 */
class StateTimelineTest {

    @Test
    void agreesWithTheAnalysisOnRandomStacks() {
        long compared = 0;
        for (long seed = 1; seed <= 400; seed++) {
            Trace trace = CrashAnalysisPropertyTest.randomTrace(new Random(seed)).build();
            compared += compareEverywhere(trace, "seed " + seed, Integer.MAX_VALUE);
        }
        assertTrue(compared > 100_000, "compared only " + compared + " states");
    }

    @Test
    void agreesWithTheAnalysisOnRealCaptures() throws Exception {
        long compared = 0;
        for (String mode : List.of("writeback", "none", "unsafe", "writethrough")) {
            Trace trace =
                    TraceLoader.load(
                            List.of(
                                    TraceLoader.FileSpec.of(
                                            Path.of(
                                                    "sample-traces/"
                                                            + mode
                                                            + ".guest.blkparse.txt")),
                                    TraceLoader.FileSpec.of(
                                            Path.of("sample-traces/" + mode + ".qemu.log"))),
                            Progress.NONE);
            compared += compareEverywhere(trace, mode, 150);
        }
        assertTrue(compared > 100_000, "compared only " + compared + " states");
    }

    @Test
    void aWriteFlushedLaterChangesStateAtTheFlushCompletion() {
        // device write 1 on 0..7 submitted 10, completed 20; flush 2 submitted 30, completed 40.
        // Power loss: not issued before 10, in flight [10, 20), volatile [20, 40), durable from 40.
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").sectors(0, 8).times(10, 20L);
        f.flush(2).on("device").times(30, 40L);
        Trace trace = f.build();
        CrashAnalysis a = CrashAnalysis.of(trace);
        StateTimeline tl =
                StateTimeline.of(a, CrashKind.POWER_LOSS, CacheModes.all(CacheMode.WRITEBACK));
        int row = 0;
        assertEquals(WriteState.NOT_ISSUED, tl.stateAt(row, 9));
        assertEquals(WriteState.IN_FLIGHT, tl.stateAt(row, 10));
        assertEquals(WriteState.IN_FLIGHT, tl.stateAt(row, 19));
        assertEquals(WriteState.VOLATILE, tl.stateAt(row, 20));
        assertEquals(WriteState.VOLATILE, tl.stateAt(row, 39));
        assertEquals(WriteState.DURABLE, tl.stateAt(row, 40));
        assertEquals(
                3, tl.changes(row), "in flight, volatile, durable (not issued before the first)");
    }

    /** Compares at up to {@code maxInstants} instants (spread over the trace) ±1. */
    private static long compareEverywhere(Trace trace, String what, int maxInstants) {
        CrashAnalysis a = CrashAnalysis.of(trace);
        Requests q = trace.requests();
        TreeSet<Long> all = new TreeSet<>();
        for (int r = 0; r < q.size(); r++) {
            for (long t : new long[] {q.submit(r), q.issue(r), q.complete(r)}) {
                if (t != dev.orderlens.model.Time.NONE) {
                    all.add(t);
                }
            }
        }
        for (int e = 0; e < trace.events().size(); e++) {
            all.add(trace.events().time(e));
        }
        List<Long> instants = new ArrayList<>(all);
        int step = Math.max(1, instants.size() / maxInstants);
        long compared = 0;
        for (CrashKind kind : CrashKind.values()) {
            for (CacheMode mode : CacheMode.values()) {
                StateTimeline tl = StateTimeline.of(a, kind, CacheModes.all(mode));
                for (int i = 0; i < instants.size(); i += step) {
                    for (long d = -1; d <= 1; d++) {
                        long t = instants.get(i) + d;
                        CrashResult r = a.at(new CrashPoint(t, kind, mode, Tearing.SECTOR));
                        // the app's drag reads every row at once: the same codes and counts
                        byte[] codes = new byte[q.size()];
                        int[] counts = new int[WriteState.values().length];
                        tl.statesAt(t, codes, counts);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(
                                r.stateCodes(),
                                codes,
                                what + ", " + kind + ", " + mode + ", t " + t);
                        for (WriteState s : WriteState.values()) {
                            assertEquals(r.count(s), counts[s.ordinal()], what + " count " + s);
                        }
                        for (int row = 0; row < q.size(); row++) {
                            if (r.stateCode(row) == 0) {
                                assertTrue(!tl.covers(row), what + ": row " + row + " not a write");
                                continue;
                            }
                            assertEquals(
                                    r.state(row),
                                    tl.stateAt(row, t),
                                    what + ", " + kind + ", " + mode + ", row " + row + ", t " + t);
                            compared++;
                        }
                    }
                }
            }
        }
        return compared;
    }
}
