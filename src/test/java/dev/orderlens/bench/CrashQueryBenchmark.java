package dev.orderlens.bench;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Trace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Crash-point query speed on a synthetic trace of N requests (default 1,000,000; half guest
 * writes/flushes, half device requests linked to them, see {@link ModelBenchmark#synthetic}):
 * preprocessing time, the heap the analysis keeps, and query latency percentiles as a crash marker
 * is dragged across the trace — the summary (per-row states, counts, log2 states) and, separately,
 * the on-demand parts (promise violations + lost predecessors; reasons and per-sector contents for
 * a handful of rows). Wall-clock and thread CPU time are both printed: on a shared machine the
 * difference is time spent waiting for a core. Run: {@code scripts/bench.sh CrashQueryBenchmark [N]
 * [QUERIES]}. Not a test: figures go to docs/benchmarks.md.
 */
public final class CrashQueryBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Trace trace = ModelBenchmark.synthetic(n, 42);
        System.out.printf(
                Locale.ROOT,
                "requests            %,d (%,d ns span)%n",
                n,
                trace.endNs() - trace.startNs());

        long best = Long.MAX_VALUE;
        CrashAnalysis analysis = null;
        for (int i = 0; i < 3; i++) {
            analysis = null;
            System.gc();
            long s = System.nanoTime();
            analysis = CrashAnalysis.of(trace);
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf(Locale.ROOT, "preprocess (best 3) %.0f ms%n", best / 1e6);
        long before = ModelBenchmark.usedAfterGc();
        CrashAnalysis kept = CrashAnalysis.of(trace);
        long after = ModelBenchmark.usedAfterGc();
        System.out.printf(
                Locale.ROOT,
                "analysis heap       %.1f bytes/request (GC'd heap delta)%n",
                (after - before) / (double) n);
        analysis = kept;

        long start = trace.startNs();
        long span = trace.endNs() - start;
        // warm up the JIT on the same kind of work
        for (int i = 0; i < 40; i++) {
            analysis.at(point(start + span * i / 40, i)).promiseViolations();
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] summaryCpu = new long[queries];
        long[] summary = new long[queries];
        long[] withFindings = new long[queries];
        long[] details = new long[queries];
        long checksum = 0;
        for (int i = 0; i < queries; i++) {
            CrashPoint p = point(start + span * (i + 1) / (queries + 1), i);
            long c0 = cpu.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            CrashResult r = analysis.at(p);
            summary[i] = System.nanoTime() - s;
            summaryCpu[i] = cpu.getCurrentThreadCpuTime() - c0;
            s = System.nanoTime();
            checksum += r.promiseViolations().size() + r.lostPredecessors().size();
            withFindings[i] = summary[i] + System.nanoTime() - s;
            s = System.nanoTime();
            SectorContents sectors = r.sectors();
            for (int k = 0; k < 10; k++) {
                int row = (int) ((long) n * k / 10 + i) % n;
                checksum += r.reason(row).size();
                if (r.state(row) != null) {
                    checksum +=
                            sectors.candidates(
                                            sectors.domainOfRow(row), trace.requests().sector(row))
                                    .length;
                }
            }
            details[i] = System.nanoTime() - s;
            checksum += r.count(WriteState.DURABLE) + r.uncertainWrites();
        }
        System.out.printf(Locale.ROOT, "query: states+counts      %s%n", percentiles(summary));
        System.out.printf(Locale.ROOT, "  same, thread CPU time   %s%n", percentiles(summaryCpu));
        System.out.printf(
                Locale.ROOT,
                "query: + violations, lost predecessors %s%n",
                percentiles(withFindings));
        System.out.printf(Locale.ROOT, "10 reasons + 10 sectors   %s%n", percentiles(details));
        System.out.printf(
                Locale.ROOT,
                "(%d crash points across the trace, kinds/modes/tearing cycled; checksum %d)%n",
                queries,
                checksum);
    }

    private static CrashPoint point(long at, int i) {
        return new CrashPoint(
                at, CrashKind.values()[i % 3], CacheMode.values()[i % 5], Tearing.values()[i % 4]);
    }

    private static String percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                at(s, 0.5),
                at(s, 0.9),
                at(s, 0.99),
                s[s.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
