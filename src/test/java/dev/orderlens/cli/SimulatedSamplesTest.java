package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every simulator sample in sample-traces/ is exactly what its command in the README produces. */
class SimulatedSamplesTest {
    private static final Pattern COMMAND =
            Pattern.compile(
                    "`\\./orderlens (simulate [^`]*?) -o sample-traces/(sim-[\\w-]+\\.json)`");

    @Test
    void eachSampleIsTheOutputOfItsReadmeCommand(@TempDir Path dir) throws Exception {
        Matcher m = COMMAND.matcher(Files.readString(Path.of("sample-traces/README.md")));
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            List<String> args = new ArrayList<>(List.of(m.group(1).split(" ")));
            Path out = dir.resolve(m.group(2));
            args.add("-o");
            args.add(out.toString());
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), m.group(0) + ": " + r.err());
            assertArrayEquals(
                    Files.readAllBytes(Path.of("sample-traces", m.group(2))),
                    Files.readAllBytes(out),
                    m.group(2) + " is stale: rerun " + m.group(0));
            checked.add(m.group(2));
        }
        try (var files = Files.list(Path.of("sample-traces"))) {
            List<String> samples =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("sim-"))
                            .sorted()
                            .toList();
            assertEquals(
                    samples,
                    checked.stream().sorted().toList(),
                    "every sim-*.json sample has its command in the README");
        }
        assertTrue(checked.size() >= 2);
    }
}
