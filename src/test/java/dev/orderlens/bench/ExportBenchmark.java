package dev.orderlens.bench;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.export.AnalysisJson;
import dev.orderlens.export.CsvExport;
import dev.orderlens.export.Exports;
import dev.orderlens.export.HtmlReport;
import dev.orderlens.export.Java2dPainter;
import dev.orderlens.export.TimelinePicture;
import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.layout.DisplayList;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.layout.TimelineRenderer;
import dev.orderlens.layout.Viewport;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What exports cost on a synthetic trace of N requests (default 1,000,000; {@link
 * ModelBenchmark#synthetic}): a timeline frame with and without the crash overlay (the overlay
 * reads one state per visible request to show the worst state per pixel), and each export of the
 * whole trace with a crash point in the middle. Headless (Java2D, no display). Run: {@code
 * scripts/bench.sh ExportBenchmark [N]}. Not a test: figures go to docs/benchmarks.md.
 */
public final class ExportBenchmark {
    private static final int REPS = 20;

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Trace t = ModelBenchmark.synthetic(n, 42);
        OrderingFindings findings = OrderingAnalysis.analyze(t);
        CrashAnalysis analysis = CrashAnalysis.of(t);
        CrashResult crash =
                analysis.at(analysis.defaultPoint(t.startNs() + (t.endNs() - t.startNs()) / 2));
        TimelineModel model = TimelineModel.build(t, findings, RequestFilter.ALL);
        LaneLayout layout = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
        CrashOverlay overlay = Exports.overlay(crash);
        long span = t.endNs() - t.startNs();
        System.out.printf(
                Locale.ROOT,
                "requests              %,d (%,d bands, lanes %.0f px tall)%n",
                n,
                layout.bands().size(),
                layout.contentHeight());

        for (long[] w :
                new long[][] {
                    {t.startNs() - span / 50, t.endNs() + span / 50},
                    {t.startNs() + span / 2, t.startNs() + span / 2 + span / 100}
                }) {
            String name = w[1] - w[0] > span ? "full zoom-out" : "1% of the trace";
            // the whole lanes (every row visible), as an export draws them; plain and marked frames
            // alternate
            double h = Metrics.DEFAULT.rulerHeight() + layout.contentHeight();
            double[] ms =
                    frameMs(
                            new RenderSpec(
                                    layout,
                                    new Viewport(w[0], w[1], 1600, h, 0),
                                    Palette.LIGHT,
                                    Time.NONE,
                                    -1,
                                    null,
                                    null),
                            new RenderSpec(
                                    layout,
                                    new Viewport(w[0], w[1], 1600, h, 0),
                                    Palette.LIGHT,
                                    Time.NONE,
                                    -1,
                                    overlay,
                                    null));
            double plain = ms[0];
            double marked = ms[1];
            System.out.printf(
                    Locale.ROOT,
                    "frame %-16s %5.1f ms plain, %5.1f ms with crash states (1600 px wide, all rows, median of %d)%n",
                    name,
                    plain,
                    marked,
                    REPS);
        }

        Path dir = Files.createTempDirectory("orderlens-export-bench");
        try {
            long[] whole = TimelinePicture.wholeTrace(t);
            TimelinePicture.View view =
                    new TimelinePicture.View(
                            layout,
                            whole[0],
                            whole[1],
                            1600,
                            Palette.LIGHT,
                            Time.NONE,
                            -1,
                            overlay,
                            Exports.title(t));
            time(
                    "PNG whole trace x1",
                    dir.resolve("t.png"),
                    p -> TimelinePicture.writePng(view, 1, p));
            time(
                    "PNG whole trace x2",
                    dir.resolve("t2.png"),
                    p -> TimelinePicture.writePng(view, 2, p));
            time("SVG whole trace", dir.resolve("t.svg"), p -> TimelinePicture.writeSvg(view, p));
            time(
                    "requests CSV",
                    dir.resolve("r.csv"),
                    p -> CsvExport.requests(t, findings, p, Progress.NONE));
            time(
                    "crash CSV",
                    dir.resolve("c.csv"),
                    p -> CsvExport.crashOutcomes(CrashReport.of(crash, findings), p));
            time(
                    "analysis JSON",
                    dir.resolve("a.json"),
                    p ->
                            new AnalysisJson(
                                            t,
                                            findings,
                                            CrashReport.of(crash, findings),
                                            AnalysisJson.Options.DEFAULT)
                                    .write(p));
            time(
                    "HTML report",
                    dir.resolve("r.html"),
                    p ->
                            HtmlReport.write(
                                    Exports.report(
                                            t,
                                            findings,
                                            CrashReport.of(crash, findings),
                                            view,
                                            Time.NONE,
                                            Time.NONE,
                                            p,
                                            "bench"),
                                    p));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        System.out.println(
                "(exports: one run each, wall-clock, writing to a temporary directory; text measured with "
                        + Java2dPainter.class.getSimpleName()
                        + ")");
    }

    private interface Export {
        void write(Path p) throws Exception;
    }

    private static void time(String name, Path target, Export e) throws Exception {
        long t0 = System.nanoTime();
        e.write(target);
        long ns = System.nanoTime() - t0;
        System.out.printf(
                Locale.ROOT, "%-22s %,8.0f ms  %,12d bytes%n", name, ns / 1e6, Files.size(target));
    }

    /** Median frame times of two specs, measured alternately after a warm-up of both. */
    private static double[] frameMs(RenderSpec a, RenderSpec b) {
        double[][] ms = new double[2][REPS];
        RenderSpec[] specs = {a, b};
        for (int i = -5; i < REPS; i++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                DisplayList list = new DisplayList(Java2dPainter.MEASURE);
                TimelineRenderer.paint(list, specs[k]);
                if (i >= 0) {
                    ms[k][i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms[0]);
        Arrays.sort(ms[1]);
        return new double[] {ms[0][REPS / 2], ms[1][REPS / 2]};
    }
}
