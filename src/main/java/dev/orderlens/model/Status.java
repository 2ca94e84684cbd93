package dev.orderlens.model;

import java.util.Locale;

/** Outcome of a request. UNKNOWN: the trace never showed a completion. */
public enum Status {
    OK("ok"),
    ERROR("error"),
    UNKNOWN("unknown");

    private static final Status[] BY_CODE = values();
    private final String jsonName;

    Status(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public byte code() {
        return (byte) ordinal();
    }

    public static Status ofCode(int code) {
        return BY_CODE[code];
    }

    public static Status parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Status s : BY_CODE) {
            if (s.jsonName.equals(n)) {
                return s;
            }
        }
        return null;
    }
}
