package dev.orderlens.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Request flags as bits of a 16-bit set. The low bits are the block layer's request flags; the high
 * bits record how the importer reconstructed the request, so a view can say "this request was never
 * queued in the trace" instead of silently dropping it.
 */
public final class Flags {
    public static final int FUA = 1;
    public static final int PREFLUSH = 1 << 1;
    public static final int SYNC = 1 << 2;
    public static final int META = 1 << 3;
    public static final int READAHEAD = 1 << 4;

    /** Old (pre-2.6.37) barrier request. */
    public static final int BARRIER = 1 << 5;

    /** A passthrough (packet command) request. */
    public static final int PASSTHROUGH = 1 << 6;

    /** The request's first event in the trace was not its queue/submit event. */
    public static final int NO_QUEUE = 1 << 8;

    /** Completed without an issue event. */
    public static final int NO_ISSUE = 1 << 9;

    /** Never completed within the trace. */
    public static final int NO_COMPLETE = 1 << 10;

    /** Other bios were merged into this request. */
    public static final int MERGED = 1 << 11;

    /** This request was split. */
    public static final int SPLIT = 1 << 12;

    /** This request was remapped from another device. */
    public static final int REMAPPED = 1 << 13;

    /** The device requeued this request at least once. */
    public static final int REQUEUED = 1 << 14;

    private static final int[] BITS = {
        FUA,
        PREFLUSH,
        SYNC,
        META,
        READAHEAD,
        BARRIER,
        PASSTHROUGH,
        NO_QUEUE,
        NO_ISSUE,
        NO_COMPLETE,
        MERGED,
        SPLIT,
        REMAPPED,
        REQUEUED
    };
    private static final String[] NAMES = {
        "fua",
        "preflush",
        "sync",
        "meta",
        "readahead",
        "barrier",
        "passthrough",
        "no-queue",
        "no-issue",
        "no-complete",
        "merged",
        "split",
        "remapped",
        "requeued"
    };

    private Flags() {}

    public static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }

    /** Bit for a JSON flag name, or 0 if the name is unknown. */
    public static int parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(n)) {
                return BITS[i];
            }
        }
        return 0;
    }

    /** JSON names of the set bits, in a fixed order. */
    public static List<String> names(int flags) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /** All known flag names, for help text and the schema. */
    public static List<String> allNames() {
        return List.of(NAMES);
    }

    /** Short display form, e.g. "PREFLUSH|FUA|SYNC"; empty for none. */
    public static String display(int flags) {
        return String.join("|", names(flags)).toUpperCase(Locale.ROOT);
    }
}
