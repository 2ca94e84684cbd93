package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the trace cache: the second {@code analyze} of the same files prints what the first
 * did (from the cache it wrote), a damaged entry changes nothing a user reads, and {@code
 * --no-cache} leaves the cache alone.
 */
class TraceCacheCliTest {
    private static final String GUEST = "sample-traces/werror-stop.guest.blkparse.txt";
    private static final String QEMU = "sample-traces/werror-stop.qemu.log";

    @TempDir Path cacheDir;

    @BeforeEach
    void useATemporaryCache() {
        System.clearProperty("orderlens.cache");
        System.setProperty("orderlens.cacheDir", cacheDir.toString());
    }

    @AfterEach
    void turnItOffAgain() {
        System.setProperty("orderlens.cache", "off");
        System.clearProperty("orderlens.cacheDir");
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.toList();
        }
    }

    @Test
    void theSecondRunReadsTheCacheAndPrintsTheSame() throws Exception {
        String[] args = {"analyze", GUEST, QEMU, "--crash-at", "2.5", "--json"};
        CliRunner first = CliRunner.run(args);
        assertEquals(0, first.exit(), first.err());
        assertEquals(1, entries().size(), "written after the import");
        Path entry = entries().get(0);
        Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.fromMillis(0));
        CliRunner second = CliRunner.run(args);
        assertEquals(0, second.exit(), second.err());
        assertEquals(first.out(), second.out());
        assertTrue(Files.getLastModifiedTime(entry).toMillis() > 0, "the second run read it");

        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= 0x10;
        Files.write(entry, b);
        CliRunner damaged = CliRunner.run(args);
        assertEquals(0, damaged.exit(), damaged.err());
        assertEquals(first.out(), damaged.out());
    }

    @Test
    void noCacheNeitherReadsNorWrites() throws Exception {
        CliRunner r = CliRunner.run("info", GUEST, "--no-cache");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(), entries());
        CliRunner cached = CliRunner.run("info", GUEST);
        assertEquals(r.out(), cached.out());
        assertEquals(1, entries().size());
    }
}
