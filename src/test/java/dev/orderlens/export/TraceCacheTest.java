package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.BlktraceImporterTest;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace cache on the real captures: what comes back from the cache is the trace the import
 * built (every accessor, the trace JSON and the requests CSV byte for byte); stale entries are
 * never used; damaged files are ignored with one logged line and the input imported again.
 */
class TraceCacheTest {
    private static final Path SAMPLES = Path.of("sample-traces");

    @TempDir Path cacheDir;
    @TempDir Path scratch;

    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = Logger.getLogger(TraceCache.class.getName());
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord r) {
                    logged.add(r);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
        log.setUseParentHandlers(false); // the expected warnings, kept off the build's console
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
        log.setUseParentHandlers(true);
    }

    /**
     * Every capture in sample-traces, each file alone (a blktrace archive as its unpacked per-CPU
     * files), and each guest blkparse with the QEMU log or simpletrace of the same run.
     */
    private List<List<Path>> captures() throws IOException {
        List<List<Path>> sets = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.endsWith(".md") || n.endsWith(".workload.txt") || n.endsWith(".qmp.log")) {
                continue;
            }
            if (n.endsWith(".blktrace.tar.xz")) {
                Path dir = Files.createDirectories(scratch.resolve(n));
                BlktraceImporterTest.unpack(f, dir);
                sets.add(List.of(dir));
                continue;
            }
            sets.add(List.of(f));
            if (n.endsWith(".guest.blkparse.txt")) {
                String run = n.substring(0, n.length() - ".guest.blkparse.txt".length());
                for (String other : List.of(".qemu.log", ".qemu.simpletrace.bin")) {
                    Path o = SAMPLES.resolve(run + other);
                    if (Files.exists(o)) {
                        sets.add(List.of(f, o));
                    }
                }
            }
        }
        return sets;
    }

    private static List<TraceLoader.FileSpec> specs(List<Path> files) throws Exception {
        List<TraceLoader.FileSpec> specs = new ArrayList<>();
        for (Path p : files) {
            specs.add(new TraceLoader.FileSpec(TraceLoader.open(p), null, null, null));
        }
        return specs;
    }

    @Test
    void everyCaptureReadBackFromTheCacheIsTheImportedTrace() throws Exception {
        TraceCache cache = new TraceCache(cacheDir, TraceCache.DEFAULT_MAX_BYTES);
        List<List<Path>> sets = captures();
        assertTrue(sets.size() > 60, "captures found: " + sets.size());
        for (List<Path> set : sets) {
            Trace fresh = TraceLoader.load(specs(set), Progress.NONE);
            TraceCache.Loaded first = cache.open(specs(set), Progress.NONE);
            assertFalse(first.fromCache(), set + ": nothing cached yet");
            assertNotNull(first.toWrite(), set + ": plain files have a key");
            cache.write(first.toWrite(), first.trace());
            TraceCache.Loaded second = cache.open(specs(set), Progress.NONE);
            assertTrue(second.fromCache(), set + ": read from the cache");
            assertNull(second.toWrite(), set.toString());
            Trace back = second.trace();
            assertEquals(TraceFacts.of(fresh), TraceFacts.of(back), set + ": every fact");
            assertEquals(json(fresh), json(back), set + ": trace JSON");
            assertEquals(csv(fresh), csv(back), set + ": requests CSV");
        }
        assertTrue(logged.isEmpty(), "nothing was wrong: " + messages());
    }

    private static String json(Trace t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(t, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String csv(Trace t) throws IOException {
        StringWriter out = new StringWriter();
        CsvExport.requests(t, null, out, Progress.NONE);
        return out.toString();
    }

    private static final List<Path> PAIR =
            List.of(
                    SAMPLES.resolve("writeback.guest.blkparse.txt"),
                    SAMPLES.resolve("writeback.qemu.log"));

    @Test
    void aTouchedInputOrOtherOptionsOrAnotherFormatVersionAreNotServed() throws Exception {
        Path guest = Files.copy(PAIR.get(0), scratch.resolve("guest.blkparse.txt"));
        Path qemu = Files.copy(PAIR.get(1), scratch.resolve("qemu.log"));
        List<Path> set = List.of(guest, qemu);
        TraceCache cache = new TraceCache(cacheDir, TraceCache.DEFAULT_MAX_BYTES);
        TraceCache.Loaded first = cache.open(specs(set), Progress.NONE);
        cache.write(first.toWrite(), first.trace());
        assertTrue(cache.open(specs(set), Progress.NONE).fromCache());

        // other options for the same files: another key
        List<TraceLoader.FileSpec> shifted = specs(set);
        shifted.set(1, shifted.get(1).withOffset(0.5));
        assertFalse(cache.open(shifted, Progress.NONE).fromCache(), "offset given");
        List<TraceLoader.FileSpec> layered = specs(set);
        layered.set(0, layered.get(0).withLayer("device"));
        assertFalse(cache.open(layered, Progress.NONE).fromCache(), "layer given");
        List<TraceLoader.FileSpec> formatted = specs(set);
        formatted.set(0, formatted.get(0).withFormat("blkparse"));
        assertFalse(cache.open(formatted, Progress.NONE).fromCache(), "format given");

        // the input touched (same bytes, newer time) or changed in size
        Files.setLastModifiedTime(qemu, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertFalse(cache.open(specs(set), Progress.NONE).fromCache(), "touched");
        Files.writeString(guest, Files.readString(guest) + "\n");
        assertFalse(cache.open(specs(set), Progress.NONE).fromCache(), "grown");
        assertTrue(logged.isEmpty(), "a stale key is a miss, not an error: " + messages());
    }

    @Test
    void aFileOfAnotherFormatVersionIsIgnoredWithOneLine() throws Exception {
        TraceCache cache = new TraceCache(cacheDir, TraceCache.DEFAULT_MAX_BYTES);
        TraceCache.Loaded first = cache.open(specs(PAIR), Progress.NONE);
        cache.write(first.toWrite(), first.trace());
        Path file = cacheDir.resolve(first.toWrite().fileName());
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(8, TraceCache.FORMAT_VERSION + 1); // the version field, after the 8-byte magic
        int keyLength = bb.getInt(12);
        CRC32C crc = new CRC32C(); // a well-formed header of the next version
        crc.update(b, 0, 28);
        crc.update(b, 32, keyLength);
        bb.putInt(28, (int) crc.getValue());
        Files.write(file, b);
        TraceCache.Loaded again = cache.open(specs(PAIR), Progress.NONE);
        assertFalse(again.fromCache());
        assertEquals(TraceFacts.of(first.trace()), TraceFacts.of(again.trace()));
        assertEquals(1, logged.size(), messages());
        assertTrue(messages().contains("format version"), messages());
    }

    @Test
    void truncatedEmptyAndBitFlippedFilesAreIgnoredAndTheInputImported() throws Exception {
        TraceCache cache = new TraceCache(cacheDir, TraceCache.DEFAULT_MAX_BYTES);
        TraceCache.Loaded first = cache.open(specs(PAIR), Progress.NONE);
        cache.write(first.toWrite(), first.trace());
        Path file = cacheDir.resolve(first.toWrite().fileName());
        byte[] good = Files.readAllBytes(file);
        String expected = TraceFacts.of(first.trace());
        Random random = new Random(360);
        List<byte[]> damaged = new ArrayList<>();
        damaged.add(new byte[0]);
        for (int cut : new int[] {1, 31, 32, 33, good.length / 2, good.length - 1}) {
            damaged.add(java.util.Arrays.copyOf(good, cut));
        }
        for (int i = 0; i < 150; i++) { // one flipped bit anywhere: header, key or columns
            byte[] b = good.clone();
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
            damaged.add(b);
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 8);
        damaged.add(longer);
        for (byte[] b : damaged) {
            Files.write(file, b);
            logged.clear();
            assertNull(cache.read(first.toWrite()), "a damaged file is not used");
            assertEquals(1, logged.size(), "one line for it: " + messages());
            String line = logged.get(0).getMessage();
            assertTrue(line.contains(file.toString()) && line.contains("ignored"), line);
            assertFalse(line.contains("\n"), line);
        }
        // after all that, opening still gives the imported trace (and rewrites the entry)
        Files.write(file, damaged.get(damaged.size() - 2));
        TraceCache.Loaded again = cache.open(specs(PAIR), Progress.NONE);
        assertFalse(again.fromCache());
        assertEquals(expected, TraceFacts.of(again.trace()));
        cache.write(again.toWrite(), again.trace());
        assertEquals(expected, TraceFacts.of(cache.read(again.toWrite())));
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheDirectoryOutgrowsItsBound() throws Exception {
        TraceCache unbounded = new TraceCache(cacheDir, Long.MAX_VALUE);
        List<List<Path>> sets =
                List.of(
                        List.of(SAMPLES.resolve("none.guest.blkparse.txt")),
                        List.of(SAMPLES.resolve("unsafe.guest.blkparse.txt")),
                        List.of(SAMPLES.resolve("writeback.guest.blkparse.txt")));
        List<Path> files = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < sets.size(); i++) {
            TraceCache.Loaded l = unbounded.open(specs(sets.get(i)), Progress.NONE);
            unbounded.write(l.toWrite(), l.trace());
            Path f = cacheDir.resolve(l.toWrite().fileName());
            Files.setLastModifiedTime(f, FileTime.fromMillis(now - 60_000 * (3 - i)));
            files.add(f);
        }
        // using the oldest makes it the newest
        assertTrue(unbounded.open(specs(sets.get(0)), Progress.NONE).fromCache());
        long second = Files.size(files.get(1));
        long third = Files.size(files.get(2));
        long first = Files.size(files.get(0));
        Path stale = cacheDir.resolve(files.get(0).getFileName() + ".123.tmp");
        Files.writeString(stale, "left by a killed write");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(now - 2 * 3_600_000));
        // room for two entries: the one least recently used (the unsafe trace) goes
        new TraceCache(cacheDir, first + third + second / 2).evict(files.get(2));
        assertTrue(Files.exists(files.get(0)));
        assertFalse(Files.exists(files.get(1)));
        assertTrue(Files.exists(files.get(2)));
        assertFalse(Files.exists(stale), "an hour-old temporary is swept");
    }

    @Test
    void inputsThatAreNotFilesHaveNoKey() throws Exception {
        var bytes =
                dev.orderlens.importer.ImportInput.ofBytes("-", Files.readAllBytes(PAIR.get(0)));
        assertNull(TraceCache.keyOf(List.of(new TraceLoader.FileSpec(bytes, null, null, null))));
        assertEquals(
                TraceCache.keyOf(specs(PAIR)),
                TraceCache.keyOf(specs(List.of(PAIR.get(0).toAbsolutePath(), PAIR.get(1)))),
                "a path is named by its real path");
    }

    @Test
    void theBoundIsReadWithItsUnit() {
        assertEquals(TraceCache.DEFAULT_MAX_BYTES, TraceCache.maxBytes(null));
        assertEquals(3L << 30, TraceCache.maxBytes("3g"));
        assertEquals(500L << 20, TraceCache.maxBytes("500M"));
        assertEquals(4096, TraceCache.maxBytes("4096"));
        assertEquals(TraceCache.DEFAULT_MAX_BYTES, TraceCache.maxBytes("lots"));
    }

    private String messages() {
        return logged.stream().map(LogRecord::getMessage).toList().toString();
    }
}
