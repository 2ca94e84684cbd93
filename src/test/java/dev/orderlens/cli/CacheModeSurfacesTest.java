package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inferred cache mode is said in {@code info}, {@code analyze} (text and JSON) and the HTML
 * report, and {@code analyze} takes it by default. The unsafe capture's raw counts (21 guest
 * flushes, 15 after writes, 0 host flushes) are derived in CacheModeInferenceTest.
 */
class CacheModeSurfacesTest {
    static final String[] UNSAFE = AnalyzeRealCaptureTest.UNSAFE;
    static final String SAID =
            "cache     blk0 of sample-traces/unsafe.qemu.log: cache mode unsafe (inferred: 21 guest"
                    + " flushes (15 after writes), 0 host flushes)";

    @Test
    void infoSaysItInTextAndJson() throws Exception {
        CliRunner text = CliRunner.run("info", UNSAFE[0], UNSAFE[1]);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains(SAID), text.out());
        CliRunner json = CliRunner.run("info", "--json", UNSAFE[0], UNSAFE[1]);
        assertEquals(0, json.exit(), json.err());
        JsonNode d = new ObjectMapper().readTree(json.out()).get("cacheModes").get(0);
        assertEquals("unsafe", d.get("mode").asText());
        assertTrue(d.get("inferred").asBoolean());
        assertEquals(21, d.get("guestFlushes").asInt());
        assertEquals(0, d.get("hostFlushes").asInt());
    }

    @Test
    void analyzeDefaultsToItAndSaysSo() throws Exception {
        CliRunner text = AnalyzeRealCaptureTest.run(UNSAFE, "--crash-at", "1.5");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains(SAID), text.out());
        assertTrue(text.out().contains("cache=unsafe"), text.out());
        JsonNode j = AnalyzeRealCaptureTest.json(UNSAFE, "--crash-at", "1.5", "--json");
        assertEquals("unsafe", j.get("cacheModes").get(0).get("mode").asText());
        assertEquals("unsafe", j.get("crash").get("cacheMode").asText());
        // the user's choice wins
        JsonNode given =
                AnalyzeRealCaptureTest.json(
                        UNSAFE, "--crash-at", "1.5", "--json", "--cache-mode", "writeback");
        assertEquals("writeback", given.get("crash").get("cacheMode").asText());
    }

    @Test
    void theHtmlReportSaysIt(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        CliRunner r = CliRunner.run("export", UNSAFE[0], UNSAFE[1], "--html", html.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                Files.readString(html)
                        .contains(
                                "unsafe (inferred: 21 guest flushes (15 after writes), 0 host"
                                        + " flushes)"));
    }
}
