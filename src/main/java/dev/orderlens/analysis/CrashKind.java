package dev.orderlens.analysis;

import java.util.Locale;

/**
 * What crashed (docs/analysis.md). Each kind puts the persistence boundary at a different level of
 * the stack: data at or below {@link #survivingLevel()} survives.
 */
public enum CrashKind {
    /** The host loses power: only stable media survives. */
    POWER_LOSS("power-loss", StackLevel.MEDIA),
    /** The QEMU process dies, the host keeps running: what reached the host kernel survives. */
    QEMU_KILL("qemu-kill", StackLevel.KERNEL),
    /**
     * The guest kernel panics, QEMU keeps running: what the guest handed to the virtqueue survives.
     */
    GUEST_CRASH("guest-crash", StackLevel.QEMU);

    private final String jsonName;
    private final int survivingLevel;

    CrashKind(String jsonName, int survivingLevel) {
        this.jsonName = jsonName;
        this.survivingLevel = survivingLevel;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The lowest {@link StackLevel} whose contents survive this crash. */
    public int survivingLevel() {
        return survivingLevel;
    }

    /** Parses "power-loss" (also "power_loss", "POWER_LOSS"); null if unknown. */
    public static CrashKind parse(String s) {
        if (s == null) {
            return null;
        }
        String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (CrashKind k : values()) {
            if (k.jsonName.equals(n)) {
                return k;
            }
        }
        return null;
    }

    public static String names() {
        return "power-loss, qemu-kill, guest-crash";
    }
}
