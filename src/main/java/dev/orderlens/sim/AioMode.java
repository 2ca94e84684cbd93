package dev.orderlens.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * QEMU's {@code aio=} backend. {@code threads} hands each request to a worker thread, so requests
 * enter the host kernel after a variable wake-up delay and may overtake each other; {@code native}
 * (Linux AIO) and {@code io_uring} submit in order with little delay.
 */
public enum AioMode {
    THREADS("threads"),
    NATIVE("native"),
    IO_URING("io_uring");

    private final String jsonName;

    AioMode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static AioMode parse(String s) {
        for (AioMode m : values()) {
            if (m.jsonName.equals(s.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return m;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(AioMode::jsonName).collect(Collectors.joining(", "));
    }
}
