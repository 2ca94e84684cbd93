package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void runningOutOfMemoryIsToldWithTheHeapAndHowToGetMore() {
        String line =
                Failures.report(
                        "Could not compute the statistics",
                        new OutOfMemoryError("Java heap space"));
        long heapMib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        assertTrue(line.startsWith("Could not compute the statistics: out of memory"), line);
        assertTrue(line.contains(heapMib + " MiB"), line);
        assertTrue(line.contains("ORDERLENS_HEAP="), line);
    }

    @Test
    void otherFailuresKeepTheirFirstMessageLine() {
        assertEquals(
                "Crash query failed: bad row",
                Failures.report("Crash query failed", new IllegalStateException("bad row\nmore")));
    }
}
