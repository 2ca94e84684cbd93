package dev.orderlens.analysis;

import java.util.Locale;

/**
 * How an uncertain write may land partly (docs/analysis.md): the unit that lands all or nothing,
 * and whether a torn unit may hold garbage.
 */
public enum Tearing {
    /** Each 512-byte sector lands or not. The default. */
    SECTOR("sector"),
    /** Each aligned 4 KiB unit (8 sectors) lands or not. */
    ATOMIC_4K("atomic-4k"),
    /** The whole write lands or not. */
    ATOMIC_WRITE("atomic-write"),
    /** Per sector, and a sector being written may hold neither version (SQLite's crash model). */
    GARBAGE("garbage");

    private final String jsonName;

    Tearing(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Outcomes of one unit: old or new, plus garbage under {@link #GARBAGE}. */
    public int outcomesPerUnit() {
        return this == GARBAGE ? 3 : 2;
    }

    /**
     * Number of independent units of a write of {@code count} sectors starting at {@code sector}.
     */
    public long units(long sector, int count) {
        if (count <= 0) {
            return 0;
        }
        return switch (this) {
            case SECTOR, GARBAGE -> count;
            case ATOMIC_4K -> Math.floorDiv(sector + count - 1, 8) - Math.floorDiv(sector, 8) + 1;
            case ATOMIC_WRITE -> 1;
        };
    }

    public static Tearing parse(String s) {
        if (s == null) {
            return null;
        }
        String n = s.trim().toLowerCase(Locale.ROOT);
        for (Tearing t : values()) {
            if (t.jsonName.equals(n)) {
                return t;
            }
        }
        return null;
    }

    public static String names() {
        return "sector, atomic-4k, atomic-write, garbage";
    }
}
