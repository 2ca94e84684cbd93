package dev.orderlens.bench;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.export.TraceCache;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.Sequence;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trace cache on real files: the import, the cache write and the cache read (best of 3), each
 * as CPU seconds of this thread and wall seconds, and the cache file's bytes per request. Not a
 * test: figures go to docs/benchmarks.md. Run: {@code scripts/bench.sh TraceCacheBenchmark FILE...}
 * (the files are opened together as one trace; the cache goes to a fresh temporary directory).
 * Then, on the trace read back, what a second open still computes: the lanes' model, every row's
 * levels of detail, the ordering findings and the crash preparation.
 */
public final class TraceCacheBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("orderlens-cache-bench");
        try {
            List<TraceLoader.FileSpec> specs = specs(args);
            TraceCache cache = new TraceCache(dir, Long.MAX_VALUE);
            long[] t = start();
            TraceCache.Loaded imported = cache.open(specs, Progress.NONE);
            print("import", t);
            Trace trace = imported.trace();
            int requests = trace.requests().size();
            t = start();
            cache.write(imported.toWrite(), trace);
            print("write ", t);
            Path file = dir.resolve(imported.toWrite().fileName());
            long bytes = Files.size(file);
            trace = null;
            imported = null;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                t = start();
                TraceCache.Loaded read = cache.open(specs(args), Progress.NONE);
                if (!read.fromCache()) {
                    throw new IllegalStateException("the cache was not used");
                }
                best = Math.min(best, print("read  ", t));
            }
            // what a second open still computes from the trace (ADR 0360: not stored)
            Trace back = cache.read(TraceCache.keyOf(specs(args)));
            t = start();
            TimelineModel model = TimelineModel.build(back, null, RequestFilter.ALL);
            print("lanes without findings (timeline model)", t);
            t = start();
            for (TimelineModel.LayerLanes layer : model.layers()) {
                for (TimelineModel.SubLane lane : layer.subLanes()) {
                    for (Sequence row : lane.rows()) {
                        row.lod();
                    }
                }
            }
            print("levels of detail of every row", t);
            t = start();
            OrderingAnalysis.analyze(back);
            print("ordering findings", t);
            t = start();
            CrashAnalysis.of(back);
            print("crash preparation (CrashAnalysis.of)", t);
            System.out.printf(
                    Locale.ROOT,
                    "%,d requests, %,d events; cache file %,d bytes = %.1f bytes/request;"
                            + " read best %.3f s wall%n",
                    requests,
                    cache.read(cache.keyOf(specs(args))).events().size(),
                    bytes,
                    (double) bytes / Math.max(1, requests),
                    best);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<TraceLoader.FileSpec> specs(String[] args) throws Exception {
        List<TraceLoader.FileSpec> specs = new ArrayList<>();
        for (String a : args) {
            specs.add(TraceLoader.FileSpec.of(Path.of(a)));
        }
        return specs;
    }

    private static long[] start() {
        return new long[] {System.nanoTime(), CPU.getCurrentThreadCpuTime()};
    }

    /** Prints wall and CPU seconds since {@code t}; returns the wall seconds. */
    private static double print(String what, long[] t) {
        double wall = (System.nanoTime() - t[0]) / 1e9;
        double cpu = (CPU.getCurrentThreadCpuTime() - t[1]) / 1e9;
        System.out.printf(
                Locale.ROOT, "%s %.3f s wall, %.3f s CPU (this thread)%n", what, wall, cpu);
        return wall;
    }
}
