package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The crash point's state across a change of trace, without a toolkit: the worker and the FX thread
 * are queues the test runs by hand, so a result can be made to land after the trace changed.
 */
class CrashViewModelTest {
    private final Queue<Runnable> worker = new ArrayDeque<>();
    private final Queue<Runnable> fx = new ArrayDeque<>();
    private final TimelineViewModel timeline = new TimelineViewModel(Runnable::run, Runnable::run);
    private final CrashViewModel crash = new CrashViewModel(timeline, worker::add, fx::add);

    private static Trace load(String name) {
        try {
            return TraceLoader.load(Path.of("sample-traces", name));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void runWorker() {
        while (!worker.isEmpty()) {
            worker.poll().run();
        }
    }

    private void runFx() {
        while (!fx.isEmpty()) {
            fx.poll().run();
        }
    }

    private void settle() {
        while (!worker.isEmpty() || !fx.isEmpty()) {
            runWorker();
            runFx();
        }
    }

    @Test
    void aResultOfThePreviousTraceNeverLandsOnTheNextOne() {
        Trace a = load("journal-commit.json");
        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(a);
        settle();
        assertSame(a, crash.analysis().trace());
        crash.setTime(300_000);
        runWorker(); // the query for trace a has run; its answers wait for the FX thread
        assertEquals(2, fx.size(), "the looked-up colours, then the full result");
        timeline.setTrace(b); // the user opens another trace before it lands
        runFx();
        assertNull(crash.result(), "trace a's result is stale on trace b");
        assertNull(crash.overlayProperty().get(), "no crash colours from trace a");
        assertNull(crash.point(), "a new trace starts without a crash point");
        settle();
        assertSame(b, crash.analysis().trace(), "trace b is prepared");
        assertNull(crash.result());

        crash.setTime(1_000_000);
        settle();
        assertNotNull(crash.result());
        assertSame(b, crash.result().analysis().trace());
        // the colours are b's: one state per request of b
        assertEquals(b.requests().size(), crash.overlayProperty().get().writeStates().length);
    }

    @Test
    void aPreparationOfThePreviousTraceIsDropped() {
        Trace a = load("journal-commit.json");
        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(a);
        runWorker(); // a is prepared, not yet handed to the FX thread
        timeline.setTrace(b);
        runFx();
        assertNull(crash.analysis(), "a's analysis must not be installed while b is open");
        assertEquals(true, crash.preparingProperty().get());
        settle();
        assertSame(b, crash.analysis().trace());
        assertEquals(false, crash.preparingProperty().get());
    }

    @Test
    void theChosenSettingsSurviveRemovingThePointButNotAChangeOfTrace() {
        Trace a = load("journal-commit.json");
        timeline.setTrace(a);
        settle();
        CrashPoint defaults = CrashAnalysis.of(a).defaultPoint(300_000);
        CacheMode other =
                Arrays.stream(CacheMode.values())
                        .filter(m -> m != defaults.cacheModes().uniform())
                        .findFirst()
                        .orElseThrow();
        CrashKind otherKind =
                Arrays.stream(CrashKind.values())
                        .filter(k -> k != defaults.kind())
                        .findFirst()
                        .orElseThrow();
        crash.setTime(300_000);
        crash.setCacheMode(other);
        crash.setKind(otherKind);
        settle();
        crash.clear();
        assertNull(crash.point());
        crash.setTime(200_000); // Shift+K then K: a new point
        assertEquals(other, crash.point().cacheModes().uniform(), "the user's cache mode is kept");
        assertEquals(otherKind, crash.point().kind(), "and the kind");
        assertEquals(200_000, crash.point().atNs());

        // a choice made while there is no point applies to the next one
        crash.clear();
        crash.setCacheMode(defaults.cacheModes().uniform());
        crash.setTime(250_000);
        assertEquals(defaults.cacheModes().uniform(), crash.point().cacheModes().uniform());

        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(b);
        settle();
        crash.setCacheMode(other);
        timeline.setTrace(a);
        settle();
        crash.setTime(300_000);
        assertEquals(defaults, crash.point(), "another trace: its own defaults again");
    }

    @Test
    void theFirstAnswerDoesNotWaitForTheStateTimeline() {
        Queue<Runnable> timelineWork = new ArrayDeque<>();
        TimelineViewModel tv = new TimelineViewModel(Runnable::run, Runnable::run);
        CrashViewModel c = new CrashViewModel(tv, worker::add, timelineWork::add, fx::add);
        Trace a = load("journal-commit.json");
        tv.setTrace(a);
        settle();
        assertEquals(1, timelineWork.size(), "the timeline is being built meanwhile");
        assertFalse(c.timelineReady());
        c.setTime(300_000);
        settle();
        assertNotNull(c.result(), "answered by a query while the timeline is not there");
        assertEquals(0, c.lookups());
        timelineWork.poll().run();
        settle();
        assertTrue(c.timelineReady());
        c.setTime(400_000);
        settle();
        assertEquals(1, c.lookups(), "the next move is a lookup");
    }

    @Test
    void aPointDroppedWhileThePreparationRunsIsAnsweredRightAfterIt() {
        Trace a = load("journal-commit.json");
        timeline.setTrace(a);
        crash.setTime(300_000); // the trace is shown, the analysis not prepared yet
        assertNull(crash.analysis());
        runWorker(); // the preparation, then the query queued behind it on the same thread
        assertNull(crash.result(), "nothing reached the FX thread yet");
        runFx(); // one turn of the FX thread: the analysis and the answer land together
        assertNotNull(crash.analysis());
        assertNotNull(crash.result(), "the query did not wait for the FX thread's turn");
        assertEquals(crash.point(), crash.result().point());
        assertArrayEquals(
                CrashAnalysis.of(a).at(crash.point()).stateCodes(),
                crash.overlayProperty().get().writeStates());
        settle(); // the state timeline is built on the same worker here
        assertEquals(1, crash.queries(), "no second query after the preparation landed");
    }

    @Test
    void aPointOnAFailedOrReplacedPreparationIsNotAnsweredFromAnotherTrace() {
        Trace a = load("journal-commit.json");
        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(a);
        settle();
        timeline.setTrace(b);
        crash.setTime(1_000_000); // queued behind b's preparation
        runWorker();
        runFx();
        assertSame(b, crash.result().analysis().trace(), "answered from b's analysis, not a's");
    }

    @Test
    void theFindingsWaitUntilTheShownTraceIsPrepared() throws Exception {
        Trace a = load("journal-commit.json");
        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(a); // its preparation waits in the worker queue
        boolean[] returned = {false};
        Thread layout =
                new Thread(
                        () -> {
                            crash.awaitPrepared(a, 60_000);
                            returned[0] = true;
                        });
        layout.start();
        while (layout.getState() != Thread.State.TIMED_WAITING
                && layout.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, layout.getState(), "waits while a is prepared");
        runWorker(); // a's preparation ends: the wait is over before the FX thread's turn
        layout.join(60_000);
        assertTrue(returned[0]);

        crash.awaitPrepared(b, 60_000); // not the trace shown: no wait
        timeline.setTrace(b);
        Thread other = new Thread(() -> crash.awaitPrepared(b, 60_000));
        other.start();
        while (other.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        timeline.setTrace(a); // b is no longer shown: nothing waits for it any more
        other.join(60_000);
        assertEquals(Thread.State.TERMINATED, other.getState());
    }

    @Test
    void aMoveLooksStatesUpAndTheyEqualTheQueryAtEveryChange() {
        Trace a = load("journal-commit.json");
        timeline.setTrace(a);
        settle();
        assertTrue(crash.timelineReady());
        CrashAnalysis reference = CrashAnalysis.of(a);
        // the states change only at the trace's own instants: check at each, and 1 ns before
        java.util.TreeSet<Long> instants = new java.util.TreeSet<>();
        for (int r = 0; r < a.requests().size(); r++) {
            instants.add(a.requests().submit(r));
            instants.add(a.requests().complete(r));
        }
        instants.remove(dev.orderlens.model.Time.NONE);
        int moves = 0;
        for (long at : instants) {
            for (long t : new long[] {at - 1, at}) {
                crash.setTime(t);
                settle();
                CrashResult expected = reference.at(crash.point());
                assertEquals(t, crash.statesAtNs(), "the states shown are those of the point");
                assertArrayEquals(
                        expected.stateCodes(),
                        crash.overlayProperty().get().writeStates(),
                        "states at " + t);
                int[] counts = crash.countsProperty().get();
                for (WriteState s : WriteState.values()) {
                    assertEquals(expected.count(s), counts[s.ordinal()], s + " at " + t);
                }
                moves++;
            }
        }
        assertEquals(moves, crash.lookups(), "every move was looked up");
        // another cache mode: its own timeline, built in the background, then looked up again
        CacheMode other =
                Arrays.stream(CacheMode.values())
                        .filter(m -> m != crash.point().cacheModes().uniform())
                        .findFirst()
                        .orElseThrow();
        crash.setCacheMode(other);
        settle();
        assertTrue(crash.timelineReady());
        long before = crash.lookups();
        crash.setTime(instants.last());
        settle();
        assertEquals(before + 1, crash.lookups());
        assertArrayEquals(
                reference.at(crash.point()).stateCodes(),
                crash.overlayProperty().get().writeStates());
    }
}
