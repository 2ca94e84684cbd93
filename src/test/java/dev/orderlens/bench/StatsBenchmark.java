package dev.orderlens.bench;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.Phase;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Random;

/**
 * {@code orderlens stats} on 1,000,000 requests after import: {@link LatencyStats#of} (every btt
 * phase per device, flushes, queue depth and the cross-layer breakdown), best of several runs, and
 * the heap the result keeps. Two synthetic traces, both worst cases for their part:
 *
 * <ul>
 *   <li>block layer: N guest requests on two devices, every one with Q, G, D and C, a third with I,
 *       one bio in ten merged into the request before it, 5 % flushes, up to 16 in flight
 *       completing out of order — every btt phase has ~N samples;
 *   <li>three layers: N/3 guest requests, each with a virtio request and a host request linked to
 *       it, so the cross-layer matching has N/3 entries with distinct sector ranges.
 * </ul>
 *
 * Run: {@code scripts/bench.sh StatsBenchmark [N]}. Not a test: figures go to docs/benchmarks.md.
 */
public final class StatsBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        run("block layer", blockLayer(n, 42), n);
        run("guest+virtio+host", threeLayers(n, 43), n);
    }

    private static void run(String name, Trace t, int n) throws Exception {
        var cpu = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long first = 0;
        long firstCpu = 0;
        LatencyStats s = null;
        for (int i = 0; i < 5; i++) {
            s = null;
            System.gc();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            s = LatencyStats.of(t);
            long wall = System.nanoTime() - t0;
            long used = cpu.getCurrentThreadCpuTime() - c0;
            bestCpu = Math.min(bestCpu, used);
            first = i == 0 ? wall : first;
            firstCpu = i == 0 ? used : firstCpu;
            best = Math.min(best, wall);
        }
        long before = ModelBenchmark.usedAfterGc();
        LatencyStats kept = LatencyStats.of(t);
        long after = ModelBenchmark.usedAfterGc();
        long samples = 0;
        for (DeviceStats d : kept.devices()) {
            for (Phase p : Phase.values()) {
                samples += d.summary(p).n();
            }
        }
        CrossLayer c = kept.crossLayer();
        System.out.printf(
                Locale.ROOT,
                "%-18s %,d requests, %d devices, %,d phase samples, cross-layer %,d entries (%,d matched)%n",
                name,
                t.requests().size(),
                kept.devices().size(),
                samples,
                c.size(),
                c.matchedVirtio());
        System.out.printf(
                Locale.ROOT,
                "%-18s first run %.0f ms wall (%.0f ms thread CPU), best of 5 %.0f ms wall (%.0f ms CPU)%n",
                "",
                first / 1e6,
                firstCpu / 1e6,
                best / 1e6,
                bestCpu / 1e6);
        System.out.printf(
                Locale.ROOT,
                "%-18s result keeps %.1f bytes/request (GC'd heap delta)%n",
                "",
                (after - before) / (double) n);
        if (s.devices().isEmpty()) {
            throw new AssertionError();
        }
    }

    /** N block-layer requests on two devices (see the class comment). */
    static Trace blockLayer(int n, long seed) {
        Random rnd = new Random(seed);
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("synthetic.blkparse", "blkparse"));
        int layer = b.layer("guest");
        int[] lanes = {b.lane(layer, f, "254,0"), b.lane(layer, f, "254,16")};
        RequestTableBuilder rt = b.requests();
        EventTable et = b.events();
        long t = 0;
        int prev = -1;
        for (int i = 0; rt.size() < n; i++) {
            t += 1 + rnd.nextInt(20_000);
            int lane = lanes[i & 1];
            boolean flush = rnd.nextInt(20) == 0;
            if (!flush && prev >= 0 && rnd.nextInt(10) == 0) {
                // a bio merged into the previous request of this device
                int e =
                        et.add(
                                t + 500,
                                EventKind.MERGE,
                                layer,
                                rt.lane(prev),
                                f,
                                rt.sector(prev) + rt.count(prev),
                                8);
                et.setRequest(e, prev);
                et.setQueued(e, t);
                continue;
            }
            long sector = flush ? 0 : rnd.nextInt(1 << 24) * 8L;
            int count = flush ? 0 : 8 * (1 + rnd.nextInt(16));
            long issue = t + 3_000 + rnd.nextInt(40_000);
            long complete = issue + 50_000 + rnd.nextInt(16 * 20_000);
            int r =
                    rt.add(
                            lane,
                            flush ? Op.FLUSH : Op.WRITE,
                            flush ? Flags.PREFLUSH : Flags.SYNC,
                            sector,
                            count,
                            t,
                            issue,
                            complete,
                            Status.OK);
            rt.setAllocate(r, t + 1_000 + rnd.nextInt(1_000));
            if (rnd.nextInt(3) == 0) {
                rt.setInsert(r, t + 2_500);
            }
            rt.setSourceLine(r, i + 1);
            prev = flush ? prev : r;
        }
        return b.build();
    }

    /** N/3 guest requests, each with a virtio request and a host request linked to it. */
    static Trace threeLayers(int n, long seed) {
        Random rnd = new Random(seed);
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("synthetic.guest", "blkparse"));
        int q = b.addSource(new SourceFile("synthetic.qemu", "qemu-log"));
        int guest = b.lane(b.layer("guest"), f, "254,0");
        int virtio = b.lane(b.layer("virtio"), q, "vq0");
        int host = b.lane(b.layer("host"), q, "blk0");
        RequestTableBuilder rt = b.requests();
        long t = 0;
        for (int i = 0; i + 3 <= n; i += 3) {
            t += 1 + rnd.nextInt(20_000);
            boolean flush = rnd.nextInt(20) == 0;
            Op op = flush ? Op.FLUSH : Op.WRITE;
            long sector = flush ? 0 : rnd.nextInt(1 << 24) * 8L;
            int count = flush ? 0 : 8 * (1 + rnd.nextInt(16));
            long d = t + 3_000 + rnd.nextInt(40_000);
            long pop = d + 10_000 + rnd.nextInt(20_000);
            long hostStart = pop + 5_000;
            long hostEnd = hostStart + 50_000 + rnd.nextInt(300_000);
            long c = hostEnd + 20_000 + rnd.nextInt(20_000);
            int g =
                    rt.add(
                            guest,
                            op,
                            flush ? Flags.PREFLUSH : 0,
                            sector,
                            count,
                            t,
                            d,
                            c,
                            Status.OK);
            rt.setAllocate(g, t + 1_000);
            rt.setSourceLine(g, i + 1);
            int v = rt.add(virtio, op, 0, sector, count, pop, pop + 2_000, c - 10_000, Status.OK);
            rt.setSourceLine(v, i + 2);
            int h = rt.add(host, op, 0, sector, count, pop + 3_000, hostStart, hostEnd, Status.OK);
            rt.setParent(h, v);
            rt.setSourceLine(h, i + 3);
        }
        return b.build();
    }
}
