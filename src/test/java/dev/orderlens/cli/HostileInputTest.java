package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: one minimal input per class of hostile or broken input, run through the CLI in-process.
 * Each must end quickly with a result or a one-line error naming the file.
 */
class HostileInputTest {
    @TempDir Path dir;

    /** The whole of stderr is one line that names the file and says why. */
    static void assertOneLineError(CliRunner r, String file, String why) {
        assertNotEquals(0, r.exit(), r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains(file), "names the file: " + err);
        assertTrue(err.contains(why), "says '" + why + "': " + err);
    }

    /** Item 5: a FIFO blocked the reader forever; non-regular files are refused at once. */
    @Test
    void aFifoIsRefusedNotWaitedOn() throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        for (String[] args :
                new String[][] {
                    {"info", fifo.toString()},
                    {"analyze", fifo.toString()},
                    {"stats", fifo.toString()},
                    {"simulate", fifo.toString(), "-o", dir.resolve("o.json").toString()}
                }) {
            CliRunner r =
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRunner.run(args));
            assertOneLineError(r, fifo.toString(), "not a regular file");
        }
    }

    /** Item 5: "-" (standard input) is not supported, and says so instead of "no such file". */
    @Test
    void standardInputIsRefusedWithAReason() {
        CliRunner r = CliRunner.run("info", "-");
        assertOneLineError(r, "-", "standard input is not supported");
    }

    /** A trace JSON file of the given request objects. */
    Path traceFile(String name, String... requests) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(
                f,
                "{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": ["
                        + String.join(",\n", requests)
                        + "], \"events\": []}\n");
        return f;
    }

    static JsonNode json(CliRunner r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /**
     * Item 9: one in-flight write of 2^31−1 sectors and {@code --states 4} allocated an int per
     * sector per torn state (OutOfMemoryError). Under per-sector tearing the states come with no
     * torn write first (nothing persisted, all persisted), then one torn write with its patterns
     * counted in binary from sector 0: 1 = sector 0 new, 2 = sector 1 new.
     */
    @Test
    void aHugeTornWriteIsEnumeratedAsRanges() throws Exception {
        Path f =
                traceFile(
                        "huge-write.json",
                        "{\"id\": 1, \"layer\": \"device\", \"lane\": \"sda\", \"op\": \"write\","
                                + " \"sector\": 0, \"count\": 2147483647, \"submit\": 0, \"complete\": null}");
        JsonNode states =
                assertTimeoutPreemptively(
                                Duration.ofSeconds(30),
                                () ->
                                        json(
                                                CliRunner.run(
                                                        "analyze",
                                                        f.toString(),
                                                        "--crash-at",
                                                        "1",
                                                        "--json",
                                                        "--states",
                                                        "4")))
                        .get("crash")
                        .get("states");
        assertEquals(4, states.size(), states.toString());
        assertEquals("[]", states.get(0).get("persisted").toString());
        assertEquals("[1]", states.get(1).get("persisted").toString());
        assertEquals(
                "[{\"sector\":0,\"count\":1}]",
                states.get(2).get("torn").get(0).get("sectors").toString());
        assertEquals(
                "[{\"sector\":1,\"count\":1}]",
                states.get(3).get("torn").get(0).get("sectors").toString());
    }

    /**
     * Item 6: {@code --sectors} printed one entry per sector (a 2^31-sector discard: ~200 GB). Now
     * consecutive sectors with the same candidates are one run: the write in flight at the crash
     * may or may not have reached sectors 0..2^31−2, so all of them hold "initial" or write 1.
     */
    @Test
    void sectorsOfAHugeDiscardAreOneRun() throws Exception {
        Path f =
                traceFile(
                        "huge-discard.json",
                        "{\"id\": 1, \"layer\": \"device\", \"lane\": \"sda\", \"op\": \"discard\","
                                + " \"sector\": 0, \"count\": 2147483647, \"submit\": 0, \"complete\": null}");
        JsonNode sectors =
                assertTimeoutPreemptively(
                                Duration.ofSeconds(30),
                                () ->
                                        json(
                                                CliRunner.run(
                                                        "analyze",
                                                        f.toString(),
                                                        "--crash-at",
                                                        "1",
                                                        "--json",
                                                        "--sectors")))
                        .get("crash")
                        .get("sectors");
        assertEquals(1, sectors.size(), sectors.toString());
        assertEquals(0, sectors.get(0).get("sector").asLong());
        assertEquals(2147483647L, sectors.get(0).get("count").asLong());
        assertEquals("[\"initial\",1]", sectors.get(0).get("candidates").toString());
    }

    /**
     * Item 7: {@code repeat.times} up to 2^31−1, nested, ran until the heap was gone. Two nested
     * repeats of 100,000 writes ask for 10^10 requests: refused before the simulation starts.
     */
    @Test
    void aSimulationTooBigIsRefusedBeforeItRuns() throws Exception {
        Path w = dir.resolve("huge.json");
        Files.writeString(
                w,
                "{\"format\": \"orderlens-workload\", \"steps\": [{\"op\": \"repeat\", \"times\": 100000,"
                        + " \"steps\": [{\"op\": \"repeat\", \"times\": 100000, \"steps\":"
                        + " [{\"op\": \"write\", \"sector\": 0, \"count\": 8}]}]}]}");
        CliRunner r =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(20),
                        () ->
                                CliRunner.run(
                                        "simulate",
                                        w.toString(),
                                        "-o",
                                        dir.resolve("o.json").toString()));
        assertOneLineError(r, w.toString(), "10,000,000,000 requests");
        Path sleeps = dir.resolve("sleeps.json");
        Files.writeString(
                sleeps,
                "{\"format\": \"orderlens-workload\", \"steps\": [{\"op\": \"repeat\", \"times\": 2147483647,"
                        + " \"steps\": [{\"op\": \"sleep\", \"ms\": 1000000000}]}]}");
        r =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(20),
                        () ->
                                CliRunner.run(
                                        "simulate",
                                        sleeps.toString(),
                                        "-o",
                                        dir.resolve("o.json").toString()));
        assertOneLineError(r, sleeps.toString(), "steps");
        assertTrue(Files.notExists(dir.resolve("o.json")), "nothing written");
    }

    /** Item 8: a time past the 64-bit nanosecond range is an error naming the option. */
    @Test
    void aCrashTimePastTheRangeOfTimesIsRefused() throws Exception {
        Path f =
                traceFile(
                        "one.json",
                        "{\"id\": 1, \"layer\": \"device\", \"lane\": \"sda\", \"op\": \"write\","
                                + " \"sector\": 0, \"count\": 8, \"submit\": 0, \"complete\": 10}");
        CliRunner r = CliRunner.run("analyze", f.toString(), "--crash-at", "1e300");
        assertOneLineError(r, "--crash-at 1.0E300", "within");
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Parameters String file;

        @picocli.CommandLine.Option(names = "--oom")
        boolean oom;

        @Override
        public Integer call() {
            if (oom) {
                throw new OutOfMemoryError("Java heap space");
            }
            int[] none = new int[0];
            return none[-1]; // an internal error, as EventTable.layer(-1) was
        }
    }

    /**
     * Item 8: an internal error reached the user as a stack trace. The last-resort handler prints
     * one line naming the file (the stack trace goes to System.Logger at DEBUG), for exceptions and
     * for Errors that escape picocli's handler (OutOfMemoryError).
     */
    @Test
    void anInternalErrorIsOneLineNamingTheFile() {
        for (String[] args :
                new String[][] {
                    {"boom", "some/trace.json"}, {"boom", "some/trace.json", "--oom"}
                }) {
            picocli.CommandLine cl = Main.commandLine();
            cl.addSubcommand("boom", new Boom());
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(err, true));
            cl.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
            int code = Main.execute(cl, args);
            CliRunner r = new CliRunner(code, "", err.toString());
            assertOneLineError(
                    r, "some/trace.json", args.length == 3 ? "out of memory" : "internal error");
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }
}
