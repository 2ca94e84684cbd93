package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The QEMU cache mode of every disk for one crash point. Two disks of one guest can have different
 * {@code cache=} modes, and a write's fate below the guest depends on its own disk's mode. A disk
 * is named as {@code info} prints it ({@link CacheModeInference.DiskMode#key()}: "blk0", or
 * "q.log:blk0" when several QEMU logs name one). Writes on no known disk (a trace with no QEMU log,
 * a guest lane never linked to a disk) take {@link #fallback()}.
 *
 * @param fallback the mode of writes on no named disk, and of every disk not in {@code disks}
 * @param disks the mode of each named disk, in the order {@code info} lists them
 */
public record CacheModes(Choice fallback, Map<String, Choice> disks) {

    /** Where a disk's mode came from; the crash pane and the reports say it. */
    public enum Origin {
        /** The trace records it (meta.config.cacheMode, e.g. simulator output). */
        RECORDED("recorded in the trace"),
        /** Read from what the QEMU log shows ({@link CacheModeInference}). */
        INFERRED("inferred"),
        /** Nothing showed it: QEMU's default, writeback, is assumed. */
        ASSUMED("assumed"),
        /** The user chose it (--cache-mode, the open dialog, the crash pane, a session). */
        SET("set by you");

        private final String text;

        Origin(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One disk's mode and where it came from. */
    public record Choice(CacheMode mode, Origin origin) {
        public Choice {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(origin, "origin");
        }

        /** "unsafe (inferred)". */
        public String text() {
            return mode.jsonName() + " (" + origin.text() + ")";
        }
    }

    /** The key a session and the CLI use for "every disk" ({@code --cache-mode M}). */
    public static final String ALL = "*";

    public CacheModes {
        Objects.requireNonNull(fallback, "fallback");
        Map<String, Choice> d = new LinkedHashMap<>(disks);
        if (fallback.origin() == Origin.SET) { // one form for one choice: equal points are equal
            d.values().removeIf(fallback::equals);
        }
        disks = java.util.Collections.unmodifiableMap(d);
    }

    /** One mode for every disk, chosen by the user. */
    public static CacheModes all(CacheMode m) {
        return new CacheModes(new Choice(m, Origin.SET), Map.of());
    }

    /** The mode of a disk (null or unknown: the fallback). */
    public CacheMode of(String disk) {
        return choiceOf(disk).mode();
    }

    /** The mode of a disk and where it came from (null or unknown: the fallback). */
    public Choice choiceOf(String disk) {
        Choice c = disk == null ? null : disks.get(disk);
        return c == null ? fallback : c;
    }

    /** Every disk and the fallback set to {@code m} by the user. */
    public CacheModes withAll(CacheMode m) {
        return all(m);
    }

    /** This with one disk set to {@code m} by the user. */
    public CacheModes with(String disk, CacheMode m) {
        Map<String, Choice> d = new LinkedHashMap<>(disks);
        d.put(disk, new Choice(m, Origin.SET));
        return new CacheModes(fallback, d);
    }

    /**
     * This with the user's choices applied: {@link #ALL} sets every disk, then each other key its
     * disk. Keys must be known disks (see {@link #unknownDisks}).
     */
    public CacheModes withOverrides(Map<String, CacheMode> overrides) {
        CacheModes out = this;
        CacheMode all = overrides.get(ALL);
        if (all != null) {
            out = out.withAll(all);
        }
        for (Map.Entry<String, CacheMode> e : overrides.entrySet()) {
            if (!e.getKey().equals(ALL)) {
                out = out.with(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** What the user set: {@link #ALL} for the fallback, then each disk; for sessions. */
    public Map<String, CacheMode> overrides() {
        Map<String, CacheMode> out = new LinkedHashMap<>();
        if (fallback.origin() == Origin.SET) {
            out.put(ALL, fallback.mode());
        }
        disks.forEach(
                (k, c) -> {
                    if (c.origin() == Origin.SET
                            && !c.equals(out.containsKey(ALL) ? fallback : null)) {
                        out.put(k, c.mode());
                    }
                });
        return out;
    }

    /** The keys of {@code overrides} that name no disk of {@code known} ({@link #ALL} is known). */
    public static List<String> unknownDisks(Map<String, CacheMode> overrides, List<String> known) {
        List<String> out = new ArrayList<>();
        for (String k : overrides.keySet()) {
            if (!k.equals(ALL) && !known.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The one mode of every write, or null when disks differ. */
    public CacheMode uniform() {
        for (Choice c : disks.values()) {
            if (c.mode() != fallback.mode()) {
                return null;
            }
        }
        return fallback.mode();
    }

    /**
     * A short label: "unsafe" when every disk has one mode, else "blk0 unsafe, blk1 none" (with ",
     * other disks M" when the user set M for every disk and then one disk apart).
     */
    public String label() {
        CacheMode u = uniform();
        if (u != null) {
            return u.jsonName();
        }
        StringBuilder b = new StringBuilder();
        disks.forEach(
                (k, c) ->
                        b.append(b.isEmpty() ? "" : ", ")
                                .append(k)
                                .append(' ')
                                .append(c.mode().jsonName()));
        if (fallback.origin() == Origin.SET) {
            b.append(", other disks ").append(fallback.mode().jsonName());
        }
        return b.toString();
    }

    /** Each of the given disks with the mode it is judged under and where that came from. */
    public Map<String, Choice> resolved(List<String> diskKeys) {
        Map<String, Choice> out = new LinkedHashMap<>();
        for (String k : diskKeys) {
            out.put(k, choiceOf(k));
        }
        return out;
    }
}
