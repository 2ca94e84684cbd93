package dev.orderlens.ui;

import dev.orderlens.layout.RenderSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A large trace opened in the real window (headless), stage by stage, timed and weighed: not part
 * of the default run (surefire runs {@code *Test} classes only), it prints its figures. Run:
 *
 * <pre>
 * mvn -o -q test -Dtest=AppOpenBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dorderlens.testHeap=4g \
 *     -Dorderlens.bench.trace=/var/tmp/orderlens-bench/blk-10M-req.blkparse.txt
 * </pre>
 *
 * Printed: the wall time from File → Open until the import ends, until the first frame of lanes is
 * painted, until the ordering findings, the crash preparation and the drag's state timeline are
 * ready; the heap after full collections per request once those are held and again once the Stats
 * tab has computed the statistics (or the one line it shows instead, e.g. out of memory); the CPU
 * time of each of the window's threads. Wall times on a shared machine are figures of its load:
 * read them with the CPU times and the load average.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class AppOpenBenchmark {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        stage.setWidth(1600);
        stage.setHeight(900);
        stage.show();
    }

    @Test
    void openATraceAndShowEveryView(FxRobot robot) throws Exception {
        Path file =
                Path.of(
                        System.getProperty(
                                "orderlens.bench.trace",
                                "/var/tmp/orderlens-bench/blk-1M-req.blkparse.txt"));
        Assumptions.assumeTrue(Files.isRegularFile(file), "no trace at " + file);
        TimelineViewModel vm = window.timeline();
        CrashViewModel crash = window.explorer().crash();
        long base = usedAfterGc();

        long start = System.nanoTime();
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(3600, TimeUnit.SECONDS, () -> vm.trace() != null);
        long imported = System.nanoTime();
        WaitForAsyncUtils.waitFor(
                3600,
                TimeUnit.SECONDS,
                () -> {
                    RenderSpec s = window.lanes().paintedSpec();
                    return s != null && vm.layout() != null && s.layout() == vm.layout();
                });
        long firstFrame = System.nanoTime();
        long[] findings = {0};
        long[] prepared = {0};
        long[] timeline = {0};
        WaitForAsyncUtils.waitFor(
                3600,
                TimeUnit.SECONDS,
                () -> {
                    long now = System.nanoTime();
                    if (findings[0] == 0
                            && vm.findingsProperty().get() != null
                            && !vm.busyProperty().get()) {
                        findings[0] = now;
                    }
                    if (prepared[0] == 0
                            && (crash.analysis() != null
                                    || crash.problemProperty().get() != null)) {
                        prepared[0] = now;
                    }
                    if (timeline[0] == 0
                            && (crash.timelineReady() || crash.problemProperty().get() != null)) {
                        timeline[0] = now;
                    }
                    return findings[0] != 0 && prepared[0] != 0 && timeline[0] != 0;
                });
        int n = vm.trace().requests().size();
        long held = usedAfterGc();
        String cpuBeforeStats = threadCpu();

        long statsStart = System.nanoTime();
        robot.interact(window::showStats);
        WaitForAsyncUtils.waitFor(
                3600,
                TimeUnit.SECONDS,
                () ->
                        window.stats().preparedProperty().get() != null
                                || window.stats().pane().messageText().startsWith("Could not"));
        long statsDone = System.nanoTime();
        String statsProblem =
                window.stats().preparedProperty().get() != null
                        ? "shown"
                        : window.stats().pane().messageText();
        long withStats = usedAfterGc();

        System.out.printf(
                Locale.ROOT,
                "%s: %,d requests, max heap %d MiB%n"
                        + "import (File → Open until the trace is set)  %8.2f s%n"
                        + "first frame of lanes                         %8.2f s%n"
                        + "ordering findings on the lanes               %8.2f s%n"
                        + "crash preparation                            %8.2f s%s%n"
                        + "drag's state timeline                        %8.2f s%n"
                        + "heap: lanes, crash preparation, timeline     %8.1f MB %6.1f bytes/request%n"
                        + "statistics (Stats tab shown until ready)     %8.2f s: %s%n"
                        + "heap: all of it, statistics included         %8.1f MB %6.1f bytes/request%n"
                        + "thread CPU ms before the Stats tab:%s%n"
                        + "thread CPU ms at the end:%s%n",
                file.getFileName(),
                n,
                Runtime.getRuntime().maxMemory() >> 20,
                (imported - start) / 1e9,
                (firstFrame - start) / 1e9,
                (findings[0] - start) / 1e9,
                (prepared[0] - start) / 1e9,
                crash.problemProperty().get() == null
                        ? ""
                        : " (" + crash.problemProperty().get() + ")",
                (timeline[0] - start) / 1e9,
                (held - base) / 1e6,
                (held - base) / (double) n,
                (statsDone - statsStart) / 1e9,
                statsProblem,
                (withStats - base) / 1e6,
                (withStats - base) / (double) n,
                cpuBeforeStats,
                threadCpu());
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** CPU time of each of the window's threads so far (ms). */
    private static String threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo info : mx.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            if (name.startsWith("orderlens-") || name.startsWith("JavaFX Application")) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                sb.append(String.format(Locale.ROOT, " %s=%.0f", name, cpu / 1e6));
            }
        }
        return sb.toString();
    }
}
