package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, item 10: a gzip "bomb" of one real request repeated (2 GiB decompressed, a few MB on
 * disk) is refused in one line — the file, the line it got to, how much it read, how to raise the
 * heap — before the JVM runs out of memory, for each text format and trace JSON. The CLI runs in a
 * JVM of its own with a 64 MiB heap, where the whole file could never fit.
 */
class HeapLimitTest {
    @TempDir Path dir;

    /** 2 GiB decompressed: 2048 gzip members of 1 MiB each (gzip allows members back to back). */
    private static final int MEMBERS = 2048;

    private static final int MEMBER_BYTES = 1 << 20;

    @ParameterizedTest
    @ValueSource(strings = {"json", "blkparse", "qemu-log"})
    void aBombOfOneRepeatedRequestIsRefusedBeforeTheHeapRunsOut(String format) throws Exception {
        Path sample = Path.of("sample-traces");
        String head;
        String repeated;
        switch (format) {
            case "json" -> {
                // journal-commit.json line 6 is its first request; without its "id" every copy is
                // a new request (a repeated id would be skipped as a duplicate)
                List<String> lines = Files.readAllLines(sample.resolve("journal-commit.json"));
                head = String.join("\n", lines.subList(0, 5)) + "\n";
                repeated = lines.get(5).replace("\"id\": 1, ", "") + "\n";
                assertTrue(repeated.startsWith("{\"layer\": \"guest\""), repeated);
            }
            case "blkparse" -> {
                // line 1 of none.guest.blkparse.txt: a Q of dd's write; repeated, a queue-only
                // capture of one request that never completes
                head = "";
                repeated =
                        Files.readAllLines(sample.resolve("none.guest.blkparse.txt")).get(0) + "\n";
                assertTrue(repeated.contains(" Q  WS 81920 + 8 [dd]"), repeated);
            }
            default -> {
                // writeback.qemu.log lines 61-63: virtqueue_pop, virtio_blk_handle_write and
                // blk_co_pwritev of one guest write, with the same element pointer every time
                List<String> lines = Files.readAllLines(sample.resolve("writeback.qemu.log"));
                head = "";
                repeated = String.join("\n", lines.subList(60, 63)) + "\n";
                assertTrue(repeated.startsWith("7996@1795302993.531103:virtqueue_pop"), repeated);
            }
        }
        Path bomb = dir.resolve("bomb-" + format + ".gz");
        writeBomb(bomb, head, repeated);
        long onDisk = Files.size(bomb);
        assertTrue(onDisk < 12_000_000, "a few MB on disk: " + onDisk);

        ForkedCli r =
                ForkedCli.run(
                        "64m",
                        Duration.ofSeconds(240),
                        dir,
                        Main.class.getName(),
                        "info",
                        bomb.toString());

        String err = r.err().strip();
        assertEquals(2, r.exit(), "exit code of a refused input; stderr: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertFalse(err.contains("OutOfMemoryError") || err.contains("out of memory"), err);
        Matcher m =
                Pattern.compile(
                                "orderlens: "
                                        + Pattern.quote(bomb.toString())
                                        + ": too big for the Java heap of 64\\.0 MiB: stopped at"
                                        + " line ([\\d,]+) after reading ([\\d.]+) (KiB|MiB) of"
                                        + " ([\\d.]+) MiB \\(([\\d.]+) MiB decompressed\\)(, [\\d,]+"
                                        + " requests)?; give Java more with ORDERLENS_HEAP, e.g."
                                        + " ORDERLENS_HEAP=(\\d+)g orderlens \\.\\.\\.")
                        .matcher(err);
        assertTrue(m.matches(), err);
        long line = Long.parseLong(m.group(1).replace(",", ""));
        double decompressedMiB = Double.parseDouble(m.group(5));
        double sizeMiB = Double.parseDouble(m.group(4));
        assertEquals(onDisk / (double) (1 << 20), sizeMiB, 0.05, "the size is the file's");
        // how far it got must be true: the decompressor is at or past the line reported (it reads
        // ahead by its buffers), and far from the end of the 2 GiB
        int linesPerCopy = (int) repeated.chars().filter(c -> c == '\n').count();
        long bytesToLine =
                (line - 1 - head.lines().count()) / linesPerCopy * (long) repeated.length();
        assertTrue(
                decompressedMiB * (1 << 20) >= bytesToLine * 0.99,
                decompressedMiB + " MiB decompressed by line " + line);
        assertTrue(decompressedMiB < 1024, "stopped well before the end: " + err);
        assertTrue(line > 16_384, "it read a good part before stopping: " + err);
        // a heap that could hold the whole file is suggested: more than today's 64 MiB
        assertTrue(Integer.parseInt(m.group(7)) >= 1, err);
    }

    /** {@code head}, then {@link #MEMBERS} gzip members each holding 1 MiB of copies of a line. */
    private static void writeBomb(Path file, String head, String repeated) throws IOException {
        byte[] line = repeated.getBytes(StandardCharsets.UTF_8);
        byte[] plain = new byte[MEMBER_BYTES / line.length * line.length];
        for (int i = 0; i < plain.length; i += line.length) {
            System.arraycopy(line, 0, plain, i, line.length);
        }
        byte[] member = gzip(plain);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip(head.getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < MEMBERS; i++) {
                out.write(member);
            }
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(b);
        }
        return buf.toByteArray();
    }
}
