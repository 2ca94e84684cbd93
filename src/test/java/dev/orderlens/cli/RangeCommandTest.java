package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats --range} and {@code export --range} on a real capture: the range's CSV holds exactly
 * the requests the whole trace's CSV lists as submitted in it, and the stats table counts the same
 * rows (two separate code paths: the CSV writer's row filter and {@code RangeTotals}).
 */
class RangeCommandTest {
    private static final String GUEST = "sample-traces/writeback.guest.blkparse.txt";
    private static final BigDecimal FROM = new BigDecimal("0.05");
    private static final BigDecimal TO = new BigDecimal("0.15");

    @Test
    void theRangesCsvAndStatsCountTheRequestsSubmittedInIt(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.csv");
        Path part = dir.resolve("range.csv");
        assertEquals(0, CliRunner.run("export", GUEST, "--csv", whole.toString()).exit());
        CliRunner r =
                CliRunner.run(
                        "export",
                        GUEST,
                        "--range",
                        "0.05..0.15",
                        "--csv",
                        part.toString(),
                        "--png",
                        dir.resolve("range.png").toString());
        assertEquals(0, r.exit(), r.err());

        // rows of the whole trace submitted in [0.05, 0.15) s (column 9: submitSeconds)
        List<String> expected =
                Files.readAllLines(whole).stream()
                        .skip(1)
                        .filter(
                                l -> {
                                    BigDecimal s = new BigDecimal(submit(l));
                                    return s.compareTo(FROM) >= 0 && s.compareTo(TO) < 0;
                                })
                        .toList();
        List<String> got = Files.readAllLines(part);
        assertEquals(Files.readAllLines(whole).get(0), got.get(0), "the same header");
        assertEquals(expected, got.subList(1, got.size()));
        assertTrue(expected.size() > 10 && expected.size() < 200, "a real part of the trace");

        long reads = expected.stream().filter(l -> op(l).equals("read")).count();
        long writes =
                expected.stream()
                        .filter(l -> List.of("write", "write-zeroes", "discard").contains(op(l)))
                        .count();
        long flushes =
                expected.stream()
                        .filter(l -> op(l).equals("flush") || l.contains("preflush"))
                        .count();
        CliRunner stats = CliRunner.run("stats", GUEST, "--range", "0.05..0.15");
        assertEquals(0, stats.exit(), stats.err());
        String device =
                stats.out()
                        .lines()
                        .filter(l -> l.startsWith("device "))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(stats.out()));
        String[] f = device.trim().split("\\s+");
        assertEquals(
                List.of(
                        "device",
                        Integer.toString(expected.size()),
                        Long.toString(reads),
                        Long.toString(writes),
                        Long.toString(flushes)),
                List.of(f[0], f[1], f[2], f[3], f[4]),
                device);
    }

    @Test
    void aBadRangeOrAWholeTraceExportIsRefusedInOneLine(@TempDir Path dir) {
        CliRunner one = CliRunner.run("stats", GUEST, "--range", "0.05");
        assertEquals(2, one.exit());
        assertTrue(one.err().contains("--range 0.05: expected two times as A..B"), one.err());
        CliRunner backwards = CliRunner.run("stats", GUEST, "--range", "0.2..0.1");
        assertTrue(backwards.err().contains("the end must be after the start"), backwards.err());
        CliRunner json =
                CliRunner.run(
                        "export",
                        GUEST,
                        "--range",
                        "0.05..0.15",
                        "--trace-json",
                        dir.resolve("t.json").toString());
        assertEquals(2, json.exit());
        assertTrue(json.err().contains("--trace-json always writes the whole trace"), json.err());
        assertTrue(!Files.exists(dir.resolve("t.json")));
    }

    /** The submitSeconds field; the lane ("254,0") is quoted, so count fields from the end. */
    private static String submit(String csvLine) {
        String[] f = csvLine.split(",", -1);
        return f[f.length - 9];
    }

    private static String op(String csvLine) {
        String[] f = csvLine.split(",", -1);
        return f[f.length - 14];
    }
}
