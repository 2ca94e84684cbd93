package dev.orderlens.bench;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Trace;
import dev.orderlens.sim.Overrides;
import dev.orderlens.sim.Scenario;
import dev.orderlens.sim.Simulator;
import dev.orderlens.sim.WorkloadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Simulates a workload of N guest requests (default 1,000,000: rounds of 999 buffered writes over
 * 8,000 sectors, each round closed by an fsync) under the default configuration (virtio-blk,
 * cache=writeback, aio=threads, an SSD with a volatile cache) and prints the time the simulation
 * takes, best of 3. Run: {@code scripts/bench.sh SimulatorBenchmark [N]}. Figures go to
 * docs/benchmarks.md.
 */
public final class SimulatorBenchmark {
    private static final int ROUND = 1000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = Math.max(1, n / ROUND);
        String workload =
                "{\"format\": \"orderlens-workload\", \"title\": \"benchmark\", \"config\": {\"seed\": 42},"
                        + "\"crash\": {\"at\": \"end\", \"kind\": \"power-loss\"}, \"steps\": [{\"op\": \"repeat\", \"times\": "
                        + rounds
                        + ", \"steps\": [{\"op\": \"repeat\", \"times\": "
                        + (ROUND - 1)
                        + ", \"steps\": [{\"op\": \"write\", \"sector\": 0,"
                        + " \"sectorStep\": 8, \"count\": 8, \"tag\": \"w{n}\"}]}, {\"op\": \"fsync\"}]}]}";
        Scenario s = WorkloadReader.parse("benchmark.json", workload);
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        Trace trace = null;
        for (int i = 0; i < 3; i++) {
            trace = null;
            System.gc();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            trace = Simulator.run(s, Overrides.NONE);
            long ns = System.nanoTime() - t0;
            long cpu = mx.getCurrentThreadCpuTime() - c0;
            best = Math.min(best, ns);
            bestCpu = Math.min(bestCpu, cpu);
            System.out.printf(
                    Locale.ROOT,
                    "run %d              %,d ms (thread CPU %,d ms)%n",
                    i + 1,
                    ns / 1_000_000,
                    cpu / 1_000_000);
        }
        int guest = 0;
        for (int r = 0; r < trace.requests().size(); r++) {
            guest += trace.layerId(r).equals(Layer.GUEST) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "guest requests     %,d%n", guest);
        System.out.printf(Locale.ROOT, "requests (4 layers) %,d%n", trace.requests().size());
        System.out.printf(Locale.ROOT, "simulated time     %.3f s%n", trace.endNs() / 1e9);
        System.out.printf(Locale.ROOT, "truth sectors      %,d%n", trace.truth().sectors().size());
        System.out.printf(
                Locale.ROOT,
                "simulate (best)    %,d ms (%.2f M guest requests/s), thread CPU %,d ms%n",
                best / 1_000_000,
                guest / (best / 1e9) / 1e6,
                bestCpu / 1_000_000);
        Path file = Files.createTempFile("orderlens-sim-bench", ".json");
        try {
            long t0 = System.nanoTime();
            JsonTraceWriter.write(trace, file);
            System.out.printf(
                    Locale.ROOT,
                    "write JSON         %,d ms, %,d bytes%n",
                    (System.nanoTime() - t0) / 1_000_000,
                    Files.size(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
