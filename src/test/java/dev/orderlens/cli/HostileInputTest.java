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
                                                        "--crash-states",
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

    Path oneWrite() throws Exception {
        return traceFile(
                "w.json",
                "{\"id\": 1, \"layer\": \"device\", \"lane\": \"sda\", \"op\": \"write\","
                        + " \"sector\": 0, \"count\": 8, \"submit\": 0, \"complete\": 10}");
    }

    /**
     * Item 14: names from the input starting with = + - @ went into the CSV as is (a live formula
     * in a spreadsheet). The trace's lane, process and data are hostile; request 1 was submitted
     * 100 ns before request 2 (trace zero = its submit), so no time is negative, but the lane "-1"
     * is text and gets the prefix while the numeric sector column keeps its plain digits.
     */
    @Test
    void csvCellsFromTheInputCannotBeFormulas() throws Exception {
        Path f =
                traceFile(
                        "evil.json",
                        "{\"id\": 1, \"layer\": \"device\", \"lane\": \"=HYPERLINK(\\\"http://evil/\\\",\\\"x\\\")\","
                                + " \"op\": \"write\", \"sector\": 0, \"count\": 8, \"submit\": 0,"
                                + " \"complete\": 10, \"process\": \"@SUM(A1)\", \"pid\": 7, \"data\": \"+1\"}",
                        "{\"id\": 2, \"layer\": \"device\", \"lane\": \"-1\", \"op\": \"write\","
                                + " \"sector\": 8, \"count\": 8, \"submit\": 100, \"complete\": 110}");
        Path csv = dir.resolve("r.csv");
        CliRunner r = CliRunner.run("export", f.toString(), "--csv", csv.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = Files.readString(csv).split("\r?\n");
        assertTrue(
                lines[1].startsWith(
                        "1,device,\"'=HYPERLINK(\"\"http://evil/\"\",\"\"x\"\")\",write,"),
                lines[1]);
        assertTrue(lines[1].contains(",7,'@SUM(A1),'+1,"), lines[1]);
        assertTrue(lines[2].startsWith("2,device,'-1,write,,8,8,"), lines[2]);
    }

    /**
     * Item 15: exports replaced symlinks with regular files and would have replaced device nodes.
     */
    @Test
    void exportsFollowLinksAndWriteThroughSpecialFiles() throws Exception {
        Path trace = oneWrite();
        // a symlink: its target is replaced, the link stays
        Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
        CliRunner r = CliRunner.run("export", trace.toString(), "--csv", link.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).startsWith("id,layer,lane"), Files.readString(real));
        assertTrue(r.out().contains("is a symlink: wrote its target"), r.out());
        // a FIFO: written through to its reader, still a FIFO afterwards
        Path fifo = dir.resolve("out.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.util.concurrent.CompletableFuture<String> reader =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return Files.readString(fifo);
                            } catch (java.io.IOException e) {
                                return e.toString();
                            }
                        });
        r =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(20),
                        () -> CliRunner.run("export", trace.toString(), "--csv", fifo.toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(reader.get().startsWith("id,layer,lane"), reader.get());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
    }

    /**
     * Item 15: as root, {@code --csv /dev/null} would have replaced /dev/null with a regular file.
     * A private copy of /dev/null (character device 1,3, made with mknod, which needs root; the
     * test is skipped otherwise) is written through and is still that device afterwards.
     */
    @Test
    void anExportToADeviceNodeWritesThroughAndKeepsTheNode() throws Exception {
        Path node = dir.resolve("null");
        Process mk = new ProcessBuilder("mknod", node.toString(), "c", "1", "3").start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mknod needs root");
        CliRunner r = CliRunner.run("export", oneWrite().toString(), "--csv", node.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("is not a regular file: wrote through to it"), r.out());
        int charDevice = 0020000; // S_IFCHR in st_mode (inode(7))
        assertEquals(charDevice, (int) Files.getAttribute(node, "unix:mode") & 0170000);
        assertEquals(makedev(1, 3), (long) Files.getAttribute(node, "unix:rdev"));
        assertEquals(0, Files.size(node), "still /dev/null: nothing was kept");
    }

    /** glibc's makedev for small major and minor numbers. */
    private static long makedev(int major, int minor) {
        return ((long) major << 8) | minor;
    }

    /**
     * Item 16: exports left temporaries of killed runs for ever, replaced read-only files silently
     * and made missing directories.
     */
    @Test
    void exportsRefuseReadOnlyFilesAndMissingDirectoriesAndCleanStaleTemporaries()
            throws Exception {
        Path trace = oneWrite();
        // a read-only file is refused, and replaced with --force
        Path ro = Files.writeString(dir.resolve("ro.csv"), "keep\n");
        Files.setPosixFilePermissions(
                ro, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        CliRunner r = CliRunner.run("export", trace.toString(), "--csv", ro.toString());
        assertOneLineError(r, ro.toString(), "read-only");
        assertEquals("keep\n", Files.readString(ro));
        r = CliRunner.run("export", trace.toString(), "--csv", ro.toString(), "--force");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(ro).startsWith("id,layer,lane"));
        // a missing directory is refused, not created
        Path missing = dir.resolve("no-such-dir").resolve("x.csv");
        r = CliRunner.run("export", trace.toString(), "--csv", missing.toString());
        assertOneLineError(r, "no-such-dir", "does not exist");
        assertTrue(Files.notExists(missing.getParent()));
        // a temporary of a run that is gone (pid not alive) is removed by the next export
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(dir.resolve(".t.csv.pid" + gone.pid() + ".42.tmp"), "x");
        Path mine =
                Files.writeString(
                        dir.resolve(".t.csv.pid" + ProcessHandle.current().pid() + ".43.tmp"), "x");
        r = CliRunner.run("export", trace.toString(), "--csv", dir.resolve("t.csv").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.notExists(stale), "the dead run's temporary is gone");
        assertTrue(Files.exists(mine), "a live run's temporary is left alone");
    }

    /**
     * Item 11: {@code --offset FILE=NaN} was taken as 0 and {@code FILE=1e300} wrapped the file's
     * times (a span of -1 µs); both are refused naming the option, as are infinity and -4.7e9 (past
     * 2^62 ns), while 4.6e9, which cannot wrap a time of the file, is taken.
     */
    @Test
    void anOffsetThatIsNotANumberOrWouldWrapTheTimesIsRefused() throws Exception {
        Path trace = oneWrite();
        String name = trace.getFileName().toString();
        for (String bad : new String[] {"NaN", "1e300", "-4.7e9", "Infinity"}) {
            CliRunner r = CliRunner.run("info", trace.toString(), "--offset", name + "=" + bad);
            assertOneLineError(r, "--offset", "expected seconds between -4.6e9 and 4.6e9");
            assertEquals(2, r.exit());
        }
        CliRunner ok = CliRunner.run("info", trace.toString(), "--offset", name + "=4.6e9");
        assertEquals(0, ok.exit(), ok.err());
    }

    /**
     * Item 13: a truncated .gz or .xz said "cannot read input: null" or the decompressor's words;
     * now one line naming the file. The input is a real sample (writeback.qemu.log) compressed and
     * cut in half.
     */
    @Test
    void aTruncatedGzipOrXzFileIsOneLineNamingTheFile() throws Exception {
        byte[] log = Files.readAllBytes(Path.of("sample-traces/writeback.qemu.log"));
        for (String suffix : new String[] {".gz", ".xz"}) {
            byte[] packed = suffix.equals(".gz") ? FuzzHarness.gzip(log) : FuzzHarness.xz(log);
            Path cut =
                    Files.write(
                            dir.resolve("cut.qemu.log" + suffix),
                            java.util.Arrays.copyOf(packed, packed.length / 2));
            CliRunner r = CliRunner.run("info", cut.toString());
            assertOneLineError(r, cut.toString(), "ends too early");
            assertTrue(!r.err().contains("null"), r.err());
        }
    }

    /**
     * A line with no end (a gzip of 100 MiB of 'x' after a real first line) grew the line buffer
     * until the heap was gone, and past 1 GiB would overflow an int: lines stop at 64 MiB with one
     * line naming the file and the line. The first line is line 1 of none.guest.blkparse.txt.
     */
    @Test
    void aLineLongerThanSixtyFourMebibytesIsOneLineNamingTheFileAndLine() throws Exception {
        String first =
                Files.readAllLines(Path.of("sample-traces/none.guest.blkparse.txt")).get(0) + "\n";
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) 'x');
        byte[] member = FuzzHarness.gzip(mib);
        Path f = dir.resolve("endless.blkparse.txt.gz");
        try (var out = Files.newOutputStream(f)) {
            out.write(FuzzHarness.gzip(first.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            for (int i = 0; i < 100; i++) {
                out.write(member);
            }
        }
        CliRunner r =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60), () -> CliRunner.run("info", f.toString()));
        assertOneLineError(r, f.toString(), "line 2 is longer than 64 MiB");
        assertEquals(2, r.exit());
    }

    /**
     * Item 13: JSON past one of Jackson's limits (nesting deeper than 1,000 levels) named neither
     * file nor line; now one line naming the file and the limit.
     */
    @Test
    void traceJsonPastAParserLimitIsOneLineNamingTheFile() throws Exception {
        Path deep =
                Files.writeString(
                        dir.resolve("deep.json"),
                        "{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": ["
                                + "[".repeat(2000)
                                + "]".repeat(2000)
                                + "]}\n");
        CliRunner r = CliRunner.run("info", deep.toString());
        assertOneLineError(r, "deep.json", "nesting depth");
        assertEquals(2, r.exit());
    }

    /**
     * Item 13: a full disk while writing a PNG printed a second stack trace from ImageIO's cache
     * stream. /dev/full (a device: written through, never replaced) fails every write with ENOSPC.
     */
    @Test
    void aPictureWrittenToAFullDiskIsOneLine() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full");
        CliRunner r = CliRunner.run("export", oneWrite().toString(), "--png", full.toString());
        assertOneLineError(r, "/dev/full", "No space left on device");
        assertEquals(2, r.exit());
        assertEquals("", r.out().strip());
    }

    /**
     * Item 12: a NUL in a session's relative path threw InvalidPathException (the app could not
     * start), and a Jackson limit (here nesting deeper than its 1,000 levels) gave a
     * NullPointerException for the missing location. Both are now SessionExceptions naming the
     * file.
     */
    @Test
    void brokenSessionFilesGiveMessagesNotExceptions() throws Exception {
        String head =
                "{\"format\": \"orderlens-session\", \"version\": 1, \"source\": {\"files\": [";
        Path nulRelative = dir.resolve("nul.olsession");
        Files.writeString(
                nulRelative,
                head + "{\"path\": \"/x/t.json\", \"relative\": \"t\\u0000.json\"}]}}");
        Path nulPath = dir.resolve("nulpath.olsession");
        Files.writeString(nulPath, head + "{\"path\": \"/x/t\\u0000.json\"}]}}");
        Path deep = dir.resolve("deep.olsession");
        Files.writeString(deep, "[".repeat(5000) + "]".repeat(5000));
        for (Path p : new Path[] {nulRelative, nulPath, deep}) {
            try {
                dev.orderlens.export.SessionJson.read(p);
                assertTrue(p == nulRelative, p + " read without error");
            } catch (dev.orderlens.export.SessionJson.SessionException e) {
                assertTrue(p != nulRelative, "the relative path falls back to the absolute one");
                assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            }
        }
    }
}
