package dev.orderlens.bench;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes and reads back a synthetic trace of N requests (default 1,000,000) and prints the read
 * time and the heap the model retains per request. Run: {@code scripts/bench.sh ModelBenchmark
 * [N]}. Not a test: figures go to docs/benchmarks.md.
 */
public final class ModelBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file = Files.createTempFile("orderlens-bench", ".json");
        try {
            Trace synthetic = synthetic(n, 42);
            long t0 = System.nanoTime();
            JsonTraceWriter.write(synthetic, file);
            long writeNs = System.nanoTime() - t0;
            synthetic = null;
            System.out.printf(Locale.ROOT, "requests            %,d%n", n);
            System.out.printf(Locale.ROOT, "json size           %,d bytes%n", Files.size(file));
            System.out.printf(Locale.ROOT, "write               %.0f ms%n", writeNs / 1e6);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                Trace t = TraceLoader.load(file);
                best = Math.min(best, System.nanoTime() - s);
                if (t.requests().size() != n) {
                    throw new AssertionError("read " + t.requests().size());
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "read (best of 3)    %.0f ms  (%.2f M requests/s)%n",
                    best / 1e6,
                    n / (best / 1e9) / 1e6);
            long before = usedAfterGc();
            Trace kept = TraceLoader.load(file);
            long after = usedAfterGc();
            System.out.printf(
                    Locale.ROOT,
                    "heap retained       %.1f bytes/request (measured, GC'd heap delta)%n",
                    (after - before) / (double) n);
            System.out.printf(
                    Locale.ROOT,
                    "model columns       %.1f bytes/request (array sizes)%n",
                    kept.requestTable().retainedBytes() / (double) n);
            System.out.println(
                    "(the trace has parent links, data tags, explicit ids and pids: every optional column)");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** Half guest writes/flushes, half device requests linked to them, on a random workload. */
    public static Trace synthetic(int n, long seed) {
        Random rnd = new Random(seed);
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("synthetic", "json"));
        int guest = b.lane(b.layer("guest"), f, "vda");
        int device = b.lane(b.layer("device"), f, "sda");
        RequestTableBuilder rt = b.requests();
        long t = 0;
        for (int i = 0; i < n; i += 2) {
            t += 1 + rnd.nextInt(20_000);
            boolean flush = rnd.nextInt(20) == 0;
            long sector = flush ? 0 : rnd.nextInt(1 << 24) * 8L;
            int count = flush ? 0 : 8 * (1 + rnd.nextInt(16));
            long lat = 50_000 + rnd.nextInt(2_000_000);
            int g =
                    rt.add(
                            guest,
                            flush ? Op.FLUSH : Op.WRITE,
                            flush ? Flags.PREFLUSH : (rnd.nextInt(10) == 0 ? Flags.FUA : 0),
                            sector,
                            count,
                            t,
                            t + 1000,
                            t + lat,
                            Status.OK);
            rt.setId(g, i + 1);
            rt.setTask(g, 100 + rnd.nextInt(50), null);
            if (!flush) {
                rt.setDataTag(g, "d" + (i % 4096));
            }
            if (i + 1 < n) {
                int d =
                        rt.add(
                                device,
                                flush ? Op.FLUSH : Op.WRITE,
                                0,
                                sector,
                                count,
                                t + 1000,
                                t + 1000,
                                t + lat - 500,
                                Status.OK);
                rt.setId(d, i + 2);
                rt.setParent(d, g);
            }
        }
        return b.build();
    }
}
