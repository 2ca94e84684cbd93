package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: one minimal input per class of hostile or broken input, run through the CLI in-process.
 * Each must end quickly with a result or a one-line error naming the file.
 */
class HostileInputTest {
    @TempDir Path dir;

    /** The whole of stderr is one line that names the file and says why. */
    static void assertOneLineError(CliRunner r, String file, String why) {
        assertNotEquals(0, r.exit(), r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains(file), "names the file: " + err);
        assertTrue(err.contains(why), "says '" + why + "': " + err);
    }

    /** Item 5: a FIFO blocked the reader forever; non-regular files are refused at once. */
    @Test
    void aFifoIsRefusedNotWaitedOn() throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        for (String[] args :
                new String[][] {
                    {"info", fifo.toString()},
                    {"analyze", fifo.toString()},
                    {"stats", fifo.toString()},
                    {"simulate", fifo.toString(), "-o", dir.resolve("o.json").toString()}
                }) {
            CliRunner r =
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRunner.run(args));
            assertOneLineError(r, fifo.toString(), "not a regular file");
        }
    }

    /** Item 5: "-" (standard input) is not supported, and says so instead of "no such file". */
    @Test
    void standardInputIsRefusedWithAReason() {
        CliRunner r = CliRunner.run("info", "-");
        assertOneLineError(r, "-", "standard input is not supported");
    }
}
