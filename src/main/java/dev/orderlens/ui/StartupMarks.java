package dev.orderlens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javafx.scene.Scene;

/**
 * {@code -Dorderlens.startupMarks=true}: the app prints one line per phase of its start to stderr —
 * {@code orderlens-startup PHASE EPOCH_SECONDS CPU_SECONDS THREAD_CPU_SECONDS} (the wall clock to
 * the microsecond, the process's CPU time so far, all threads, and the marking thread's own) — so
 * that {@code scripts/bench-startup.sh} can say where the time to the first window goes
 * (docs/benchmarks.md). Off, it costs one property read.
 */
final class StartupMarks {
    private static final boolean ON = Boolean.getBoolean("orderlens.startupMarks");

    private StartupMarks() {}

    static boolean on() {
        return ON;
    }

    static void mark(String phase) {
        if (!ON) {
            return;
        }
        Instant now = Instant.now();
        double cpu =
                ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .map(d -> d.toNanos() / 1e9)
                        .orElse(Double.NaN);
        System.err.printf(
                Locale.ROOT,
                "orderlens-startup %s %d.%06d %.3f %.2f%n",
                phase,
                now.getEpochSecond(),
                now.getNano() / 1000,
                cpu,
                threadCpu());
    }

    /** The calling thread's CPU seconds (user + system) from /proc, or NaN where there is none. */
    private static double threadCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 a second on Linux)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Marks the first pulse that lays out {@code scene} after it is shown ("pulse": the frame the
     * window is mapped with follows it) and the first time the lanes have a model ("lanes").
     */
    static void watch(Scene scene, TimelineViewModel timeline) {
        if (!ON) {
            return;
        }
        Runnable[] once = new Runnable[1];
        once[0] =
                () -> {
                    if (scene.getWindow() != null && scene.getWindow().isShowing()) {
                        scene.removePostLayoutPulseListener(once[0]);
                        mark("pulse");
                    }
                };
        scene.addPostLayoutPulseListener(once[0]);
        FirstValue.whenSet(timeline.modelProperty(), m -> mark("lanes"));
    }
}
