package dev.orderlens.bench;

import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.Phase;
import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.DisplayList;
import dev.orderlens.layout.Highlight;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.LatencyHistogram;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.OverviewRenderer;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.layout.TimelineRenderer;
import dev.orderlens.layout.Viewport;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.ui.FxPainter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;

/**
 * Frame times of the timeline on a synthetic trace of N requests (default 1,000,000), with the
 * software pipeline: the layout draws a frame into a {@link DisplayList} (what the app does off the
 * FX thread), the frame is replayed into a JavaFX {@link Canvas} through {@link FxPainter} on the
 * FX thread, and a snapshot of the canvas forces the software rasteriser to draw every pixel.
 * Headless: Monocle, prism.order=sw. Also measures the time from an imported trace to its first
 * frame, and (issue 8) the frames with the lanes' queue-depth tracks and with a latency histogram
 * bucket highlighted. Run: {@code scripts/bench.sh TimelineBenchmark [N]}. Not a test: figures go
 * to docs/benchmarks.md.
 */
public final class TimelineBenchmark {
    private static final double WIDTH = 1600;
    private static final double HEIGHT = 900;
    private static final int REPS = 30;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();

        Path file = Files.createTempFile("orderlens-timeline-bench", ".json");
        try {
            JsonTraceWriter.write(ModelBenchmark.synthetic(n, 42), file);
            long i0 = System.nanoTime();
            Trace t = TraceLoader.load(file);
            long importNs = System.nanoTime() - i0;
            Canvas canvas = onFx(() -> new Canvas(WIDTH, HEIGHT));
            Canvas overviewCanvas = onFx(() -> new Canvas(WIDTH, 46));
            onFx(
                    () -> {
                        FxPainter.prime();
                        return null;
                    });

            // import done → first frame on screen (before the analysis: highlights come second)
            long f0 = System.nanoTime();
            TimelineModel first = TimelineModel.build(t, null, RequestFilter.ALL);
            LaneLayout firstLayout = new LaneLayout(first, LaneView.DEFAULT, Metrics.DEFAULT);
            RenderSpec firstSpec = spec(firstLayout, t.startNs(), t.endNs());
            DisplayList firstFrame = frame(firstSpec);
            paint(canvas, firstFrame);
            DisplayList overview = new DisplayList(FxPainter.MEASURE);
            OverviewRenderer.paint(
                    overview,
                    first,
                    Metrics.DEFAULT.gutterWidth(),
                    WIDTH - Metrics.DEFAULT.gutterWidth(),
                    46,
                    t.startNs(),
                    t.endNs(),
                    Palette.LIGHT);
            paint(overviewCanvas, overview.seal());
            long firstFrameNs = System.nanoTime() - f0;
            long a0 = System.nanoTime();
            OrderingFindings findings = OrderingAnalysis.analyze(t);
            long analysisNs = System.nanoTime() - a0;
            long m0 = System.nanoTime();
            TimelineModel model = TimelineModel.build(t, findings, RequestFilter.ALL);
            long modelNs = System.nanoTime() - m0;
            LaneLayout layout = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);

            System.out.printf(
                    Locale.ROOT,
                    "requests              %,d (%,d bands: layer headers and packed rows)%n",
                    n,
                    layout.bands().size());
            System.out.printf(Locale.ROOT, "import (JSON read)    %.0f ms%n", importNs / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "first frame           %.0f ms after import (model without findings, lanes and overview"
                            + " frames, paint)%n",
                    firstFrameNs / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "analysis              %.0f ms, model with findings %.0f ms (highlights appear after this)%n",
                    analysisNs / 1e6,
                    modelNs / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "layout memory         %.1f bytes/request (packed rows, levels of detail, links)%n",
                    model.retainedBytes() / (double) n);

            long span = t.endNs() - t.startNs();
            long mid = t.startNs() + span / 2;
            measure(
                    "full zoom-out",
                    canvas,
                    layout,
                    t.startNs() - span / 50,
                    t.endNs() + span / 50);
            measure("mid zoom (1% of trace)", canvas, layout, mid, mid + span / 100);
            measure("deep zoom (0.01%)", canvas, layout, mid, mid + span / 10_000);
            System.out.printf(
                    Locale.ROOT,
                    "readback baseline     %.1f ms (snapshot of a canvas holding one rectangle; part of every paint)%n",
                    readbackMs(canvas));

