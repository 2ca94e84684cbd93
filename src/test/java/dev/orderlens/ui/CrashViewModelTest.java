package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
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
        runWorker(); // the query for trace a has run; its result waits for the FX thread
        assertEquals(1, fx.size());
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
                        .filter(m -> m != defaults.cacheMode())
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
        assertEquals(other, crash.point().cacheMode(), "the user's cache mode is kept");
        assertEquals(otherKind, crash.point().kind(), "and the kind");
        assertEquals(200_000, crash.point().atNs());

        // a choice made while there is no point applies to the next one
        crash.clear();
        crash.setCacheMode(defaults.cacheMode());
        crash.setTime(250_000);
        assertEquals(defaults.cacheMode(), crash.point().cacheMode());

        Trace b = load("sim-fsync-gate.json");
        timeline.setTrace(b);
        settle();
        crash.setCacheMode(other);
        timeline.setTrace(a);
        settle();
        crash.setTime(300_000);
        assertEquals(defaults, crash.point(), "another trace: its own defaults again");
    }
}
