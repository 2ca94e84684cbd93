package dev.orderlens.bench;

import dev.orderlens.layout.Palette;
import dev.orderlens.layout.SectorPlot;
import dev.orderlens.layout.SectorPlotRenderer;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.ui.FxPainter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;

/**
 * Frame times of the sector plot (iowatcher's views) on a synthetic trace of N requests (default
 * 1,000,000): binning the window by pixel ({@link SectorPlot#frame}), then painting it through the
 * renderer onto a JavaFX canvas with {@link FxPainter} plus a snapshot that forces the software
 * rasteriser to draw every pixel (Monocle, prism.order=sw) — what the Sectors tab does on the FX
 * thread. Wall and CPU time (the thread's own), since the machine may be shared. Run: {@code
 * scripts/bench.sh SectorPlotBenchmark [N]}. Not a test: figures go to docs/benchmarks.md.
 */
public final class SectorPlotBenchmark {
    private static final int COLUMNS = 1450;
    private static final double HEIGHT = 900;
    private static final int REPS = 20;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Trace t = ModelBenchmark.synthetic(n, 42);
        long o0 = System.nanoTime();
        SectorPlot plot = SectorPlot.of(t);
        long ofNs = System.nanoTime() - o0;
        int rows = SectorPlotRenderer.rowsFor(HEIGHT, plot.lanes().size());
        System.out.printf(
                Locale.ROOT,
                "requests %,d in %d lanes; SectorPlot.of (sector ranges, once per trace) %.1f ms;"
                        + " %d columns × %d rows per lane%n",
                n,
                plot.lanes().size(),
                ofNs / 1e6,
                COLUMNS,
                rows);
        Canvas canvas = onFx(() -> new Canvas(SectorPlotRenderer.GUTTER + COLUMNS, 200));
        onFx(
                () -> {
                    FxPainter.prime();
                    return null;
                });
        long span = t.endNs() - t.startNs();
        long mid = t.startNs() + span / 2;
        measure("whole trace", plot, canvas, t.startNs(), t.endNs() + 1, rows);
        measure("1% of the trace", plot, canvas, mid, mid + span / 100, rows);
        measure("0.01% of the trace", plot, canvas, mid, mid + span / 10_000, rows);
        Platform.exit();
    }

    private static void measure(
            String what, SectorPlot plot, Canvas canvas, long start, long end, int rows)
            throws Exception {
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        double[] bin = new double[REPS];
        double[] binCpu = new double[REPS];
        double[] fx = new double[REPS];
        double[] fxCpu = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long b0 = System.nanoTime();
            SectorPlot.Frame f = plot.frame(start, end, COLUMNS, rows);
            long b1 = System.nanoTime();
            binCpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            double h = SectorPlotRenderer.height(f);
            double[] cpu = new double[1];
            onFx(
                    () -> {
                        long d0 = mx.getCurrentThreadCpuTime();
                        canvas.setHeight(h);
                        SectorPlotRenderer.paint(
                                new FxPainter(canvas.getGraphicsContext2D()),
                                f,
                                Palette.LIGHT,
                                Time.NONE);
                        int argb = canvas.snapshot(null, null).getPixelReader().getArgb(0, 0);
                        cpu[0] = (mx.getCurrentThreadCpuTime() - d0) / 1e6;
                        return argb;
                    });
            long b2 = System.nanoTime();
            bin[i] = (b1 - b0) / 1e6;
            fx[i] = (b2 - b1) / 1e6;
            fxCpu[i] = cpu[0];
        }
        double[] total = new double[REPS];
        double[] totalCpu = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            total[i] = bin[i] + fx[i];
            totalCpu[i] = binCpu[i] + fxCpu[i];
        }
        System.out.printf(
                Locale.ROOT,
                "%-20s bin p50 %6.1f ms (CPU %5.1f)  paint+snapshot on FX p50 %6.1f ms (CPU %5.1f)"
                        + "  total p50 %6.1f ms (CPU %5.1f), max %6.1f ms (CPU %5.1f)%n",
                what,
                median(bin),
                median(binCpu),
                median(fx),
                median(fxCpu),
                median(total),
                median(totalCpu),
                Arrays.stream(total).max().orElse(0),
                Arrays.stream(totalCpu).max().orElse(0));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        FutureTask<T> task = new FutureTask<>(c);
        Platform.runLater(task);
        return task.get();
    }
}
