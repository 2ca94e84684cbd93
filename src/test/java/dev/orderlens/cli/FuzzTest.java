package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's fuzz test: {@link FuzzHarness} in a JVM of its own with a 512 MiB heap, 2,000 cases
 * with a fixed seed. {@code -Dorderlens.fuzzCases=N} and {@code -Dorderlens.fuzzSeed=S} change them
 * (by hand: {@code mvn -o -q test -Dtest=FuzzTest -Dorderlens.fuzzCases=100000}).
 */
class FuzzTest {
    private static final int CASES = Integer.getInteger("orderlens.fuzzCases", 2000);
    private static final long SEED = Long.getLong("orderlens.fuzzSeed", 17);

    @TempDir Path dir;

    @Test
    void mutatedSamplesEndWithAResultOrAOneLineErrorNamingTheFile() throws Exception {
        ForkedCli r =
                ForkedCli.run(
                        "512m",
                        Duration.ofSeconds(300 + CASES / 2),
                        dir,
                        FuzzHarness.class.getName(),
                        Integer.toString(CASES),
                        Long.toString(SEED),
                        dir.toString());
        System.out.println(r.out().lines().reduce((a, b) -> b).orElse(""));
        assertTrue(r.err().isBlank(), "the harness wrote to stderr: " + r.err());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("fuzz: " + CASES + " cases"), r.out());
    }
}
