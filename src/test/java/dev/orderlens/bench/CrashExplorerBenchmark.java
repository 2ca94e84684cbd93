package dev.orderlens.bench;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashComparison;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.Narration;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.BlockMapLayout;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the crash explorer computes per crash point besides the query itself, on the synthetic trace
 * of {@link CrashQueryBenchmark} (default 1,000,000 requests): the block map ({@link BlockMap#of})
 * and its layout, the at-risk scan, a comparison of two points, and the teaching narration's step
 * list. These run off the FX thread for the newest result only (ADR 0070), so they bound how soon
 * the pane's details follow a drag, not the drag itself. Run: {@code scripts/bench.sh
 * CrashExplorerBenchmark [N] [POINTS]}. Figures go to docs/benchmarks.md.
 */
public final class CrashExplorerBenchmark {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Trace trace = ModelBenchmark.synthetic(n, 42);
        CrashAnalysis a = CrashAnalysis.of(trace);
        long start = trace.startNs();
        long span = trace.endNs() - start;
        for (int i = 0; i < 3; i++) { // warm-up
            BlockMap.of(a.at(CrashPoint.powerLoss(start + span * (i + 1) / 4)));
        }
        long[] map = new long[points];
        long[] lay = new long[points];
        long[] risk = new long[points];
        long[] cmp = new long[points];
        long ranges = 0;
        long checksum = 0;
        CrashResult previous = null;
        for (int i = 0; i < points; i++) {
            CrashResult r = a.at(CrashPoint.powerLoss(start + span * (i + 1) / (points + 1)));
            long s = System.nanoTime();
            BlockMap m = BlockMap.of(r);
            map[i] = System.nanoTime() - s;
            ranges = Math.max(ranges, m.ranges().size());
            s = System.nanoTime();
            BlockMapLayout l = new BlockMapLayout(m, 800, BlockMapLayout.fitZoom(m, 800, 300));
            lay[i] = System.nanoTime() - s;
            checksum += l.cells().size();
            s = System.nanoTime();
            for (int row = 0; row < n; row++) {
                WriteState st = r.state(row);
                if (st != null && st.mayBeLost()) {
                    checksum++;
                }
            }
            risk[i] = System.nanoTime() - s;
            if (previous != null) {
                s = System.nanoTime();
                checksum += CrashComparison.of(previous, r).differingSectors();
                cmp[i] = System.nanoTime() - s;
            }
            previous = r;
        }
        long s = System.nanoTime();
        Narration story = Narration.of(a, a.defaultCacheMode());
        long narration = System.nanoTime() - s;
        System.out.printf(
                Locale.ROOT, "requests              %,d; block map up to %,d runs%n", n, ranges);
        System.out.printf(
                Locale.ROOT,
                "block map             median %.1f ms, max %.1f ms%n",
                median(map),
                max(map));
        System.out.printf(
                Locale.ROOT,
                "block map layout      median %.1f ms, max %.1f ms (800 px wide)%n",
                median(lay),
                max(lay));
        System.out.printf(Locale.ROOT, "at-risk scan          median %.1f ms%n", median(risk));
        System.out.printf(
                Locale.ROOT,
                "compare two points    median %.1f ms, max %.1f ms%n",
                median(Arrays.copyOfRange(cmp, 1, points)),
                max(cmp));
        System.out.printf(
                Locale.ROOT,
                "narration steps       %,d steps in %.0f ms%n",
                story.size(),
                narration / 1e6);
        System.out.println("checksum " + checksum);
    }

    private static double median(long[] ns) {
        long[] c = ns.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e6;
    }

    private static double max(long[] ns) {
        return Arrays.stream(ns).max().orElse(0) / 1e6;
    }
}
