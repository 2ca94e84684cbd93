package dev.orderlens.ui;

import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The crash marker dragged in the real window on a large trace, timed: not part of the default run
 * (surefire runs {@code *Test} classes only), it prints its figures. Run:
 *
 * <pre>
 * mvn -o -q test -Dtest=LiveDragBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dorderlens.bench.trace=/var/tmp/orderlens-bench/json-1M-req.json
 * </pre>
 *
 * (generate the file with {@code scripts/bench.sh GenerateBenchTraces json 1000000 FILE 42}, as
 * {@code scripts/bench-e2e.sh} does). Measured: the first crash answer after the import (a point
 * dropped the moment the trace is shown: analysis preparation + first query), the state timeline's
 * preparation, a drag of {@code orderlens.bench.moves} mouse events at 60 Hz across the lanes — for
 * each event, the time until a frame is painted whose colours were computed for that position or a
 * later one (p50/p99/max), and how many coloured frames a second were painted — and the time from
 * releasing the mouse until the crash pane's block map and at-risk table show the final point.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class LiveDragBenchmark {
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new MainWindow(stage, ScratchPrefs.create());
        stage.setWidth(1600);
        stage.setHeight(900);
        stage.show();
    }

    @Test
    void dragTheCrashMarker(FxRobot robot) throws Exception {
        Path file =
                Path.of(
                        System.getProperty(
                                "orderlens.bench.trace",
                                "/var/tmp/orderlens-bench/json-1M-req.json"));
        Assumptions.assumeTrue(Files.isRegularFile(file), "no trace at " + file);
        int moves = Integer.getInteger("orderlens.bench.moves", 180);
        TimelineViewModel vm = window.timeline();
        CrashViewModel crash = window.explorer().crash();
        TimelineView lanes = window.lanes();

        // the first crash point is dropped the moment the trace is shown
        long[] shownAt = {0};
        long[] firstAnswerAt = {0};
        long[] timelineAt = {0};
        Map<String, Long> atFirstAnswer = new java.util.concurrent.ConcurrentHashMap<>();
        robot.interact(
                () -> {
                    vm.traceProperty()
                            .addListener(
                                    (o, a, t) -> {
                                        if (t != null) {
                                            shownAt[0] = System.nanoTime();
                                            crash.setTime(
                                                    t.startNs() + (t.endNs() - t.startNs()) / 10);
                                        }
                                    });
                    crash.countsProperty()
                            .addListener(
                                    (o, a, b) -> {
                                        if (b != null && firstAnswerAt[0] == 0) {
                                            firstAnswerAt[0] = System.nanoTime();
                                            atFirstAnswer.putAll(threadCpuMs());
                                        }
                                    });
                });
        double loadAtStart = loadAverage();
        long importStart = System.nanoTime();
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> shownAt[0] != 0);
        double importS = (shownAt[0] - importStart) / 1e9;
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> firstAnswerAt[0] != 0);
        WaitForAsyncUtils.waitFor(
                600,
                TimeUnit.SECONDS,
                () -> {
                    if (crash.timelineReady() && timelineAt[0] == 0) {
                        timelineAt[0] = System.nanoTime();
                    }
                    return timelineAt[0] != 0
                            && vm.findingsProperty().get() != null
                            && !vm.busyProperty().get()
                            && crash.result() != null
                            && lanes.paintedSpec() != null;
                });
        WaitForAsyncUtils.waitForFxEvents();
        System.out.println("thread CPU ms at the first crash answer:" + format(atFirstAnswer));
        Map<String, Long> beforeDrag = threadCpuMs();
        System.out.println("thread CPU ms after preparing:" + format(beforeDrag));
        Trace trace = vm.trace();
        System.out.printf(
                Locale.ROOT,
                "trace %s: %,d requests%n"
                        + "import until the lanes' trace is set: %.2f s%n"
                        + "first crash answer after the trace is shown: %.0f ms%n"
                        + "state timeline ready after the trace is shown: %.0f ms (or earlier)%n",
                file.getFileName(),
                trace.requests().size(),
                importS,
                (firstAnswerAt[0] - shownAt[0]) / 1e6,
                (timelineAt[0] - shownAt[0]) / 1e6);

        // the drag: mouse events at 60 Hz from the left of the lanes to the right
        Canvas canvas = lanes.canvas();
        double gutter = vm.metrics().gutterWidth();
        // within the trace: past its end no state changes, and an unchanged frame is not repainted
        double x0 = Math.max(gutter + 20, vm.scale().x(trace.startNs()) + 10);
        double x1 = Math.min(canvas.getWidth() - 20, vm.scale().x(trace.endNs()) - 10);
        double y = Math.min(200, canvas.getHeight() / 2);
        long[] eventAt = new long[moves];
        long[] eventNs = new long[moves];
        long[] answeredAt = new long[moves];
        Map<byte[], Long> computedFor = new IdentityHashMap<>();
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<Long> colouredFrames = new ArrayList<>();
        robot.interact(
                () -> {
                    window.explorer().pane().tool.setSelected(true);
                    crash.overlayProperty()
                            .addListener(
                                    (o, a, b) -> {
                                        if (b != null && b.writeStates() != null) {
                                            computedFor.putIfAbsent(
                                                    b.writeStates(), crash.statesAtNs());
                                        }
                                    });
                    lanes.setOnPainted(
                            spec -> {
                                CrashOverlay c = spec.crash();
                                Long at = c == null ? null : computedFor.get(c.writeStates());
                                if (at == null) {
                                    return;
                                }
                                if (c.equals(crash.overlayProperty().get())) {
                                    // newer states equal to these were not a change to repaint
                                    at = Math.max(at, crash.statesAtNs());
                                }
                                long now = System.nanoTime();
                                int k = answered.get();
                                int n = fired.get();
                                boolean any = false;
                                while (k < n && eventNs[k] <= at) {
                                    answeredAt[k++] = now;
                                    any = true;
                                }
                                answered.set(k);
                                if (any) {
                                    colouredFrames.add(now);
                                }
                            });
                    Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_PRESSED, canvas, x0, y));
                });
        WaitForAsyncUtils.waitForFxEvents();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long dragStart = System.nanoTime();
        for (int i = 0; i < moves; i++) {
            int k = i;
            double x = x0 + (x1 - x0) * (i + 1) / moves;
            clock.schedule(
                    () ->
                            Platform.runLater(
                                    () -> {
                                        eventAt[k] = System.nanoTime();
                                        Event.fireEvent(
                                                canvas,
                                                mouse(MouseEvent.MOUSE_DRAGGED, canvas, x, y));
                                        CrashPoint p = crash.point();
                                        eventNs[k] = p.atNs();
                                        fired.incrementAndGet();
                                    }),
                    i * 1_000_000_000L / 60,
                    TimeUnit.NANOSECONDS);
        }
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fired.get() == moves);
        long dragEnd = System.nanoTime();
        long[] releasedAt = {0};
        CrashPoint[] last = {null};
        robot.interact(
                () -> {
                    Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_RELEASED, canvas, x1, y));
                    releasedAt[0] = System.nanoTime();
                    last[0] = crash.point();
                });
        clock.shutdown();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (answered.get() < moves && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        if (answered.get() < moves) {
            System.out.printf(
                    Locale.ROOT,
                    "NOT ANSWERED: %d of %d events after 180 s; lookups %d, queries %d, frames"
                            + " painted %d, states computed for %d ns, last event at %d ns%n",
                    answered.get(),
                    moves,
                    crash.lookups(),
                    crash.queries(),
                    lanes.framesPainted(),
                    crash.statesAtNs(),
                    eventNs[moves - 1]);
            return;
        }
        long lastEventAt = eventAt[moves - 1];
        // the block map and at-risk table of the final point
        long[] detailsAt = {0};
        WaitForAsyncUtils.waitFor(
                300,
                TimeUnit.SECONDS,
                () -> {
                    CrashPane.Details d = window.explorer().pane().detailsProperty().get();
                    if (d != null
                            && d.report().result().point().equals(last[0])
                            && detailsAt[0] == 0) {
                        detailsAt[0] = System.nanoTime();
                    }
                    return detailsAt[0] != 0;
                });
        double[] latencyMs = new double[moves];
        for (int i = 0; i < moves; i++) {
            latencyMs[i] = (answeredAt[i] - eventAt[i]) / 1e6;
        }
        Arrays.sort(latencyMs);
        double dragS = (dragEnd - dragStart) / 1e9;
        long framesInDrag = colouredFrames.stream().filter(t -> t <= lastEventAt).count();
        System.out.printf(
                Locale.ROOT,
                "drag: %d mouse events at 60 Hz over %.2f s, %d frames with new colours (%.1f/s"
                        + " during the drag)%n"
                        + "mouse event -> frame coloured for it: p50 %.1f ms, p90 %.1f ms, p99 %.1f"
                        + " ms, max %.1f ms%n"
                        + "frames: %d looked up, %d full queries shown%n"
                        + "release -> block map and at-risk table of the final point: %.0f ms%n"
                        + "at-risk rows: %,d%n",
                moves,
                dragS,
                colouredFrames.size(),
                framesInDrag / ((lastEventAt - eventAt[0]) / 1e9),
                pct(latencyMs, 50),
                pct(latencyMs, 90),
                pct(latencyMs, 99),
                latencyMs[moves - 1],
                crash.lookups(),
                crash.queries(),
                (detailsAt[0] - releasedAt[0]) / 1e6,
                window.explorer().pane().detailsProperty().get().atRisk().size());
        Map<String, Long> atEnd = threadCpuMs();
        System.out.println("thread CPU ms at the end:" + format(atEnd));
        Map<String, Long> drag = new java.util.LinkedHashMap<>();
        atEnd.forEach((name, ms) -> drag.put(name, ms - beforeDrag.getOrDefault(name, 0L)));
        System.out.println("thread CPU ms of the drag, release and details:" + format(drag));
        System.out.printf(
                Locale.ROOT,
                "load average (1 min, %d cores): %.1f at the start, %.1f at the end%n",
                Runtime.getRuntime().availableProcessors(),
                loadAtStart,
                loadAverage());
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
    }

    /**
     * CPU time of each of the window's threads so far (ms), to read wall times on a busy machine.
     */
    private static Map<String, Long> threadCpuMs() {
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (java.lang.management.ThreadInfo info : mx.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            if (name.startsWith("orderlens-") || name.startsWith("JavaFX Application")) {
                out.put(name, mx.getThreadCpuTime(info.getThreadId()) / 1_000_000);
            }
        }
        return out;
    }

    private static String format(Map<String, Long> cpuMs) {
        StringBuilder sb = new StringBuilder();
        cpuMs.forEach((name, ms) -> sb.append(' ').append(name).append('=').append(ms));
        return sb.toString();
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static MouseEvent mouse(
            javafx.event.EventType<MouseEvent> type, Canvas canvas, double x, double y) {
        javafx.geometry.Point2D screen = canvas.localToScreen(x, y);
        return new MouseEvent(
                type,
                x,
                y,
                screen.getX(),
                screen.getY(),
                MouseButton.PRIMARY,
                1,
                false,
                false,
                false,
                false,
                type != MouseEvent.MOUSE_RELEASED,
                false,
                false,
                false,
                false,
                false,
                null);
    }
}
