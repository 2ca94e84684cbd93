package dev.orderlens.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random workload files for property tests: small sector ranges (so writes overlap), every kind of
 * step, random configurations and faults, a random crash. Every write's tag is unique.
 */
public final class RandomWorkloads {
    private static final String[] MODES = {
        "writeback", "writethrough", "none", "directsync", "unsafe"
    };
    private static final String[] AIO = {"threads", "native", "io_uring"};
    private static final String[] KINDS = {"power-loss", "qemu-kill", "guest-crash"};

    private RandomWorkloads() {}

    public static String generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder();
        b.append("{\"format\": \"orderlens-workload\", \"title\": \"random ")
                .append(seed)
                .append("\",\n\"config\": {");
        b.append("\"seed\": ").append(rng.nextLong(1_000_000));
        b.append(", \"cacheMode\": \"").append(pick(rng, MODES)).append('"');
        b.append(", \"aio\": \"").append(pick(rng, AIO)).append('"');
        b.append(String.format(Locale.ROOT, ", \"tornProbability\": %.2f", rng.nextDouble()));
        b.append(", \"guest\": {\"queueDepth\": ").append(1 + rng.nextInt(16));
        b.append(", \"waitForCompletion\": ").append(rng.nextInt(4) > 0);
        b.append(", \"fua\": ").append(rng.nextInt(4) == 0);
        b.append(", \"cryptWorkers\": ")
                .append(rng.nextInt(3) == 0 ? 1 + rng.nextInt(4) : 0)
                .append('}');
        b.append(", \"virtio\": {\"queues\": ")
                .append(1 + rng.nextInt(3))
                .append(", \"depth\": ")
                .append(1 + rng.nextInt(8));
        b.append(", \"completion\": \"")
                .append(rng.nextBoolean() ? "in-order" : "reordered")
                .append("\"}");
        b.append(", \"host\": {\"threads\": ").append(1 + rng.nextInt(8));
        b.append(", \"fuaPassthrough\": ").append(rng.nextBoolean());
        b.append(", \"werror\": \"").append(rng.nextBoolean() ? "report" : "enospc").append('"');
        b.append(", \"dirtyExpireMs\": ").append(rng.nextInt(3));
        b.append(", \"writebackIntervalMs\": ").append(1 + rng.nextInt(2));
        if (rng.nextInt(4) == 0) {
            b.append(", \"dirtyLimitSectors\": ").append(8 + rng.nextInt(64));
        }
        if (rng.nextInt(4) == 0) {
            b.append(", \"pageCacheSectors\": ").append(16 + rng.nextInt(64));
        }
        b.append('}');
        b.append(", \"device\": {\"writeCache\": ").append(rng.nextInt(4) > 0);
        b.append(", \"fua\": ").append(rng.nextBoolean());
        b.append(", \"reorder\": ").append(rng.nextBoolean());
        b.append(", \"reorderWindow\": ").append(1 + rng.nextInt(8));
        b.append(", \"queueDepth\": ").append(1 + rng.nextInt(8));
        b.append(", \"cacheEntries\": ").append(1 + rng.nextInt(16));
        b.append(", \"destageDelay\": {\"median\": ")
                .append(50 + rng.nextInt(2000))
                .append(", \"sigma\": 1}");
        if (rng.nextInt(6) == 0) {
            b.append(", \"thinCapacitySectors\": ").append(128 * (1 + rng.nextInt(3)));
            b.append(", \"thinChunkSectors\": 128");
        }
        b.append('}');
        b.append(", \"faults\": [").append(faults(rng)).append("]");
        b.append("},\n\"crash\": {\"at\": ");
        if (rng.nextInt(5) == 0) {
            b.append("\"end\"");
        } else {
            b.append(String.format(Locale.ROOT, "%.6f", rng.nextDouble() * 0.003));
        }
        b.append(", \"kind\": \"").append(pick(rng, KINDS)).append("\"},\n\"steps\": [\n");
        List<String> steps = new ArrayList<>();
        int n = 5 + rng.nextInt(40);
        for (int i = 0; i < n; i++) {
            steps.add(step(rng, i, 0));
        }
        b.append(String.join(",\n", steps)).append("\n]}\n");
        return b.toString();
    }

    private static String faults(SplittableRandom rng) {
        List<String> f = new ArrayList<>();
        if (rng.nextInt(4) == 0) {
            f.add(
                    String.format(
                            Locale.ROOT,
                            "{\"kind\": \"writeback-error\", \"at\": %.6f, \"sector\": %d, \"count\": %d, "
                                    + "\"reported\": \"%s\"}",
                            rng.nextDouble() * 0.002,
                            rng.nextInt(64),
                            1 + rng.nextInt(16),
                            rng.nextBoolean() ? "once" : "never"));
        }
        if (rng.nextInt(8) == 0) {
            f.add(
                    String.format(
                            Locale.ROOT,
                            "{\"kind\": \"enospc\", \"at\": %.6f}",
                            rng.nextDouble() * 0.002));
        }
        if (rng.nextInt(8) == 0) {
            f.add(
                    String.format(
                            Locale.ROOT,
                            "{\"kind\": \"lost-link\", \"at\": %.6f}",
                            rng.nextDouble() * 0.002));
        }
        if (rng.nextInt(8) == 0) {
            f.add(
                    String.format(
                            Locale.ROOT,
                            "{\"kind\": \"memory-pressure\", \"at\": %.6f}",
                            rng.nextDouble() * 0.002));
        }
        return String.join(", ", f);
    }

    private static String step(SplittableRandom rng, int i, int depth) {
        int sector = rng.nextInt(64);
        int count = 1 + rng.nextInt(12);
        String tag = "\"tag\": \"s" + depth + "_" + i + "#{n}\"";
        String stall = rng.nextInt(8) == 0 ? ", \"stallUs\": " + rng.nextInt(300) : "";
        String sync = rng.nextInt(6) == 0 ? ", \"sync\": true" : "";
        int k = rng.nextInt(100);
        if (k < 35) {
            return "{\"op\": \"write\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", "
                    + tag
                    + stall
                    + sync
                    + "}";
        } else if (k < 42) {
            return "{\"op\": \"fua-write\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", "
                    + tag
                    + stall
                    + sync
                    + "}";
        } else if (k < 48) {
            return "{\"op\": \"preflush-write\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", "
                    + tag
                    + (rng.nextBoolean() ? ", \"flags\": [\"fua\"]" : "")
                    + stall
                    + sync
                    + "}";
        } else if (k < 52) {
            return "{\"op\": \"write-zeroes\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", "
                    + tag
                    + stall
                    + "}";
        } else if (k < 54) {
            return "{\"op\": \"discard\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", "
                    + tag
                    + "}";
        } else if (k < 60) {
            return "{\"op\": \"read\", \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + sync
                    + "}";
        } else if (k < 68) {
            return "{\"op\": \"flush\"" + stall + sync + "}";
        } else if (k < 74) {
            return "{\"op\": \"fsync\", \"retries\": " + rng.nextInt(2) + "}";
        } else if (k < 80) {
            int back = rng.nextInt(i + 1);
            return "{\"op\": \"wait-for\", \"tag\": \"s" + depth + "_" + back + "*\"}";
        } else if (k < 84) {
            return "{\"op\": \"drain\"}";
        } else if (k < 92) {
            return "{\"op\": \"sleep\", \"us\": " + rng.nextInt(400) + "}";
        } else if (depth == 0) {
            List<String> body = new ArrayList<>();
            int n = 1 + rng.nextInt(4);
            for (int j = 0; j < n; j++) {
                body.add(step(rng, j, depth + 1));
            }
            return "{\"op\": \"repeat\", \"times\": "
                    + (1 + rng.nextInt(4))
                    + ", \"steps\": ["
                    + String.join(", ", body)
                    + "]}";
        }
        return "{\"op\": \"write\", \"sector\": "
                + sector
                + ", \"count\": "
                + count
                + ", "
                + tag
                + "}";
    }

    private static String pick(SplittableRandom rng, String[] a) {
        return a[rng.nextInt(a.length)];
    }
}
