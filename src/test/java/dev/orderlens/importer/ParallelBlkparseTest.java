package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.bench.ImporterBenchmark;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blkparse import scans lines on a second thread: its result must equal the one-thread import
 * request by request, event by event, problem by problem (TraceDump holds all of them).
 */
class ParallelBlkparseTest {
    private static String dump(ImportInput in, boolean parallel) throws Exception {
        Trace t = new BlkparseImporter().read(in, ImportOptions.DEFAULT, Progress.NONE, parallel);
        return TraceDump.of(t);
    }

    @Test
    void everyRealCaptureImportsTheSameOnOneOrTwoThreads() throws Exception {
        List<Path> captures;
        try (Stream<Path> s = Files.walk(Path.of("sample-traces"))) {
            captures = s.filter(p -> p.toString().endsWith(".blkparse.txt")).sorted().toList();
        }
        assertTrue(captures.size() >= 10, "the sample captures are found: " + captures);
        for (Path p : captures) {
            ImportInput in = ImportInput.of(p);
            assertEquals(dump(in, false), dump(in, true), p.toString());
        }
    }

    @Test
    void aGeneratedFileOfManyBatchesWithBadLinesImportsTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.blkparse.txt");
        ImporterBenchmark.writeBlkparse(file, 60_000, new Random(42));
        // damage some lines so problems and warnings are reported from many batches: a cut
        // trailer, an unknown action, unknown RWBS letters, a line that is no event
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Random rnd = new Random(5);
        for (int i = 0; i < lines.size(); i += 700 + rnd.nextInt(600)) {
            String l = lines.get(i);
            lines.set(
                    i,
                    switch (rnd.nextInt(4)) {
                        case 0 -> l.substring(0, l.length() / 2);
                        case 1 -> l.replaceFirst("  [A-Z]  ", "  Z  ");
                        case 2 ->
                                l.replace(
                                        " WS ",
                                        " WS" + "JKLOPQUVXYZ".charAt(rnd.nextInt(11)) + " ");
                        default -> "not a blkparse line " + i;
                    });
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        ImportInput in = ImportInput.of(file);
        String one = dump(in, false);
        String two = dump(in, true);
        assertTrue(one.contains("unknown action"), "the damaged lines are reported");
        assertTrue(one.contains("unknown RWBS letter"), "the unknown letters are reported");
        assertEquals(one, two);
    }
}
