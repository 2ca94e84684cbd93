package dev.orderlens.ui;

import dev.orderlens.model.Trace;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's first and second open of a large trace with the trace cache, timed to the first frame
 * of lanes painted for it: not part of the default run (surefire runs {@code *Test} classes only),
 * it prints its figures. Run:
 *
 * <pre>
 * mvn -o -q test -Dtest=CacheOpenBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dorderlens.bench.trace=/var/tmp/orderlens-bench/blk-1M-req.blkparse.txt
 * </pre>
 *
 * The cache goes to a fresh temporary directory; between the two opens the benchmark waits for the
 * cache file the first open writes once its lanes are shown.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class CacheOpenBenchmark {
    private MainWindow window;
    private Path cacheDir;

    @Start
    void start(Stage stage) throws Exception {
        cacheDir = Files.createTempDirectory("orderlens-cache-bench");
        System.clearProperty("orderlens.cache");
        System.setProperty("orderlens.cacheDir", cacheDir.toString());
        window = new MainWindow(stage, ScratchPrefs.create());
        stage.setWidth(1600);
        stage.setHeight(900);
        stage.show();
    }

    @Test
    void openTwice(FxRobot robot) throws Exception {
        Path file =
                Path.of(
                        System.getProperty(
                                "orderlens.bench.trace",
                                "/var/tmp/orderlens-bench/blk-1M-req.blkparse.txt"));
        Assumptions.assumeTrue(Files.isRegularFile(file), "no trace at " + file);
        try {
            Trace first = timedOpen(robot, file, "first open (import)", null);
            long waitFrom = System.nanoTime();
            WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> entries() == 1);
            System.out.printf(
                    Locale.ROOT,
                    "cache file written %.2f s after the lanes were painted%n",
                    (System.nanoTime() - waitFrom) / 1e9);
            timedOpen(robot, file, "second open (cache)", first);
        } finally {
            System.setProperty("orderlens.cache", "off");
            System.clearProperty("orderlens.cacheDir");
            try (Stream<Path> files = Files.list(cacheDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(cacheDir);
        }
    }

    private long entries() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.toString().endsWith(".trace-cache")).count();
        }
    }

    /** Opens the file and waits for a frame of its lanes; prints wall and the app's CPU. */
    private Trace timedOpen(FxRobot robot, Path file, String what, Trace previous)
            throws Exception {
        TimelineViewModel vm = window.timeline();
        TimelineView lanes = window.lanes();
        long cpu0 = processCpuNs();
        long t0 = System.nanoTime();
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(
                900,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != null
                                && vm.trace() != previous
                                && vm.model() != null
                                && lanes.paintedSpec() != null
                                && lanes.paintedSpec().layout().model() == vm.model());
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNs() - cpu0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%s: %,d requests, lanes painted after %.2f s wall, %.2f s CPU (all the app's"
                        + " threads)%n",
                what,
                vm.trace().requests().size(),
                wall,
                cpu);
        return vm.trace();
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
