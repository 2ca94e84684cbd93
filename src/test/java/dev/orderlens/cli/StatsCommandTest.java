package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The {@code stats} contract of docs/cli.md, on a real capture whose btt output is in
 * sample-traces/btt (the numbers below are btt's, from writeback.btt.avg).
 */
class StatsCommandTest {
    static final String GUEST = "sample-traces/btt/writeback.guest.blkparse.txt";
    static final String QEMU = "sample-traces/btt/writeback.qemu.log";

    @Test
    void jsonHasEveryPhasePerLayerAndDeviceInSecondsAndTheCrossLayerBreakdown() throws Exception {
        JsonNode j = AnalyzeCommandTest.json("stats", GUEST, QEMU, "--json");
        JsonNode guest = j.get("layers").get("guest").get("devices").get("254,0");
        JsonNode q2m = guest.get("Q2M");
        assertEquals(31, q2m.get("n").asInt());
        assertEquals(0.000000850, q2m.get("min").asDouble(), 1e-12);
        assertEquals(0.000019657, q2m.get("avg").asDouble(), 1e-9);
        assertEquals(0.000272410, q2m.get("max").asDouble(), 1e-12);
        for (String f : List.of("p50", "p90", "p99")) {
            assertTrue(
                    q2m.get(f).asDouble() >= q2m.get("min").asDouble()
                            && q2m.get(f).asDouble() <= q2m.get("max").asDouble(),
                    f);
        }
        for (String p : List.of("Q2Q", "Q2G", "G2I", "Q2M", "I2D", "M2D", "Q2D", "D2C", "Q2C")) {
            assertTrue(guest.has(p), p);
        }
        assertEquals(83, guest.get("queued").asInt());
        assertEquals(52, guest.get("issued").asInt());
        assertEquals(83.0 / 52, guest.get("mergeRatio").asDouble(), 1e-12);
        assertEquals(682, guest.get("sizes").get("totalSectors").asInt());
        assertEquals(4, guest.get("queueDepth").get("device").get("max").asInt());
        assertEquals(1, guest.get("queueDepth").get("scheduler").get("max").asInt());
        assertEquals(28, guest.get("flushes").get("n").asInt());
        // a QEMU layer has no G, I or M: those phases are there, empty
        JsonNode host = j.get("layers").get("host").get("devices").get("blk0");
        assertEquals(0, host.get("Q2G").get("n").asInt());
        assertTrue(host.get("Q2G").get("avg").isNull());
        assertTrue(host.get("queueDepth").get("scheduler").get("max").isNull());

        JsonNode x = j.get("crossLayer");
        assertEquals("guest", x.get("topLayer").asText());
        assertEquals(73, x.get("requests").asInt());
        assertEquals(73, x.get("matchedVirtio").asInt());
        assertEquals(73, x.get("perRequest").size());
        JsonNode first = x.get("perRequest").get(0);
        assertEquals(
                1, first.get("id").asInt(), "the first request is the blkparse file's first line");
        assertEquals("write", first.get("op").asText());
        assertTrue(
                first.get("virtioRequest").isInt() && first.get("hostRequest").isInt(),
                first.toString());
        assertTrue(first.get("host").isDouble(), "the host segment, not the host request's id");
        double sum = 0;
        for (String s : List.of("guest", "virtqueue", "qemu", "host", "completion")) {
            sum += first.get(s).asDouble();
        }
        assertEquals(first.get("total").asDouble(), sum, 1e-12);
        assertEquals(x.get("segments").get("virtqueue").get("n").asInt(), 73);
    }

    @Test
    void csvHasOneRowPerLayerDevicePhase() throws Exception {
        CliRunner r = CliRunner.run("stats", GUEST, QEMU, "--csv");
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> rows;
        try (CSVParser p =
                CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(r.out()))) {
            assertEquals(List.of(StatsCommand.CSV_HEADER), p.getHeaderNames());
            rows = p.getRecords();
        }
        // every device (guest 254,0, the virtio device or queues, host blk0) x (9 btt phases +
        // Q2Durable + 3 flush phases) + 6 segments
        int devices =
                LatencyStats.of(
                                TraceLoader.load(
                                        List.of(
                                                TraceLoader.FileSpec.of(Path.of(GUEST)),
                                                TraceLoader.FileSpec.of(Path.of(QEMU))),
                                        Progress.NONE))
                        .devices()
                        .size();
        assertTrue(devices >= 3);
        assertEquals(devices * 13 + 6, rows.size());
        assertTrue(
                rows.stream()
                        .anyMatch(
                                x ->
                                        x.get("layer").equals("guest")
                                                && x.get("phase").equals("Q2Durable")),
                "the durability-aware end is a row of its own");
        CSVRecord i2d =
                rows.stream()
                        .filter(x -> x.get("layer").equals("guest") && x.get("phase").equals("I2D"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("254,0", i2d.get("device"));
        assertEquals("data", i2d.get("group"));
        assertEquals("17", i2d.get("n"));
        assertEquals("0.000016710", i2d.get("minSeconds"));
        assertEquals("0.000076890", i2d.get("avgSeconds"));
        assertEquals("0.000641620", i2d.get("maxSeconds"));
        CSVRecord empty =
                rows.stream()
                        .filter(x -> x.get("layer").equals("host") && x.get("phase").equals("Q2M"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("0", empty.get("n"));
        assertEquals("", empty.get("avgSeconds"));
        assertTrue(
                rows.stream()
                        .anyMatch(
                                x ->
                                        x.get("layer").equals("cross-layer")
                                                && x.get("phase").equals("host")));
    }

    @Test
    void textIsATablePerDeviceAndWithoutQemuSaysWhatTheBreakdownNeeds() {
        CliRunner r = CliRunner.run("stats", GUEST);
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .startsWith(
                                "device 254,0: 83 queued (#Q), 52 issued (#D), merge ratio 1.60"),
                r.out());
        assertTrue(r.out().contains("  I2D              17    16.7 µs    76.9 µs"), r.out());
        assertTrue(r.out().contains("flushes (28; not in btt's phases)"), r.out());
        assertTrue(r.out().contains("cross-layer: needs a virtio layer"), r.out());
    }

    @Test
    void aQemuLogAloneBreaksDownItsVirtioRequests() throws Exception {
        JsonNode j = AnalyzeCommandTest.json("stats", QEMU, "--json");
        JsonNode x = j.get("crossLayer");
        assertEquals("virtio", x.get("topLayer").asText());
        int virtio = 0;
        for (var d :
                (Iterable<JsonNode>)
                        () -> j.get("layers").get("virtio").get("devices").elements()) {
            virtio += d.get("queued").asInt() + d.get("flushes").get("n").asInt();
        }
        JsonNode info = AnalyzeCommandTest.json("info", QEMU, "--json");
        assertEquals(
                info.get("byLayer").get("virtio").asInt(),
                x.get("requests").asInt(),
                "every virtio request is an entry");
        assertTrue(virtio <= x.get("requests").asInt());
        assertEquals(0, x.get("segments").get("guest").get("n").asInt());
        assertEquals(x.get("matchedHost").asInt(), x.get("segments").get("host").get("n").asInt());
        CliRunner text = CliRunner.run("stats", QEMU);
        assertTrue(
                text.out()
                        .contains(
                                "cross-layer (no guest layer): "
                                        + x.get("requests").asInt()
                                        + " virtio requests"),
                text.out());
    }

    @Test
    void jsonAndCsvExcludeEachOtherAndAMissingFileIsOneLine() {
        CliRunner r = CliRunner.run("stats", GUEST, "--json", "--csv");
        assertEquals(2, r.exit());
        assertEquals("orderlens: --json and --csv cannot be combined", r.err().trim());
        CliRunner missing = CliRunner.run("stats", "no-such-file.txt");
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().trim().lines().count());
    }
}
