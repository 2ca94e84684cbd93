package dev.orderlens.bench;

import dev.orderlens.layout.DisplayList;
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
 * 1,000,000): binning the window by pixel ({@link SectorPlot#frame}), drawing it through the
 * renderer into a {@link DisplayList}, and replaying that onto a JavaFX canvas with {@link
 * FxPainter} plus a snapshot that forces the software rasteriser to draw every pixel (Monocle,
 * prism.order=sw) — what the Sectors tab does on the FX thread. Run: {@code scripts/bench.sh
 * SectorPlotBenchmark [N]}. Not a test: figures go to docs/benchmarks.md.
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
        double[] bin = new double[REPS];
        double[] draw = new double[REPS];
        double[] fx = new double[REPS];
        int ops = 0;
        for (int i = 0; i < REPS; i++) {
            long b0 = System.nanoTime();
            SectorPlot.Frame f = plot.frame(start, end, COLUMNS, rows);
            long b1 = System.nanoTime();
            DisplayList list = new DisplayList(FxPainter.MEASURE);
            SectorPlotRenderer.paint(list, f, Palette.LIGHT, Time.NONE);
            list.seal();
            long b2 = System.nanoTime();
            double h = SectorPlotRenderer.height(f);
            onFx(
                    () -> {
                        canvas.setHeight(h);
                        list.replay(new FxPainter(canvas.getGraphicsContext2D()));
                        return canvas.snapshot(null, null).getPixelReader().getArgb(0, 0);
                    });
            long b3 = System.nanoTime();
            bin[i] = (b1 - b0) / 1e6;
            draw[i] = (b2 - b1) / 1e6;
            fx[i] = (b3 - b2) / 1e6;
            ops = list.size();
        }
        System.out.printf(
                Locale.ROOT,
                "%-20s bin p50 %6.1f ms  draw calls p50 %6.1f ms (%,d calls)  FX replay+snapshot p50 %6.1f"
                        + " ms  total p50 %6.1f ms, max %6.1f ms%n",
                what,
                median(bin),
                median(draw),
                ops,
                median(fx),
                median(sum(bin, draw, fx)),
                Arrays.stream(sum(bin, draw, fx)).max().orElse(0));
    }

    private static double[] sum(double[] a, double[] b, double[] c) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i] + c[i];
        }
        return s;
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
