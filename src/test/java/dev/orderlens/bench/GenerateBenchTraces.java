package dev.orderlens.bench;

import dev.orderlens.export.JsonTraceWriter;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the deterministic input files of {@code scripts/bench-e2e.sh}: synthetic blkparse text
 * (the {@link ImporterBenchmark} generator: two devices, journal commits, fsyncs, plugs, merges,
 * out-of-order completions) or trace JSON ({@link ModelBenchmark#synthetic}). The same arguments
 * always give the same bytes, so runs on different days compare.
 *
 * <p>Run: {@code scripts/bench.sh GenerateBenchTraces blkparse LINES OUT [SEED]} or {@code ... json
 * REQUESTS OUT [SEED]}.
 */
public final class GenerateBenchTraces {
    private GenerateBenchTraces() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: GenerateBenchTraces blkparse LINES OUT [SEED] | json REQUESTS OUT [SEED]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        switch (args[0]) {
            case "blkparse" -> ImporterBenchmark.writeBlkparse(out, count, new Random(seed));
            case "json" -> JsonTraceWriter.write(ModelBenchmark.synthetic(count, seed), out);
            default -> {
                System.err.println("unknown kind " + args[0] + " (blkparse or json)");
                System.exit(2);
            }
        }
    }
}
