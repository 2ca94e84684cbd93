package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code analyze} contract of docs/cli.md, checked on the bundled sample. */
class AnalyzeCommandTest {
    static final String SAMPLE = "sample-traces/journal-commit.json";

    static JsonNode json(String... args) throws Exception {
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonWithoutACrashHasTheTraceAndTheFindings() throws Exception {
        JsonNode j = json("analyze", SAMPLE, "--json");
        JsonNode t = j.get("trace");
        assertEquals(15, t.get("requests").asInt());
        assertEquals(7, t.get("byLayer").get("guest").asInt());
        assertEquals(12, t.get("byOp").get("write").asInt());
        assertEquals(0, t.get("skippedLines").asInt());
        assertEquals(0.0, t.get("startSeconds").asDouble());
        assertEquals(0.00049, t.get("endSeconds").asDouble(), 1e-12);
        JsonNode f = j.get("findings");
        assertEquals(2, f.get("crossingWrites").size());
        assertEquals(4, f.get("crossingWrites").get(0).get("write").asInt());
        assertEquals(5, f.get("crossingWrites").get(0).get("flush").asInt());
        assertEquals(14, f.get("crossingWrites").get(1).get("write").asInt());
        assertEquals(0, f.get("overtakingWrites").size());
        assertEquals(0, f.get("concurrentOverlaps").size());
        assertEquals(0, f.get("drainViolations").size());
        assertFalse(j.has("crash"), "no crash without --crash-at");
    }

    @Test
    void limitAlsoCapsThePromiseViolationsAndLostPredecessors() throws Exception {
        // the unsafe capture at 1.0 s: QEMU's cache=unsafe drops the guest's flushes, so many
        // guest writes told durable are not, and many lost ones have survivors after them
        String[] args = {
            "analyze",
            "sample-traces/unsafe.guest.blkparse.txt",
            "sample-traces/unsafe.qemu.log",
            "--crash-at",
            "1.0",
            "--json"
        };
        JsonNode all = json(concat(args, "--limit", "all")).get("crash");
        JsonNode one = json(concat(args, "--limit", "1")).get("crash");
        for (String list : List.of("promiseViolations", "lostPredecessors")) {
            int n = all.get(list).size();
            assertTrue(n > 1, list + ": the capture has several, " + n);
            assertEquals(0, all.get(list + "LeftOut").asInt(), list + " with --limit all");
            assertEquals(1, one.get(list).size(), list + " with --limit 1");
            assertEquals(all.get(list).get(0), one.get(list).get(0), "the first of " + list);
            assertEquals(n - 1, one.get(list + "LeftOut").asInt(), list + " left out");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void jsonWithACrashHasEveryContractField() throws Exception {
        JsonNode c = json("analyze", SAMPLE, "--crash-at", "0.00049", "--json").get("crash");
        assertEquals(0.00049, c.get("at").asDouble(), 1e-12);
        assertEquals("power-loss", c.get("kind").asText(), "from the trace's crash event");
        assertEquals("writeback", c.get("cacheMode").asText(), "from meta.config.cacheMode");
        assertEquals("sector", c.get("tearing").asText());
        assertEquals("device", c.get("contentLayer").asText());
        JsonNode counts = c.get("counts");
        assertEquals(8, counts.get("durable").asInt());
        assertEquals(4, counts.get("volatile").asInt());
        assertEquals(0, counts.get("inFlight").asInt());
        assertEquals(0, counts.get("lost").asInt());
        assertEquals(0, counts.get("notIssued").asInt());
        assertEquals(12, c.get("writes").size(), "every write of every layer");
        JsonNode w4 = null;
        for (JsonNode w : c.get("writes")) {
            for (String field :
                    List.of("id", "layer", "sector", "count", "line", "state", "reason")) {
                assertTrue(w.has(field), field);
            }
            if (w.get("id").asInt() == 4) {
                w4 = w;
            }
        }
        assertEquals("guest", w4.get("layer").asText());
        assertEquals(1016, w4.get("sector").asLong());
        assertEquals(8, w4.get("count").asInt());
        assertEquals(9, w4.get("line").asInt(), "its line in the JSON file");
        assertEquals("volatile", w4.get("state").asText());
        assertTrue(w4.get("reason").asText().endsWith("→ volatile"), w4.get("reason").asText());
        assertEquals(4, w4.get("steps").get(0).get("request").asInt());
        assertEquals(2, c.get("uncertainWrites").asInt());
        assertEquals(16.0, c.get("log2States").asDouble());
        assertEquals(0, c.get("promiseViolations").size());
        assertEquals(1, c.get("lostPredecessors").size());
        assertEquals(6, c.get("lostPredecessors").get(0).get("write").asInt());
        assertEquals(4, c.get("lostPredecessors").get(0).get("predecessor").asInt());
        assertFalse(c.has("sectors"));
        assertFalse(c.has("states"));
    }

    @Test
    void sectorsAndStatesOnRequest() throws Exception {
        JsonNode c =
                json(
                                "analyze",
                                SAMPLE,
                                "--crash-at",
                                "0.00049",
                                "--json",
                                "--sectors",
                                "--crash-states",
                                "3")
                        .get("crash");
        JsonNode sectors = c.get("sectors");
        long listed = 0;
        JsonNode s1016 = null;
        for (JsonNode s : sectors) {
            long from = s.get("sector").asLong();
            listed += s.get("count").asLong();
            if (from <= 1016 && 1016 < from + s.get("count").asLong()) {
                s1016 = s;
            }
        }
        assertEquals(40, listed, "five 8-sector writes' sectors, in runs");
        assertEquals("[\"initial\",14]", s1016.get("candidates").toString());
        assertEquals("sda", s1016.get("device").asText());
        JsonNode states = c.get("states");
        assertEquals(3, states.size());
        assertEquals("[]", states.get(0).get("persisted").toString());
        assertEquals("[14]", states.get(1).get("persisted").toString());
        assertEquals(0, states.get(1).get("torn").size());
    }

    @Test
    void tornStatesAreSectorRanges() throws Exception {
        JsonNode states =
                json(
                                "analyze",
                                SAMPLE,
                                "--crash-at",
                                "0.00049",
                                "--json",
                                "--tearing",
                                "atomic-4k",
                                "--crash-states",
                                "5")
                        .get("crash")
                        .get("states");
        assertEquals(
                4,
                states.size(),
                "both uncertain writes are one aligned 4 KiB unit: 2^2 states, no torn ones");
        assertEquals("[14,17]", states.get(3).get("persisted").toString());
        JsonNode perSector =
                json("analyze", SAMPLE, "--crash-at", "0.00049", "--json", "--crash-states", "5")
                        .get("crash")
                        .get("states")
                        .get(4)
                        .get("torn")
                        .get(0);
        assertEquals(14, perSector.get("write").asInt());
        assertEquals("[{\"sector\":1016,\"count\":1}]", perSector.get("sectors").toString());
    }

    @Test
    void optionsOverrideTheTracesDefaults() throws Exception {
        JsonNode c =
                json(
                                "analyze",
                                SAMPLE,
                                "--crash-at",
                                "0.00049",
                                "--crash-kind",
                                "qemu-kill",
                                "--cache-mode",
                                "unsafe",
                                "--json")
                        .get("crash");
        assertEquals("qemu-kill", c.get("kind").asText());
        assertEquals("unsafe", c.get("cacheMode").asText());
        assertEquals("guest", c.get("contentLayer").asText());
        assertEquals(
                12,
                c.get("counts").get("durable").asInt(),
                "everything had reached the host kernel");
        JsonNode early =
                json("analyze", SAMPLE, "--crash-at", "0.0001", "--json")
                        .get("crash")
                        .get("counts");
        assertEquals(8, early.get("notIssued").asInt());
        assertEquals(4, early.get("inFlight").asInt());
    }

    @Test
    void csvHasAHeaderAndOneRowPerWrite() throws Exception {
        CliRunner r = CliRunner.run("analyze", SAMPLE, "--crash-at", "0.00049", "--csv");
        assertEquals(0, r.exit(), r.err());
        try (CSVParser p =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(new StringReader(r.out()))) {
            assertEquals(List.of(AnalyzeCommand.CSV_HEADER), p.getHeaderNames());
            List<CSVRecord> rows = new ArrayList<>(p.getRecords());
            assertEquals(12, rows.size());
            CSVRecord w16 =
                    rows.stream().filter(x -> x.get("id").equals("16")).findFirst().orElseThrow();
            assertEquals("device", w16.get("layer"));
            assertEquals("fua", w16.get("flags"));
            assertEquals("durable", w16.get("state"));
            assertEquals("0.000398000", w16.get("completeSeconds"));
            assertTrue(w16.get("reason").contains("FUA write completed OK"), w16.get("reason"));
        }
    }

    @Test
    void severalCrashTimesInOneCsvWithTheColumnsAskedFor() throws Exception {
        CliRunner r =
                CliRunner.run(
                        "analyze",
                        SAMPLE,
                        "--crash-at",
                        "0.0002",
                        "--crash-at",
                        "0.001",
                        "--csv",
                        "--columns",
                        "crashSeconds,name,state");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("crashSeconds,name,state", lines.get(0));
        // 12 writes (journal-commit.json's requests but flushes 7, 15, 18) at each of the 2 times
        assertEquals(1 + 2 * 12, lines.size(), r.out());
        // at 200 µs: guest#1 completed at 120 µs, the flush that covers it (guest#5's PREFLUSH) is
        // submitted at 210 µs: volatile; guest#3 completes at exactly 200 µs, which is before the
        // crash: volatile; guest#4 is submitted at 205 µs: not issued
        assertTrue(lines.contains("0.000200000,guest#1,volatile"), r.out());
        assertTrue(lines.contains("0.000200000,guest#3,volatile"), r.out());
        assertTrue(lines.contains("0.000200000,guest#4,not-issued"), r.out());
        // at 1 ms: guest#5's PREFLUSH (device flush 15, done at 295 µs) has covered guest#1;
        // guest#4 completed at 260 µs, after that flush was submitted (210 µs), and the later
        // flush 7 never completes: still volatile
        assertTrue(lines.contains("0.001000000,guest#1,durable"), r.out());
        assertTrue(lines.contains("0.001000000,guest#4,volatile"), r.out());
        // the rows of the first time come first, in the order of one crash time's CSV
        assertTrue(lines.subList(1, 13).stream().allMatch(l -> l.startsWith("0.000200000,")));
        CliRunner one =
                CliRunner.run(
                        "analyze",
                        SAMPLE,
                        "--crash-at",
                        "0.001",
                        "--csv",
                        "--columns",
                        "name,state");
        assertEquals(
                one.out().lines().skip(1).toList(),
                lines.subList(13, 25).stream()
                        .map(l -> l.substring("0.001000000,".length()))
                        .toList());
    }

    @Test
    void severalCrashTimesInJsonAreEachTheOneTimeObject() throws Exception {
        JsonNode both =
                json("analyze", SAMPLE, "--crash-at", "0.0002", "--crash-at", "0.00049", "--json");
        assertFalse(both.has("crash"), "several times: a crashes array, no crash object");
        assertEquals(2, both.get("crashes").size());
        assertEquals(
                json("analyze", SAMPLE, "--crash-at", "0.0002", "--json").get("crash"),
                both.get("crashes").get(0));
        assertEquals(
                json("analyze", SAMPLE, "--crash-at", "0.00049", "--json").get("crash"),
                both.get("crashes").get(1));
        // at 200 µs (journal-commit.json): writes 1-3 and their device writes 11-13 have completed,
        // none covered by a flush yet; the other 6 are submitted later
        JsonNode early = both.get("crashes").get(0).get("counts");
        assertEquals(6, early.get("volatile").asInt());
        assertEquals(6, early.get("notIssued").asInt());
    }

    @Test
    void textNamesTheAtRiskWritesAndTheLostPredecessor() {
        CliRunner r = CliRunner.run("analyze", SAMPLE, "--crash-at", "0.00049");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .contains(
                                "counts    durable 8, volatile 4, in flight 0, lost 0, not issued 0"),
                r.out());
        // the table: state, name, op, sectors, submit, complete, the deciding step (journal-commit
        // .json: guest 4 is data#3 on 1016+8, submitted at 205 µs, completed at 260 µs; the device
        // flush 18 that would cover its device write 14 never completes)
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(
                                l ->
                                        l.matches(
                                                "  volatile +guest#4 +write +1016\\+8 +0\\.000205000 +0\\.000260000 +device#18 flush .*never completes.*")),
                r.out());
        assertTrue(r.out().contains("writes at risk (4)"), r.out());
        assertTrue(
                r.out().contains("lost predecessor: guest#6 may survive while guest#4 may not"),
                r.out());
        assertTrue(
                r.out()
                        .contains(
                                "crossing   guest#4 write in flight when guest#5 FUA|PREFLUSH write"),
                r.out());
    }

    @Test
    void badOptionsExitWithTwoAndOneLine() {
        String[][] cases = {
            {"--json", "--csv", "--crash-at", "0.1"},
            {"--crash-states", "3"},
            {"--why", "guest#4"},
            {"--crash-at", "0.1", "--states", "3"},
            {"--crash-at", "0.1", "--states", "gone"},
            {"--crash-at", "0.1", "--limit", "many"},
            {"--crash-at", "0.1", "--skip", "-1"},
            {"--crash-at", "0.1", "--why", "nolayer#4"},
            {"--crash-at", "0.1", "--why", "guest#4", "--json"},
            {"--sectors"},
            {"--csv"},
            {"--crash-kind", "power-loss"},
            {"--crash-at", "0.1", "--crash-kind", "meteor"},
            {"--crash-at", "0.1", "--cache-mode", "fast"},
            {"--crash-at", "0.1", "--tearing", "cloth"},
            {"--crash-at", "0.1", "--crash-states", "-1"},
            {"--crash-at", "soon"},
            {"--crash-at", "0.1", "--crash-at", "0.2"},
            {"--crash-at", "0.1", "--crash-at", "0.2", "--csv", "--why", "guest#4"},
            {"--crash-at", "0.1", "--columns", "state"},
            {"--crash-at", "0.1", "--csv", "--columns", "state,colour"},
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("analyze", SAMPLE));
            args.addAll(List.of(extra));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", extra) + ": " + r.err());
            assertTrue(r.err().startsWith("orderlens: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aMissingFileIsAUserError(@TempDir Path dir) {
        CliRunner r = CliRunner.run("analyze", dir.resolve("nope.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void aTraceWithBadLinesStillAnalyzes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(
                f,
                """
                {"format": "orderlens-trace", "version": 1, "requests": [
                {"id": 1, "layer": "device", "lane": "sda", "op": "write", "sector": 0, "count": 8, "submit": 0, "complete": 10},
                {"id": 2, "layer": "device", "lane": "sda", "op": "wirte", "sector": 0, "count": 8, "submit": 0, "complete": 10},
                {"id": 3, "layer": "device", "lane": "sda", "op": "flush", "submit": 20, "complete": 30}
                ]}
                """);
        JsonNode j = json("analyze", f.toString(), "--crash-at", "0.00000003", "--json");
        assertEquals(1, j.get("trace").get("skippedLines").asInt());
        assertEquals(1, j.get("crash").get("counts").get("durable").asInt());
    }
}
