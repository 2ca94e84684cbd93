package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    static final String SAMPLE = "sample-traces/journal-commit.json";

    @Test
    void jsonCountsMatchTheSample() throws Exception {
        CliRunner r = CliRunner.run("info", SAMPLE, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(15, j.get("requests").asInt());
        assertEquals(7, j.get("byLayer").get("guest").asInt());
        assertEquals(8, j.get("byLayer").get("device").asInt());
        assertEquals(12, j.get("byOp").get("write").asInt());
        assertEquals(3, j.get("byOp").get("flush").asInt());
        assertEquals(1, j.get("events").asInt());
        assertEquals(1, j.get("eventsByKind").get("crash").asInt());
        assertEquals(0.0, j.get("startSeconds").asDouble());
        assertEquals(0.00049, j.get("endSeconds").asDouble(), 1e-12);
        assertEquals(0, j.get("skippedLines").asInt());
        assertEquals("json", j.get("files").get(0).get("format").asText());
        assertEquals("guest", j.get("layers").get(0).get("id").asText());
        assertEquals("writeback", j.get("cacheMode").asText());
    }

    @Test
    void textNamesLayersAndCounts() {
        CliRunner r = CliRunner.run("info", SAMPLE);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("requests  15"), r.out());
        assertTrue(r.out().matches("(?s).*guest\\s+7\\s+\\(write 6, flush 1\\).*"), r.out());
        assertTrue(r.out().contains("skipped   0 lines"), r.out());
    }

    @Test
    void skippedLinesAreCountedAndShown(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(
                f,
                "{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": [\n"
                        + "{\"layer\": \"guest\", \"op\": \"write\", \"submit\": 1},\n"
                        + "{\"layer\": \"guest\", \"op\": \"wirte\", \"submit\": 2}\n]}");
        CliRunner r = CliRunner.run("info", f.toString());
        assertEquals(0, r.exit());
        assertTrue(
                r.out().contains("skipped: " + f + ":3: requests[1].op: unknown op 'wirte'"),
                r.out());
        CliRunner j = CliRunner.run("info", f.toString(), "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals(1, n.get("skippedLines").asInt());
        assertEquals(1, n.get("requests").asInt());
    }

    @Test
    void badArgumentsAndFilesExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        CliRunner missing = CliRunner.run("info", dir.resolve("nope.json").toString());
        assertEquals(2, missing.exit());
        assertEquals(
                "orderlens: " + dir.resolve("nope.json") + ": no such file", missing.err().strip());

        CliRunner noArgs = CliRunner.run("info");
        assertEquals(2, noArgs.exit());
        assertEquals(1, noArgs.err().strip().lines().count(), noArgs.err());

        CliRunner badOpt = CliRunner.run("info", SAMPLE, "--frobnicate");
        assertEquals(2, badOpt.exit());
        assertTrue(
                badOpt.err().startsWith("orderlens: Unknown option: '--frobnicate'"), badOpt.err());

        CliRunner badFormat = CliRunner.run("info", SAMPLE, "--format", "pcap");
        assertEquals(2, badFormat.exit());
        assertTrue(badFormat.err().contains("unknown format 'pcap'"), badFormat.err());

        CliRunner badOffset = CliRunner.run("info", SAMPLE, "--offset", SAMPLE + "=soon");
        assertEquals(2, badOffset.exit());
        assertTrue(badOffset.err().contains("expected seconds"), badOffset.err());

        CliRunner notAFile = CliRunner.run("info", SAMPLE, "--layer", "other.txt=guest");
        assertEquals(2, notAFile.exit());
        assertTrue(
                notAFile.err().contains("other.txt is not one of the input files"), notAFile.err());

        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {0, 1, 2, 3, 0, 0});
        CliRunner bin = CliRunner.run("info", garbage.toString());
        assertEquals(2, bin.exit());
        assertEquals(1, bin.err().strip().lines().count());
        assertTrue(bin.err().contains("binary data"), bin.err());
    }

    @Test
    void helpAndVersion() {
        CliRunner help = CliRunner.run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("info") && help.out().contains("gui"), help.out());
        CliRunner version = CliRunner.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("OrderLens "), version.out());
    }

    @Test
    void offsetsShiftAFile() throws Exception {
        CliRunner r = CliRunner.run("info", SAMPLE, "--offset", SAMPLE + "=1.5", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(1.5, j.get("startSeconds").asDouble(), 1e-12);
        assertEquals(1.5, j.get("files").get(0).get("offsetSeconds").asDouble(), 1e-12);
    }
}
