package dev.orderlens.bench;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.StateTimeline;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.Sequence;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the app holds for an opened trace, stage by stage, as heap after full GCs per request: the
 * imported trace, then the lanes (ordering findings, the timeline model and every row's levels of
 * detail), the crash preparation, the state timeline the crash marker's drag looks states up in,
 * the statistics and the queue-depth tracks. Each stage is kept while the next is measured, as in
 * the app once every view has been shown.
 *
 * <p>Run: {@code scripts/bench.sh AppMemoryBenchmark FILE} (e.g. the 1 M-request file of
 * scripts/bench-e2e.sh, /var/tmp/orderlens-bench/blk-1M-req.blkparse.txt).
 */
public final class AppMemoryBenchmark {
    private AppMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long base = ModelBenchmark.usedAfterGc();
        Trace t = TraceLoader.load(file);
        int n = t.requests().size();
        long trace = ModelBenchmark.usedAfterGc();
        OrderingFindings findings = OrderingAnalysis.analyze(t);
        TimelineModel model = TimelineModel.build(t, findings, RequestFilter.ALL);
        for (TimelineModel.LayerLanes layer : model.layers()) {
            for (TimelineModel.SubLane lane : layer.subLanes()) {
                for (Sequence row : lane.rows()) {
                    row.lod(); // built on the first frame that shows the row
                }
            }
        }
        long lanes = ModelBenchmark.usedAfterGc();
        CrashAnalysis crash = CrashAnalysis.of(t);
        long prepared = ModelBenchmark.usedAfterGc();
        // built when the first crash point is dropped, for the marker's drag (ADR 0241)
        StateTimeline timeline =
                StateTimeline.of(crash, crash.defaultKind(), crash.defaultCacheModes());
        long withTimeline = ModelBenchmark.usedAfterGc();
        LatencyStats stats = LatencyStats.of(t);
        long withStats = ModelBenchmark.usedAfterGc();
        DepthTracks depth = DepthTracks.of(t, stats); // as StatsPane.prepare
        long withDepth = ModelBenchmark.usedAfterGc();
        System.out.printf(
                Locale.ROOT,
                "%s: %,d requests, max heap %d MB%n",
                file,
                n,
                Runtime.getRuntime().maxMemory() >> 20);
        print("trace (imported)", trace - base, n);
        print("+ lanes (findings, model, levels of detail)", lanes - trace, n);
        print("+ crash preparation", prepared - lanes, n);
        print("+ state timeline (crash marker drag)", withTimeline - prepared, n);
        print("+ statistics", withStats - withTimeline, n);
        print("+ queue-depth tracks", withDepth - withStats, n);
        print("all of it", withDepth - base, n);
        // keep everything reachable until the last measurement
        if (model.layers().isEmpty()
                && crash == null
                && timeline == null
                && stats == null
                && depth == null) {
            System.out.println();
        }
    }

    private static void print(String what, long bytes, int n) {
        System.out.printf(
                Locale.ROOT,
                "%-45s %8.1f MB %7.1f bytes/request%n",
                what,
                bytes / 1e6,
                bytes / (double) n);
    }
}
