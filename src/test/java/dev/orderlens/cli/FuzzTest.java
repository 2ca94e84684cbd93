package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's fuzz test: mutated copies of the real samples of every format in sample-traces/ run
 * through info, analyze --crash-at, stats and export in-process. Every case must end, within a time
 * limit, with a result (exit 0) or an error whose stderr is one line naming the file. Fixed seeds;
 * {@code -Dorderlens.fuzzCases=N} runs more by hand.
 */
class FuzzTest {
    private static final int CASES = Integer.getInteger("orderlens.fuzzCases", 400);
    private static final long SEED = Long.getLong("orderlens.fuzzSeed", 17);

    @TempDir Path dir;

    @Test
    void mutatedSamplesEndWithAResultOrAOneLineErrorNamingTheFile() throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            samples =
                    s.filter(Files::isRegularFile)
                            .filter(p -> !p.toString().endsWith(".md"))
                            .sorted()
                            .toList();
        }
        List<byte[]> originals = new ArrayList<>();
        for (Path p : samples) {
            originals.add(Files.readAllBytes(p));
        }
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < CASES && failures.size() < 10; c++) {
            Random rnd = new Random(SEED * 1_000_003L + c);
            int k = rnd.nextInt(samples.size());
            String base = samples.get(k).getFileName().toString();
            String mutation = MUTATIONS[rnd.nextInt(MUTATIONS.length)];
            byte[] bytes = mutate(originals.get(k), mutation, rnd);
            Path f = dir.resolve("case" + c + "-" + base);
            Files.write(f, bytes);
            String[][] runs = {
                {"info", f.toString()},
                {"analyze", f.toString(), "--crash-at", Double.toString(rnd.nextDouble() * 0.01)},
                {"stats", f.toString()},
                {
                    "export",
                    f.toString(),
                    "--csv",
                    dir.resolve("o.csv").toString(),
                    "--json",
                    dir.resolve("o.json").toString(),
                    "--force"
                }
            };
            for (String[] args : runs) {
                // linear time: a generous second per MB plus a base for a loaded machine
                Duration limit = Duration.ofSeconds(20 + bytes.length / 1_000_000);
                CliRunner r;
                try {
                    r = assertTimeoutPreemptively(limit, () -> CliRunner.run(args));
                } catch (Throwable t) {
                    failures.add(
                            "case " + c + " (" + mutation + " of " + base + ") " + args[0] + ": "
                                    + t);
                    continue;
                }
                String err = r.err().strip();
                if (r.exit() != 0
                        && (err.lines().count() != 1
                                || !err.contains(f.getFileName().toString()))) {
                    failures.add(
                            "case "
                                    + c
                                    + " ("
                                    + mutation
                                    + " of "
                                    + base
                                    + ") "
                                    + args[0]
                                    + " exit "
                                    + r.exit()
                                    + ": "
                                    + err.lines().limit(3).toList());
                }
            }
            Files.delete(f);
        }
        if (!failures.isEmpty()) {
            fail(
                    failures.size()
                            + " failing case(s) (seed "
                            + SEED
                            + "):\n"
                            + String.join("\n", failures));
        }
    }

    private static final String[] MUTATIONS = {
        "truncate", "flip", "delete-lines", "duplicate-lines", "shuffle-lines", "numbers",
        "invalid-utf8", "nul", "crlf", "gzip", "gzip-truncated", "long-line"
    };

    static byte[] mutate(byte[] in, String how, Random rnd) throws Exception {
        byte[] b = in.clone();
        switch (how) {
            case "truncate" -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            case "flip" -> {
                for (int i = 1 + rnd.nextInt(8); i > 0 && b.length > 0; i--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case "delete-lines",
                    "duplicate-lines",
                    "shuffle-lines",
                    "numbers",
                    "crlf",
                    "long-line" -> {
                List<String> lines =
                        new ArrayList<>(
                                List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
                if (how.equals("delete-lines")) {
                    for (int i = 1 + rnd.nextInt(5); i > 0 && lines.size() > 1; i--) {
                        lines.remove(rnd.nextInt(lines.size()));
                    }
                } else if (how.equals("duplicate-lines")) {
                    for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
                        int at = rnd.nextInt(lines.size());
                        String line = lines.get(at);
                        for (int d = rnd.nextInt(3); d >= 0; d--) {
                            lines.add(at, line); // also three identical lines: a reused pointer
                        }
                    }
                } else if (how.equals("shuffle-lines")) {
                    Collections.shuffle(lines, rnd);
                } else if (how.equals("numbers")) {
                    String[] values = {
                        "0", "-1", "2147483648", "9223372036854775808", "NaN", "1e400", "-0.5"
                    };
                    for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                        int at = rnd.nextInt(lines.size());
                        lines.set(
                                at,
                                lines.get(at)
                                        .replaceFirst(
                                                "\\d+(\\.\\d+)?",
                                                values[rnd.nextInt(values.length)]));
                    }
                } else if (how.equals("crlf")) {
                    return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
                } else {
                    lines.add(rnd.nextInt(lines.size()), "x".repeat(1 << 20)); // 1 MB line
                }
                b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            case "invalid-utf8", "nul" -> {
                int at = rnd.nextInt(b.length + 1);
                byte[] ins =
                        how.equals("nul")
                                ? new byte[] {0}
                                : new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, b.length - at);
                b = out;
            }
            case "gzip", "gzip-truncated" -> {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                    gz.write(b);
                }
                b = buf.toByteArray();
                if (how.equals("gzip-truncated")) {
                    b = Arrays.copyOf(b, 10 + rnd.nextInt(Math.max(1, b.length - 10)));
                }
            }
            default -> throw new IllegalArgumentException(how);
        }
        return b;
    }
}