            // issue 8's views on the timeline: queue-depth tracks above the lanes, a histogram
            // bucket highlighted
            long d0 = System.nanoTime();
            DepthTracks depth = DepthTracks.of(t);
            long depthNs = System.nanoTime() - d0;
            long s0 = System.nanoTime();
            LatencyStats stats = LatencyStats.of(t);
            long statsNs = System.nanoTime() - s0;
            DeviceStats guest = stats.devices().get(0);
            long h0 = System.nanoTime();
            LatencyHistogram hist = LatencyHistogram.of(guest.samples(Phase.Q2C));
            long histNs = System.nanoTime() - h0;
            int biggest = 0;
            for (int b = 0; b < hist.size(); b++) {
                biggest = hist.count(b) > hist.count(biggest) ? b : biggest;
            }
            long r0 = System.nanoTime();
            Highlight highlight = Highlight.of(hist.rows(biggest), "Q2C " + hist.label(biggest));
            long rowsNs = System.nanoTime() - r0;
            System.out.printf(
                    Locale.ROOT,
                    "depth tracks          %.0f ms (every lane, in flight and scheduler), LatencyStats %.0f ms: once per trace,"
                            + " on the stats worker%n",
                    depthNs / 1e6,
                    statsNs / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "histogram             %.0f ms (Q2C of %s, %,d samples); its biggest bucket's rows as a highlight %.0f ms (%,d rows)%n",
                    histNs / 1e6,
                    guest.device(),
                    hist.total(),
                    rowsNs / 1e6,
                    highlight.size());
            LaneLayout tracked = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT, depth);
            measure(
                    "full zoom-out, depth",
                    canvas,
                    tracked,
                    t.startNs() - span / 50,
                    t.endNs() + span / 50,
                    null);
            measure("mid zoom, depth", canvas, tracked, mid, mid + span / 100, null);
            measure("deep zoom, depth", canvas, tracked, mid, mid + span / 10_000, null);
            measure(
                    "full zoom-out, highl.",
                    canvas,
                    layout,
                    t.startNs() - span / 50,
                    t.endNs() + span / 50,
                    highlight);
            measure("mid zoom, highlight", canvas, layout, mid, mid + span / 100, highlight);
            measure(
                    "full, depth + highl.",
                    canvas,
                    tracked,
                    t.startNs() - span / 50,
                    t.endNs() + span / 50,
                    highlight);
            System.out.printf(
                    Locale.ROOT,
                    "depth strips alone    %.2f ms a frame at full zoom-out (%,d lanes, %,d depth steps; bins + draw calls)%n",
                    stripsMs(depth, tracked, t.startNs() - span / 50, t.endNs() + span / 50),
                    t.lanes().size(),
                    steps(depth));
            System.out.println(
                    "(frame = layout into a display list off the FX thread; paint = replay into the canvas"
                            + " + snapshot, i.e. software rasterisation and readback, on the FX thread; 1600x900, medians of "
                            + REPS
                            + ")");
        } finally {
            Files.deleteIfExists(file);
            Platform.exit();
        }
    }

    private static RenderSpec spec(LaneLayout layout, long start, long end) {
        return spec(layout, start, end, null);
    }

    private static RenderSpec spec(LaneLayout layout, long start, long end, Highlight highlight) {
        return new RenderSpec(
                layout,
                new Viewport(start, end, WIDTH, HEIGHT, 0),
                Palette.LIGHT,
                Time.NONE,
                -1,
                null,
                highlight);
    }

    private static DisplayList frame(RenderSpec spec) {
        DisplayList list = new DisplayList(FxPainter.MEASURE);
        TimelineRenderer.paint(list, spec);
        return list.seal();
    }

    private static WritableImage target;

    private static void paint(Canvas canvas, DisplayList frame) throws Exception {
        onFx(
                () -> {
                    frame.replay(new FxPainter(canvas.getGraphicsContext2D()));
                    if (target == null
                            || target.getWidth() != canvas.getWidth()
                            || target.getHeight() != canvas.getHeight()) {
                        target = null;
                    }
                    target = canvas.snapshot(null, target);
                    return target.getPixelReader().getArgb(0, 0);
                });
    }

    /**
     * Snapshot of a canvas holding one rectangle: the readback cost included in every paint figure.
     */
    private static double readbackMs(Canvas canvas) throws Exception {
        double[] t = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            long s = System.nanoTime();
            onFx(
                    () -> {
                        canvas.getGraphicsContext2D().fillRect(0, 0, WIDTH, HEIGHT);
                        target = canvas.snapshot(null, target);
                        return null;
                    });
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        return median(t);
    }

    private static void measure(String name, Canvas canvas, LaneLayout layout, long start, long end)
            throws Exception {
        measure(name, canvas, layout, start, end, null);
    }

    private static void measure(
            String name,
            Canvas canvas,
            LaneLayout layout,
            long start,
            long end,
            Highlight highlight)
            throws Exception {
        RenderSpec spec = spec(layout, start, end, highlight);
        System.gc(); // a collection left over from building the last figure's data must not land
        // in this one
        Thread.sleep(100);
        for (int i = 0; i < 5; i++) {
            paint(canvas, frame(spec)); // warm-up
        }
        double[] build = new double[REPS];
        double[] paint = new double[REPS];
        int ops = 0;
        for (int i = 0; i < REPS; i++) {
            long b0 = System.nanoTime();
            DisplayList f = frame(spec);
            long b1 = System.nanoTime();
            paint(canvas, f);
            long b2 = System.nanoTime();
            build[i] = (b1 - b0) / 1e6;
            paint[i] = (b2 - b1) / 1e6;
            ops = f.size();
        }
        System.out.printf(
                Locale.ROOT,
                "%-22s frame %5.1f ms  paint %5.1f ms  total %5.1f ms  (best %5.1f; %,d draw calls)%n",
                name,
                median(build),
                median(paint),
                median(sum(build, paint)),
                min(sum(build, paint)),
                ops);
    }

    /** Median time to reduce every lane's depth series to pixel columns and record the strips. */
    private static double stripsMs(DepthTracks depth, LaneLayout layout, long start, long end) {
        dev.orderlens.layout.TimeScale scale = spec(layout, start, end).scale();
        double[] ms = new double[REPS];
        for (int i = 0; i < REPS + 5; i++) {
            DisplayList list = new DisplayList(FxPainter.MEASURE);
            long s = System.nanoTime();
            for (int lane = 0; lane < depth.lanes(); lane++) {
                dev.orderlens.layout.DepthStrip.paint(
                        list, Palette.LIGHT, depth, lane, scale, 0, 16);
            }
            if (i >= 5) {
                ms[i - 5] = (System.nanoTime() - s) / 1e6;
            }
        }
        return median(ms);
    }

    private static long steps(DepthTracks depth) {
        long n = 0;
        for (int lane = 0; lane < depth.lanes(); lane++) {
            n += depth.inFlight(lane).depth().size() + depth.scheduler(lane).depth().size();
        }
        return n;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        FutureTask<T> task = new FutureTask<>(c);
        Platform.runLater(task);
        return task.get();
    }
}
