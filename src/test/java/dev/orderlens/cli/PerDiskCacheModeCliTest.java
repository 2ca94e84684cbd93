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
 * {@code --cache-mode DISK=M} on the two-disk capture (sample-traces/expectations/two-disks.txt):
 * blk0 is vda (unsafe, inferred), blk1 vdb (writeback, assumed).
 */
class PerDiskCacheModeCliTest {
    static final String[] TWO = {
        "sample-traces/two-disks.guest.blkparse.txt", "sample-traces/two-disks.qemu.log"
    };

    @TempDir Path dir;

    private static CliRunner analyze(String... more) {
        String[] args = new String[2 + TWO.length + more.length];
        args[0] = "analyze";
        args[1] = "--json";
        System.arraycopy(TWO, 0, args, 2, TWO.length);
        System.arraycopy(more, 0, args, 2 + TWO.length, more.length);
        return CliRunner.run(args);
    }

    @Test
    void anUnknownDiskIsOneLineNamingTheDisks() {
        CliRunner r = analyze("--crash-at", "2.0", "--cache-mode", "blk9=none");
        assertEquals(2, r.exit());
        assertEquals(
                "orderlens: --cache-mode blk9=...: no disk blk9 in this trace; its disks are blk0,"
                        + " blk1",
                r.err().strip());
        CliRunner bad = analyze("--crash-at", "2.0", "--cache-mode", "blk1=fast");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--cache-mode blk1=fast: expected one of"), bad.err());
    }

    /**
     * blk1 set to writethrough: vdb's write G:8 (completed G:14 at 0.460937400 s) is durable at 0.8
     * s, vda's G:1 is volatile (no host flush ever reaches blk0); the JSON says each disk's mode
     * and where it came from.
     */
    @Test
    void oneDisksModeIsSetAndSaid() throws Exception {
        CliRunner r = analyze("--crash-at", "0.8", "--cache-mode", "blk1=writethrough");
        assertEquals(0, r.exit(), r.err());
        JsonNode crash = new ObjectMapper().readTree(r.out()).get("crash");
        JsonNode disks = crash.get("cacheModes").get("disks");
        assertEquals("blk0", disks.get(0).get("disk").asText());
        assertEquals("unsafe", disks.get(0).get("mode").asText());
        assertEquals("inferred", disks.get(0).get("origin").asText());
        assertEquals("blk1", disks.get(1).get("disk").asText());
        assertEquals("writethrough", disks.get(1).get("mode").asText());
        assertEquals("set", disks.get(1).get("origin").asText());
        assertEquals("blk0 unsafe, blk1 writethrough", crash.get("cacheMode").asText());
        String states = stateOf(new ObjectMapper().readTree(r.out()), "guest#1");
        assertEquals("volatile", states);
        assertEquals("durable", stateOf(new ObjectMapper().readTree(r.out()), "guest#8"));

        CliRunner all = analyze("--crash-at", "0.8", "--cache-mode", "writethrough");
        assertEquals(0, all.exit(), all.err());
        JsonNode j = new ObjectMapper().readTree(all.out());
        assertEquals("durable", stateOf(j, "guest#1"), "every disk writethrough");
        assertEquals(
                "set", j.get("crash").get("cacheModes").get("disks").get(0).get("origin").asText());
    }

    /** The text says each disk's mode and origin; the report's command repeats only the choice. */
    @Test
    void theTextAndTheReportsCommandSayIt() throws Exception {
        CliRunner text =
                CliRunner.run(
                        "analyze",
                        TWO[0],
                        TWO[1],
                        "--crash-at",
                        "2.0",
                        "--cache-mode",
                        "blk1=none");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("disk      blk0: cache=unsafe (inferred)\n"), text.out());
        assertTrue(text.out().contains("disk      blk1: cache=none (set by you)\n"), text.out());
        Path html = dir.resolve("r.html");
        CliRunner export =
                CliRunner.run(
                        "export",
                        TWO[0],
                        TWO[1],
                        "--crash-at",
                        "2.0",
                        "--cache-mode",
                        "blk1=none",
                        "--html",
                        html.toString());
        assertEquals(0, export.exit(), export.err());
        String page = Files.readString(html);
        assertTrue(
                page.contains("--crash-kind power-loss --cache-mode blk1=none --tearing sector"),
                "the reproduce command");
        assertTrue(page.contains("cache mode of blk0</th><td>unsafe (inferred)"), "per-disk rows");
        assertTrue(page.contains("cache mode of blk1</th><td>none (set by you)"), "per-disk rows");
    }

    /** export --session applies the cache modes the session set; --cache-mode replaces them. */
    @Test
    void exportKeepsTheSessionsModes() throws Exception {
        Path session = dir.resolve("s.json");
        Files.writeString(
                session,
                "{\"format\": \"orderlens-session\", \"version\": 1,"
                        + " \"source\": {\"bundled\": \"journal-commit.json\"},"
                        + " \"crash\": {\"at\": 800000000, \"kind\": \"power-loss\","
                        + " \"cacheModes\": {\"blk1\": \"writethrough\"}, \"tearing\": \"sector\"}}");
        Path json = dir.resolve("a.json");
        CliRunner r =
                CliRunner.run(
                        "export",
                        TWO[0],
                        TWO[1],
                        "--session",
                        session.toString(),
                        "--crash-at",
                        "0.8",
                        "--json",
                        json.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        JsonNode blk1 = root.get("crash").get("cacheModes").get("disks").get(1);
        assertEquals("writethrough", blk1.get("mode").asText());
        assertEquals("set", blk1.get("origin").asText());
        assertEquals("durable", stateOf(root, "guest#8"), "vdb's G:8 under writethrough");

        CliRunner given =
                CliRunner.run(
                        "export",
                        TWO[0],
                        TWO[1],
                        "--session",
                        session.toString(),
                        "--crash-at",
                        "0.8",
                        "--cache-mode",
                        "blk0=unsafe",
                        "--json",
                        json.toString(),
                        "--force");
        assertEquals(0, given.exit(), given.err());
        JsonNode again = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(
                "writeback",
                again.get("crash").get("cacheModes").get("disks").get(1).get("mode").asText(),
                "--cache-mode replaces the session's choices");
        assertEquals("volatile", stateOf(again, "guest#8"));
    }

    private static String stateOf(JsonNode root, String name) {
        for (JsonNode w : root.get("crash").get("writes")) {
            if (w.get("name").asText().equals(name)) {
                return w.get("state").asText();
            }
        }
        throw new AssertionError("no write " + name + " in " + root.get("crash").get("writes"));
    }
}
