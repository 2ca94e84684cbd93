package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every input under every {@code src/test/resources/fixtures/<format>/} folder (the
 * folder names the importer; {@code samples/} holds the real captures' dumps) is imported with that
 * format and its {@link TraceDump} compared with {@code <input>.expected.json} beside it. The real
 * captures in {@code sample-traces/} are covered the same way, alone and as guest+QEMU pairs, with
 * their expected dumps in {@code fixtures/samples/}. An input that cannot be imported at all
 * expects {@code {"error": "..."}}. Regenerate after an intended change with {@code mvn test
 * -Dtest=GoldenFileTest -Dorderlens.regenerate=true} and review the diff.
 */
class GoldenFileTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final Path SAMPLES = Path.of("sample-traces");
    private static final boolean REGENERATE = Boolean.getBoolean("orderlens.regenerate");

    /**
     * One case: the files to load together (with their format, or null to detect) and the expected
     * dump.
     */
    record Case(String name, List<Path> inputs, String format, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        List<String> formats;
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            formats =
                    dirs.filter(Files::isDirectory)
                            .map(d -> d.getFileName().toString())
                            .filter(d -> !d.equals("samples"))
                            .sorted()
                            .toList();
        }
        for (String format : formats) {
            assertTrue(
                    Importers.byId(format) != null,
                    "fixture folder " + format + " names no importer");
            try (Stream<Path> files = Files.list(FIXTURES.resolve(format))) {
                files.filter(p -> !p.toString().endsWith(".expected.json"))
                        .sorted()
                        .forEach(
                                p ->
                                        out.add(
                                                new Case(
                                                        format + "/" + p.getFileName(),
                                                        List.of(p),
                                                        format,
                                                        p.resolveSibling(
                                                                p.getFileName()
                                                                        + ".expected.json"))));
            }
        }
        for (Path sample : realSamples()) {
            out.add(
                    new Case(
                            "samples/" + sample.getFileName(),
                            List.of(sample),
                            null,
                            FIXTURES.resolve("samples")
                                    .resolve(sample.getFileName() + ".expected.json")));
        }
        for (Path guest : realSamples()) {
            String n = guest.getFileName().toString();
            if (n.endsWith(".guest.blkparse.txt")) {
                String mode = n.substring(0, n.indexOf(".guest"));
                Path qemu = SAMPLES.resolve(mode + ".qemu.log");
                out.add(
                        new Case(
                                "samples/" + mode + " guest+qemu",
                                List.of(guest, qemu),
                                null,
                                FIXTURES.resolve("samples")
                                        .resolve(mode + ".merged.expected.json")));
            }
        }
        return out.stream();
    }

    /** The real captures (blkparse text and QEMU logs) bundled in sample-traces/. */
    static List<Path> realSamples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(
                            p ->
                                    p.toString().endsWith(".blkparse.txt")
                                            || p.toString().endsWith(".qemu.log"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importMatchesGoldenDump(Case c) throws Exception {
        String actual;
        try {
            List<TraceLoader.FileSpec> specs = new ArrayList<>();
            for (Path p : c.inputs()) {
                specs.add(new TraceLoader.FileSpec(ImportInput.of(p), c.format(), null, null));
            }
            actual = TraceDump.of(TraceLoader.load(specs, Progress.NONE));
        } catch (ImportException e) {
            actual =
                    "{\"error\": \""
                            + TraceDump.name(e.file())
                            + (e.line() > 0 ? ":" + e.line() : "")
                            + ": "
                            + e.reason().replace("\\", "\\\\").replace("\"", "\\\"")
                            + "\"}\n";
        }
        if (REGENERATE) {
            Files.createDirectories(c.expected().getParent());
            Files.writeString(c.expected(), actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(
                Files.exists(c.expected()),
                "missing " + c.expected() + " (run with -Dorderlens.regenerate=true)");
        assertEquals(Files.readString(c.expected(), StandardCharsets.UTF_8), actual, c.name());
    }
}
