package dev.orderlens.export;

import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Bookmark;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A saved view (docs/session.md, "orderlens-session" version 1): what was opened — files with their
 * format, layer and clock offset, or the bundled sample, or a teaching scenario with its overrides
 * — and how it was looked at: the visible window, the crash point (kind, cache mode, tearing), the
 * filters, the selected request (file and id, which survive re-importing), the theme and the
 * large-font mode, the user's bookmarks and the names the user gave lanes. Every view part may be
 * null (not saved: the default).
 *
 * @param laneNames names the user gave lanes, keyed by {@link #laneKey}
 */
public record Session(
        Source source,
        Window window,
        Crash crash,
        List<RequestFilter.Criterion> filters,
        Selection selection,
        String theme,
        Boolean largeFont,
        List<Bookmark> bookmarks,
        Map<String, String> laneNames) {
    public static final String FORMAT = "orderlens-session";
    public static final int VERSION = 1;

    public Session {
        Objects.requireNonNull(source, "source");
        filters = filters == null ? List.of() : List.copyOf(filters);
        bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
        laneNames = laneNames == null ? Map.of() : Map.copyOf(laneNames);
    }

    /** A session without lane names. */
    public Session(
            Source source,
            Window window,
            Crash crash,
            List<RequestFilter.Criterion> filters,
            Selection selection,
            String theme,
            Boolean largeFont,
            List<Bookmark> bookmarks) {
        this(source, window, crash, filters, selection, theme, largeFont, bookmarks, null);
    }

    /** A session without bookmarks (as every session was before they existed). */
    public Session(
            Source source,
            Window window,
            Crash crash,
            List<RequestFilter.Criterion> filters,
            Selection selection,
            String theme,
            Boolean largeFont) {
        this(source, window, crash, filters, selection, theme, largeFont, List.of(), null);
    }

    /** The same session with other bookmarks. */
    public Session withBookmarks(List<Bookmark> marks) {
        return new Session(
                source, window, crash, filters, selection, theme, largeFont, marks, laneNames);
    }

    /**
     * How a lane is found again after re-importing: its file's index, its layer id and its own name
     * ("0/guest/254,0").
     */
    public static String laneKey(int file, String layerId, String laneName) {
        return file + "/" + layerId + "/" + laneName;
    }

    /** One input file: its path and how it was read (null: detected / default). */
    public record FileEntry(String path, String format, String layer, Double offsetSeconds) {
        public FileEntry {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A teaching scenario run: its id and the overrides (null: the scenario's own). */
    public record ScenarioRun(
            String id,
            String variant,
            String cacheMode,
            String crashKind,
            Long crashAtNs,
            Long seed) {
        public ScenarioRun {
            Objects.requireNonNull(id, "scenario id");
        }
    }

    /** What was open: exactly one of files, the bundled sample's name, or a scenario. */
    public record Source(List<FileEntry> files, String bundled, ScenarioRun scenario) {
        public Source {
            files = files == null ? List.of() : List.copyOf(files);
            int kinds =
                    (files.isEmpty() ? 0 : 1)
                            + (bundled == null ? 0 : 1)
                            + (scenario == null ? 0 : 1);
            if (kinds != 1) {
                throw new IllegalArgumentException(
                        "a session opens files, the bundled sample or a scenario: exactly one of them");
            }
        }

        public static Source ofFiles(List<FileEntry> files) {
            return new Source(files, null, null);
        }

        public static Source ofBundled(String name) {
            return new Source(List.of(), name, null);
        }

        public static Source ofScenario(ScenarioRun run) {
            return new Source(List.of(), null, run);
        }
    }

    /** The visible time window [start, end) in ns, and the lanes' vertical scroll in pixels. */
    public record Window(long startNs, long endNs, double scrollY) {}

    /**
     * The crash point: time in ns and the names of its kind, the cache modes the user set and its
     * tearing policy. {@code cacheModes} maps a disk as {@code info} names it ("blk1"), or "*" for
     * every disk, to a mode name; disks not in it take what the trace shows (inferred again when
     * the session is opened). Sessions before per-disk modes stored one {@code cacheMode}: it reads
     * as "*".
     */
    public record Crash(long atNs, String kind, Map<String, String> cacheModes, String tearing) {
        public Crash {
            cacheModes =
                    cacheModes == null
                            ? Map.of()
                            : java.util.Collections.unmodifiableMap(
                                    new java.util.LinkedHashMap<>(cacheModes));
        }

        /** One cache mode for every disk (null: what the trace shows). */
        public Crash(long atNs, String kind, String cacheMode, String tearing) {
            this(atNs, kind, cacheMode == null ? Map.of() : Map.of("*", cacheMode), tearing);
        }

        /** The mode set for every disk ("*"), or null. */
        public String cacheMode() {
            return cacheModes.get("*");
        }
    }

    /**
     * The selected request: 0-based index of its file among the source files, and its id in that
     * file.
     */
    public record Selection(int file, int id) {}
}
