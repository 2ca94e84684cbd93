package dev.orderlens.model;

import java.util.Locale;

/** Kinds of point events (things that happen at an instant and are not requests). */
public enum EventKind {
    MERGE("merge"),
    SPLIT("split"),
    REMAP("remap"),
    PLUG("plug"),
    UNPLUG("unplug"),
    REQUEUE("requeue"),
    DRAIN("drain"),
    WRITEBACK_ERROR("writeback-error"),
    MESSAGE("message"),
    CRASH("crash"),
    /** Anything else an importer keeps; {@link Events#name} says what it was. */
    OTHER("other"),
    /**
     * An attempt of a request failed (e.g. QEMU's block layer returned an error); the request's own
     * status is that of its last completion, so a retried request that then succeeded is OK and
     * keeps this event.
     */
    IO_ERROR("io-error");

    private static final EventKind[] BY_CODE = values();
    private final String jsonName;

    EventKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public byte code() {
        return (byte) ordinal();
    }

    public static EventKind ofCode(int code) {
        return BY_CODE[code];
    }

    public static EventKind parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EventKind k : BY_CODE) {
            if (k.jsonName.equals(n)) {
                return k;
            }
        }
        return null;
    }
}
