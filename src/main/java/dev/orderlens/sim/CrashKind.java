package dev.orderlens.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which layer is the persistence boundary of a crash (DESIGN.md "Crash kinds"). */
public enum CrashKind {
    /** The host loses power: only stable media survives. */
    POWER_LOSS("power-loss"),
    /** QEMU dies, the host keeps running: what reached the host kernel survives. */
    QEMU_KILL("qemu-kill"),
    /** The guest kernel panics, QEMU keeps running: what reached the virtqueue survives. */
    GUEST_CRASH("guest-crash");

    private final String jsonName;

    CrashKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static CrashKind parse(String s) {
        for (CrashKind k : values()) {
            if (k.jsonName.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(CrashKind::jsonName).collect(Collectors.joining(", "));
    }
}
