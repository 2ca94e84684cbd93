package dev.orderlens;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * A bound on the CPU time the JVM spends on some work, for tests that input is handled in linear,
 * not quadratic, time: CPU time holds on a machine shared with other work, where the wall clock
 * does not (docs/adr/0300-fuzz-limits-on-cpu-time.md). The JVM's CPU time counts every thread, the
 * importers' reader threads included. A wall-clock limit of {@link #WALL_FACTOR} times the bound
 * still stops work that hangs.
 */
public final class CpuBound {
    /** Wall-clock time allowed per second of CPU: the machine may be shared many times over. */
    public static final int WALL_FACTOR = 20;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuBound() {}

    /** Runs {@code work}, failing when the JVM spent more than {@code cpu} of CPU on it. */
    public static <T> T within(Duration cpu, ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(
                cpu.multipliedBy(WALL_FACTOR),
                () -> {
                    long start = OS.getProcessCpuTime();
                    T result = work.get();
                    long used = OS.getProcessCpuTime() - start;
                    assertTrue(
                            used <= cpu.toNanos(),
                            String.format(
                                    Locale.ROOT,
                                    "used %.1f s of CPU, more than %d s",
                                    used / 1e9,
                                    cpu.toSeconds()));
                    return result;
                });
    }
}
