package dev.orderlens.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a JVM of its own with the heap given, for what must
 * be seen in a small heap (issue 17: refusing before OutOfMemoryError, the fuzz test at 512 MiB).
 */
record ForkedCli(int exit, String out, String err) {
    static ForkedCli run(
            String heap, Duration limit, Path workDir, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Djava.awt.headless=true");
        // as the suite's own JVM (pom.xml): a test never writes to the user's trace cache
        cmd.add("-Dorderlens.cache=off");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "fork", ".out");
        Path err = Files.createTempFile(workDir, "fork", ".err");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(
                    "still running after "
                            + limit.toSeconds()
                            + " s: "
                            + String.join(" ", cmd.subList(cmd.size() - args.length, cmd.size()))
                            + "; stderr so far: "
                            + text(err));
        }
        return new ForkedCli(p.exitValue(), text(out), text(err));
    }

    private static String text(Path f) throws IOException {
        String s = new String(Files.readAllBytes(f), StandardCharsets.UTF_8); // bad bytes: U+FFFD
        Files.delete(f);
        return s;
    }
}
