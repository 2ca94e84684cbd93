package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze}'s text, {@code --why} and paged JSON on real guest + QEMU captures (recipes in
 * sample-traces/README.md): the renderers of one CrashReport agree with each other.
 */
class AnalyzeRealCaptureTest {
    static final String[] UNSAFE = {
        "sample-traces/unsafe.guest.blkparse.txt", "sample-traces/unsafe.qemu.log"
    };
    static final String[] WRITEBACK = {
        "sample-traces/writeback.guest.blkparse.txt", "sample-traces/writeback.qemu.log"
    };

    static CliRunner run(String[] files, String... args) {
        List<String> all = new ArrayList<>(List.of("analyze"));
        all.addAll(List.of(files));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    static JsonNode json(String[] files, String... args) throws Exception {
        CliRunner r = run(files, args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void theTablesCountsAreTheJsons() throws Exception {
        CliRunner text = run(UNSAFE, "--crash-at", "0.5");
        assertEquals(0, text.exit(), text.err());
        JsonNode crash = json(UNSAFE, "--crash-at", "0.5", "--json").get("crash");
        JsonNode c = crash.get("counts");
        String counts =
                String.format(
                        "counts    durable %d, volatile %d, in flight %d, lost %d, not issued %d",
                        c.get("durable").asInt(),
                        c.get("volatile").asInt(),
                        c.get("inFlight").asInt(),
                        c.get("lost").asInt(),
                        c.get("notIssued").asInt());
        assertTrue(text.out().contains(counts + "\n"), text.out());
        int atRisk = c.get("volatile").asInt() + c.get("inFlight").asInt() + c.get("lost").asInt();
        assertTrue(atRisk > 50, "a real capture with more writes at risk than a page");
        assertTrue(text.out().contains("writes at risk (" + atRisk + ")"), text.out());
        // the first 50 in the table, the rest counted
        List<String> rows =
                text.out()
                        .lines()
                        .filter(l -> l.matches("  (volatile|in-flight|lost) .*"))
                        .toList();
        assertEquals(50, rows.size());
        assertTrue(
                text.out().contains("… and " + (atRisk - 50) + " more writes at risk"), text.out());
        // the JSON lists every write (fewer than its default limit) and says nothing is left out
        int writes = 0;
        for (JsonNode n : c) {
            writes += n.asInt();
        }
        assertEquals(writes, crash.get("writes").size());
        assertEquals(writes, crash.get("writesMatching").asInt());
        assertEquals(0, crash.get("writesLeftOut").asInt());
        // the table's rows are the JSON's at-risk writes, in the same order, by name
        List<String> jsonNames = new ArrayList<>();
        for (JsonNode w : crash.get("writes")) {
            if (!w.get("state").asText().equals("durable")
                    && !w.get("state").asText().equals("not-issued")) {
                jsonNames.add(w.get("name").asText());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(jsonNames.get(i), rows.get(i).trim().split(" +")[1], rows.get(i));
        }
    }

    @Test
    void crashStatesAreWordedFromTheUncertainSectors() throws Exception {
        JsonNode crash = json(UNSAFE, "--crash-at", "0.5", "--json").get("crash");
        // independently of log2States: the sectors of the content layer's uncertain writes
        String content = crash.get("contentLayer").asText();
        long sectors = 0;
        int writes = 0;
        for (JsonNode w : crash.get("writes")) {
            String s = w.get("state").asText();
            if (w.get("layer").asText().equals(content)
                    && (s.equals("volatile") || s.equals("in-flight"))
                    && w.get("count").asInt() > 0) {
                sectors += w.get("count").asLong();
                writes++;
            }
        }
        assertEquals(sectors, crash.get("uncertainUnits").asLong());
        assertEquals(writes, crash.get("uncertainWrites").asInt());
        assertEquals((double) sectors, crash.get("log2States").asDouble(), 1e-9);
        String expected =
                "2^"
                        + sectors
                        + " crash states: "
                        + sectors
                        + " sectors of "
                        + writes
                        + " uncertain writes may each land or not";
        assertEquals(expected, crash.get("crashStates").asText());
        assertTrue(run(UNSAFE, "--crash-at", "0.5").out().contains("states    " + expected));
    }

    @Test
    void whyPrintsTheChainNamingTheFlushThatCoversTheWrite() {
        // writeback.guest.blkparse.txt: line 1 queues guest#1 (81920+8), line 7 completes it at
        // 0.002188930 s; the guest's next flush is queued at line 132 (Q FWS) and issued at line
        // 134
        // (D FN, 0.048459330 s), so the flush request is guest#134, completing at line 135
        // (C FN, 0.049586660 s): it covers guest#1
        CliRunner r = run(WRITEBACK, "--crash-at", "1.0", "--why", "guest#1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .startsWith(
                                "guest#1 write (writeback.guest.blkparse.txt:1), sectors 81920+8,"
                                        + " submitted 0.000000000 s, completed 0.002188930 s\n"),
                r.out());
        assertTrue(
                r.out()
                        .contains(
                                "completed at or before guest#134 flush was submitted at"
                                        + " 0.048459330 s; it completed OK at 0.049586660 s"),
                r.out());
        assertTrue(r.out().contains("state     durable\n"), r.out());
        // the qualified form is needed where the bare id names a request in each file
        CliRunner bare = run(WRITEBACK, "--crash-at", "1.0", "--why", "1");
        assertEquals(2, bare.exit());
        assertTrue(bare.err().contains("guest#1"), bare.err());
    }

    @Test
    void jsonPagesAndFiltersTheWritesWithCompleteTotals() throws Exception {
        JsonNode all = json(UNSAFE, "--crash-at", "0.5", "--json", "--states", "volatile");
        int volatileWrites = all.get("crash").get("counts").get("volatile").asInt();
        assertEquals(volatileWrites, all.get("crash").get("writes").size());
        JsonNode page =
                json(
                                UNSAFE,
                                "--crash-at",
                                "0.5",
                                "--json",
                                "--states",
                                "volatile",
                                "--skip",
                                "10",
                                "--limit",
                                "10")
                        .get("crash");
        assertEquals(10, page.get("writes").size());
        assertEquals(volatileWrites, page.get("writesMatching").asInt());
        assertEquals(10, page.get("writesListed").asInt());
        assertEquals(volatileWrites - 10, page.get("writesLeftOut").asInt());
        assertEquals(volatileWrites, page.get("counts").get("volatile").asInt(), "totals complete");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            JsonNode w = page.get("writes").get(i);
            assertEquals("volatile", w.get("state").asText());
            assertEquals(all.get("crash").get("writes").get(10 + i).get("name"), w.get("name"));
            names.add(w.get("name").asText());
        }
        assertEquals(10, names.size());
        JsonNode none = json(UNSAFE, "--crash-at", "0.5", "--json", "--states", "durable");
        assertEquals(0, none.get("crash").get("writes").size());
    }
}
