package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Problem;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/**
 * The binary importer against blkparse itself: sample-traces/btt/ holds real captures as the
 * per-CPU files blktrace wrote and the text {@code blkparse -i vda} printed for them (its README:
 * the text is reproduced byte for byte from the binary files). Reading the binary files must give
 * what reading that text gives, request by request and event by event, every field.
 */
public class BlktraceImporterTest {
    static final Path BTT = Path.of("sample-traces/btt");

    /** Every capture with its binary files: sample-traces/btt/ and sample-traces/ itself. */
    static Stream<Path> captures() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(BTT, BTT.getParent())) {
            try (var list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().endsWith(".guest.blktrace.tar.xz"))
                        .forEach(all::add);
            }
        }
        all.sort(null);
        return all.stream();
    }

    /** The blkparse text printed for a capture's binary files, beside them. */
    static Path textOf(Path tarXz) {
        String n = tarXz.getFileName().toString();
        return tarXz.resolveSibling(n.replace(".blktrace.tar.xz", ".blkparse.txt"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void binaryFilesGiveTheRequestsOfBlkparseText(Path capture, @TempDir Path dir)
            throws Exception {
        List<Path> files = unpack(capture, dir);
        assertTrue(files.size() >= 2, "a capture has one file per CPU: " + files);
        Trace text = TraceLoader.load(textOf(capture));
        Trace binary = TraceLoader.load(dir); // the folder of per-CPU files
        assertEquals(0, binary.skippedLines(), binary.sources().get(0).problems().toString());
        assertTrue(text.requests().size() > 0, "the capture has requests");
        assertSameRequestsAndEvents(text, binary);
        // one per-CPU file stands for all of that device's files, as with blkparse -i
        boolean oneDevice =
                files.stream()
                                .map(
                                        f ->
                                                f.getFileName()
                                                        .toString()
                                                        .replaceAll("\\.blktrace\\..*", ""))
                                .distinct()
                                .count()
                        == 1;
        if (oneDevice) {
            assertSameRequestsAndEvents(text, TraceLoader.load(files.get(0)));
        }
        assertEquals(
                BlktraceImporter.ID,
                TraceLoader.plan(List.of(TraceLoader.FileSpec.of(dir))).get(0).importer().id());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void oneStreamOfAllCpusAsFromAPipeGivesTheSameRequests(Path capture, @TempDir Path dir)
            throws Exception {
        List<Path> files = unpack(capture, dir);
        // blktrace -o - writes every CPU's records into one stream, chunk by chunk
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path f : files) {
            all.write(Files.readAllBytes(f));
        }
        Trace text = TraceLoader.load(textOf(capture));
        Trace piped =
                TraceLoader.load(
                        List.of(
                                new TraceLoader.FileSpec(
                                        ImportInput.ofBytes("-", all.toByteArray()),
                                        null,
                                        null,
                                        null)),
                        dev.orderlens.model.Progress.NONE);
        assertSameRequestsAndEvents(text, piped);
    }

    @Test
    void badRecordsAreSkippedAndReportedWithTheirByteOffset(@TempDir Path dir) throws Exception {
        List<Path> files = unpack(BTT.resolve("writeback.guest.blktrace.tar.xz"), dir);
        Path cpu1 = files.get(1);
        byte[] b = Files.readAllBytes(cpu1);
        // the first record of cpu 1 gets a wrong magic; the file is cut inside its last record
        b[0] = 0x11;
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 20);
        Files.write(cpu1, cut);
        Trace t = TraceLoader.load(dir);
        List<Problem> problems = t.sources().get(0).problems();
        assertEquals(2, t.skippedLines(), problems.toString());
        assertTrue(
                problems.get(0)
                        .message()
                        .startsWith("vda.blktrace.1: byte 0: expected a blktrace record"),
                problems.get(0).message());
        assertTrue(
                problems.get(1).message().contains("the file ends inside a record"),
                problems.get(1).message());
        assertTrue(t.requests().size() > 50, "the rest still loads");
    }

    @Test
    void aFileWithoutRecordsIsRejectedInOneLine(@TempDir Path dir) throws Exception {
        byte[] junk = new byte[100];
        junk[0] = 0x07;
        junk[1] = 0x74;
        junk[2] = 0x61;
        junk[3] = 0x65; // the magic, then nothing valid
        junk[4] = 1;
        Path f = dir.resolve("sdz.blktrace.0");
        Files.write(f, java.util.Arrays.copyOf(junk, 30));
        ImportException e = assertThrows(ImportException.class, () -> TraceLoader.load(f));
        assertTrue(e.getMessage().contains("sdz.blktrace.0"), e.getMessage());
        assertTrue(e.getMessage().contains("ends inside a record"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    static void assertSameRequestsAndEvents(Trace expected, Trace actual) throws Exception {
        String a = sections(TraceDump.of(expected));
        String b = sections(TraceDump.of(actual));
        List<String> al = a.lines().toList();
        List<String> bl = b.lines().toList();
        for (int i = 0; i < Math.min(al.size(), bl.size()); i++) {
            assertEquals(al.get(i), bl.get(i), "dump line " + (i + 1));
        }
        assertEquals(al.size(), bl.size());
    }

    /** The dump without the file reports and metadata (file names and summaries differ). */
    private static String sections(String dump) {
        return dump.substring(dump.indexOf("\"layers\""));
    }

    /** Unpacks a .tar.xz (plain ustar: 512-byte headers, octal sizes) into dir. */
    public static List<Path> unpack(Path tarXz, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (InputStream in = new XZInputStream(Files.newInputStream(tarXz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).trim();
                name =
                        name.substring(
                                0, name.indexOf('\0') < 0 ? name.length() : name.indexOf('\0'));
                String octal = new String(header, 124, 12, StandardCharsets.US_ASCII).trim();
                octal = octal.replace("\0", "").trim();
                long size = Long.parseLong(octal, 8);
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (header[156] == '0' || header[156] == 0) {
                    Path p = dir.resolve(Path.of(name).getFileName().toString());
                    Files.write(p, data);
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
