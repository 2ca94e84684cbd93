package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportersTest {
    @Test
    void detectsTraceJson() throws Exception {
        var d = Importers.detect(ImportInput.of(JsonTraceTest.SAMPLE));
        assertEquals("json", d.importer().id());
        assertEquals(100, d.score());
    }

    @Test
    void binaryAndUnknownFilesGiveOneClearError(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("vda.blktrace.0");
        Files.write(bin, new byte[] {0x07, 0x74, 0x61, 0x65, 1, 0, 0, 0, 0, 0, 0, 0});
        // the blktrace magic (0x65617407, little endian) picks the binary importer ...
        assertEquals(BlktraceImporter.ID, Importers.detect(ImportInput.of(bin)).importer().id());
        // ... and a text format forced on it says what the file is
        ImportException e =
                assertThrows(ImportException.class, () -> Importers.checkText(ImportInput.of(bin)));
        assertTrue(
                e.getMessage().contains("binary blktrace file")
                        && e.getMessage().contains("--format blktrace"),
                e.getMessage());

        Path elf = dir.resolve("a.out");
        Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertTrue(
                assertThrows(ImportException.class, () -> Importers.detect(ImportInput.of(elf)))
                        .getMessage()
                        .contains("binary data"));

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        assertTrue(
                assertThrows(ImportException.class, () -> Importers.detect(ImportInput.of(empty)))
                        .getMessage()
                        .endsWith("the file is empty"));

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "shopping list\neggs\n");
        ImportException unknown =
                assertThrows(ImportException.class, () -> Importers.detect(ImportInput.of(text)));
        assertTrue(
                unknown.getMessage().startsWith(text + ":1: not a trace OrderLens knows"),
                unknown.getMessage());
        assertTrue(
                unknown.getMessage().endsWith("first line: shopping list"), unknown.getMessage());
    }

    @Test
    void missingFilesAndDirectoriesAreNamed(@TempDir Path dir) {
        assertEquals(
                dir.resolve("nope") + ": no such file",
                assertThrows(ImportException.class, () -> TraceLoader.open(dir.resolve("nope")))
                        .getMessage());
        assertEquals(
                dir
                        + ": is a directory with no blktrace files (<device>.blktrace.<cpu>), not"
                        + " a trace file",
                assertThrows(ImportException.class, () -> TraceLoader.open(dir)).getMessage());
    }

    @Test
    void severalFilesShareOneTimelineWithTheirOffsets() throws Exception {
        var a = TraceLoader.FileSpec.of(JsonTraceTest.SAMPLE);
        var b = TraceLoader.FileSpec.of(JsonTraceTest.SAMPLE).withOffset(0.001);
        Trace t = TraceLoader.load(List.of(a, b), dev.orderlens.model.Progress.NONE);
        assertEquals(30, t.requests().size());
        assertEquals(2, t.sources().size());
        assertEquals(1_000_000, t.sources().get(1).offsetNs());
        assertEquals(0, t.startNs());
        assertEquals(1_000_000 + 490_000, t.endNs());
        // the second file's requests are shifted and keep their own links
        int shifted = t.requests().rowOfId(1, 16);
        assertEquals(1_300_000, t.requests().submit(shifted));
        assertEquals(t.requests().rowOfId(1, 5), t.requests().parent(shifted));
        assertEquals(1, t.requests().file(shifted));
        assertEquals(4, t.lanes().size(), "lanes are per file");
    }

    @Test
    void layerOverrideRelabelsAOneLayerFile() throws Exception {
        String json =
                "{\"format\": \"orderlens-trace\", \"version\": 1, \"requests\": ["
                        + "{\"layer\": \"device\", \"op\": \"write\", \"submit\": 1}]}";
        var spec =
                new TraceLoader.FileSpec(
                        ImportInput.ofString("one.json", json), null, "host", null);
        Trace t = TraceLoader.load(List.of(spec), dev.orderlens.model.Progress.NONE);
        assertEquals("host", t.layerId(0));
    }
}
