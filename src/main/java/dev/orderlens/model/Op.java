package dev.orderlens.model;

import java.util.Locale;

/** The operation of one request. The JSON name is the lower-case, dash-separated form. */
public enum Op {
    READ("read"),
    WRITE("write"),
    FLUSH("flush"),
    DISCARD("discard"),
    WRITE_ZEROES("write-zeroes"),
    OTHER("other");

    private static final Op[] BY_CODE = values();

    private final String jsonName;

    Op(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Compact code for columnar storage. */
    public byte code() {
        return (byte) ordinal();
    }

    public static Op ofCode(int code) {
        return BY_CODE[code];
    }

    /** True for ops that change the media contents: write, write-zeroes, discard. */
    public boolean modifiesData() {
        return this == WRITE || this == WRITE_ZEROES || this == DISCARD;
    }

    /** Parses a JSON name ("write-zeroes"); also accepts the enum name. Returns null if unknown. */
    public static Op parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Op op : BY_CODE) {
            if (op.jsonName.equals(n)) {
                return op;
            }
        }
        return null;
    }
}
