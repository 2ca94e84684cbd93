package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Bookmark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link Session} files (docs/session.md). A file is recognised by its content —
 * {@code "format": "orderlens-session"} near the start — not by its name, so it opens like a trace
 * (menu, drag and drop, command line). File paths are saved absolute and relative to the session
 * file; reading prefers the relative one when it exists (a session moved with its traces still
 * works). A bad file is a {@link SessionException} naming the file and the JSON path.
 */
public final class SessionJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SNIFF =
            Pattern.compile("\"format\"\\s*:\\s*\"" + Session.FORMAT + "\"");

    /** Something wrong with a session file: the message names the file and what was expected. */
    public static final class SessionException extends IOException {
        private static final long serialVersionUID = 1L;

        public SessionException(String message) {
            super(message);
        }
    }

    private SessionJson() {}

    /** Whether a file is a session file (looks at its first 4 KiB; false if it cannot be read). */
    public static boolean isSession(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            return SNIFF.matcher(new String(head, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    // ---- writing ----

    /** Writes atomically (a failure leaves any earlier file untouched). */
    public static void write(Session s, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        byte[] bytes = toJson(s, dir).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The JSON text; paths relative to {@code dir} (null: absolute only). */
    public static String toJson(Session s, Path dir) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", Session.FORMAT);
        root.put("version", Session.VERSION);
        ObjectNode src = root.putObject("source");
        Session.Source source = s.source();
        if (!source.files().isEmpty()) {
            ArrayNode files = src.putArray("files");
            for (Session.FileEntry f : source.files()) {
                ObjectNode o = files.addObject();
                Path abs = Path.of(f.path()).toAbsolutePath().normalize();
                o.put("path", abs.toString());
                if (dir != null) {
                    try {
                        o.put(
                                "relative",
                                dir.toAbsolutePath().normalize().relativize(abs).toString());
                    } catch (IllegalArgumentException e) {
                        // another root (Windows drive): absolute only
                    }
                }
                putIf(o, "format", f.format());
                putIf(o, "layer", f.layer());
                if (f.offsetSeconds() != null) {
                    o.put("offset", f.offsetSeconds());
                }
            }
        } else if (source.bundled() != null) {
            src.put("bundled", source.bundled());
        } else {
            Session.ScenarioRun r = source.scenario();
            ObjectNode o = src.putObject("scenario");
            o.put("id", r.id());
            putIf(o, "variant", r.variant());
            putIf(o, "cacheMode", r.cacheMode());
            putIf(o, "crashKind", r.crashKind());
            if (r.crashAtNs() != null) {
                o.put("crashAt", r.crashAtNs());
            }
            if (r.seed() != null) {
                o.put("seed", r.seed());
            }
        }
        if (s.window() != null) {
            ObjectNode w = root.putObject("window");
            w.put("start", s.window().startNs());
            w.put("end", s.window().endNs());
            w.put("scrollY", s.window().scrollY());
        }
        if (s.crash() != null) {
            ObjectNode c = root.putObject("crash");
            c.put("at", s.crash().atNs());
            c.put("kind", s.crash().kind());
            if (s.crash().cacheMode() != null) { // older versions read this one
                c.put("cacheMode", s.crash().cacheMode());
            }
            if (!s.crash().cacheModes().isEmpty()) {
                ObjectNode m = c.putObject("cacheModes");
                s.crash().cacheModes().forEach(m::put);
            }
            c.put("tearing", s.crash().tearing());
        }
        ArrayNode filters = root.putArray("filters");
        for (RequestFilter.Criterion c : s.filters()) {
            ObjectNode o = filters.addObject();
            o.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            o.put("value", c.value());
        }
        if (s.selection() != null) {
            ObjectNode sel = root.putObject("selection");
            sel.put("file", s.selection().file());
            sel.put("id", s.selection().id());
        }
        putIf(root, "theme", s.theme());
        if (s.largeFont() != null) {
            root.put("largeFont", s.largeFont());
        }
        if (!s.bookmarks().isEmpty()) {
            ArrayNode marks = root.putArray("bookmarks");
            for (Bookmark b : s.bookmarks()) {
                ObjectNode o = marks.addObject();
                o.put("at", b.atNs());
                if (b.request() != null) {
                    ObjectNode req = o.putObject("request");
                    req.put("file", b.request().file());
                    req.put("id", b.request().id());
                }
                o.put("note", b.note());
            }
        }
        if (!s.laneNames().isEmpty()) {
            ObjectNode names = root.putObject("laneNames");
            new java.util.TreeMap<>(s.laneNames()).forEach(names::put);
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    // ---- reading ----

    /** Reads a session file; relative paths are resolved against its folder. */
    public static Session read(Path file) throws IOException {
        String unreadable = ImportInput.unreadableReason(file);
        if (unreadable != null) {
            throw new SessionException(file + ": " + unreadable);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses session JSON; {@code name} is used in messages, {@code dir} resolves relative paths
     * (may be null).
     */
    /** Whether {@code rel} names an existing file under {@code dir}; false for a NUL or such. */
    private static boolean resolves(Path dir, String rel) {
        try {
            return Files.exists(dir.resolve(rel));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** A path the file system cannot name (a NUL in it) is an error naming the field. */
    private static void checkPath(String name, String path, String field) throws SessionException {
        try {
            Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SessionException(
                    name + ": " + field + ": not a valid path: " + e.getReason());
        }
    }

    public static Session parse(String text, String name, Path dir) throws SessionException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // a Jackson limit (nesting, number or string length) may come without a location
            var where = e.getLocation();
            String msg = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw new SessionException(
                    name
                            + ": not valid JSON"
                            + (where == null || where.getLineNr() < 1
                                    ? ""
                                    : " (line " + where.getLineNr() + ")")
                            + ": "
                            + msg);
        } catch (RuntimeException e) { // no JSON parser error may escape as an internal one
            throw new SessionException(name + ": cannot be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SessionException(
                    name + ": expected a JSON object with \"format\": \"" + Session.FORMAT + "\"");
        }
        Reader r = new Reader(name);
        if (!Session.FORMAT.equals(root.path("format").asText(null))) {
            throw new SessionException(name + ": $.format: expected \"" + Session.FORMAT + "\"");
        }
        int version = root.path("version").asInt(-1);
        if (version != Session.VERSION) {
            throw new SessionException(
                    name
                            + ": $.version: expected "
                            + Session.VERSION
                            + ", found "
                            + root.path("version"));
        }
        Session.Source source = r.source(root.path("source"), dir);
        Session.Window window = null;
        if (root.hasNonNull("window")) {
            JsonNode w = root.get("window");
            long start = r.longAt(w, "start", "$.window.start");
            long end = r.longAt(w, "end", "$.window.end");
            if (end <= start) {
                throw new SessionException(name + ": $.window: end must be after start");
            }
            window = new Session.Window(start, end, w.path("scrollY").asDouble(0));
        }
        Session.Crash crash = null;
        if (root.hasNonNull("crash")) {
            JsonNode c = root.get("crash");
            crash =
                    new Session.Crash(
                            r.longAt(c, "at", "$.crash.at"),
                            r.text(c, "kind", "$.crash.kind", true),
                            r.cacheModes(c),
                            r.text(c, "tearing", "$.crash.tearing", true));
        }
        List<RequestFilter.Criterion> filters = new ArrayList<>();
        JsonNode fs = root.path("filters");
        for (int i = 0; i < fs.size(); i++) {
            String path = "$.filters[" + i + "]";
            String kind = r.text(fs.get(i), "kind", path + ".kind", true);
            RequestFilter.Kind k = null;
            for (RequestFilter.Kind x : RequestFilter.Kind.values()) {
                if (x.name().equalsIgnoreCase(kind)) {
                    k = x;
                }
            }
            if (k == null) {
                throw new SessionException(
                        name + ": " + path + ".kind: unknown filter kind '" + kind + "'");
            }
            try {
                filters.add(
                        new RequestFilter.Criterion(
                                k, r.text(fs.get(i), "value", path + ".value", true)));
            } catch (IllegalArgumentException e) {
                throw new SessionException(name + ": " + path + ": " + e.getMessage());
            }
        }
        Session.Selection selection = null;
        if (root.hasNonNull("selection")) {
            JsonNode s = root.get("selection");
            selection =
                    new Session.Selection(
                            (int) r.longAt(s, "file", "$.selection.file"),
                            (int) r.longAt(s, "id", "$.selection.id"));
        }
        String theme = root.path("theme").asText(null);
        if (theme != null && !theme.equals("light") && !theme.equals("dark")) {
            throw new SessionException(name + ": $.theme: expected \"light\" or \"dark\"");
        }
        Boolean large = root.hasNonNull("largeFont") ? root.get("largeFont").asBoolean() : null;
        java.util.Map<String, String> laneNames = new java.util.HashMap<>();
        JsonNode names = root.path("laneNames");
        for (var it = names.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new SessionException(
                        name + ": $.laneNames." + e.getKey() + ": expected a string");
            }
            laneNames.put(e.getKey(), e.getValue().asText());
        }
        return new Session(
                source,
                window,
                crash,
                filters,
                selection,
                theme,
                large,
                r.bookmarks(root),
                laneNames);
    }

    /** Field readers that name the file and JSON path in their errors. */
    private record Reader(String name) {
        long longAt(JsonNode o, String key, String path) throws SessionException {
            JsonNode v = o.get(key);
            if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
                throw new SessionException(name + ": " + path + ": expected an integer");
            }
            return v.asLong();
        }

        /**
         * $.crash.cacheModes (disk or "*" → mode name), else the older $.crash.cacheMode as "*",
         * else none.
         */
        Map<String, String> cacheModes(JsonNode c) throws SessionException {
            Map<String, String> out = new LinkedHashMap<>();
            String one = text(c, "cacheMode", "$.crash.cacheMode", false);
            if (one != null) {
                out.put("*", one);
            }
            JsonNode m = c.path("cacheModes");
            if (!m.isMissingNode() && !m.isNull()) {
                if (!m.isObject()) {
                    throw new SessionException(
                            name + ": $.crash.cacheModes: expected an object of disk: mode");
                }
                for (var it = m.fields(); it.hasNext(); ) {
                    var e = it.next();
                    out.put(
                            e.getKey(),
                            text(m, e.getKey(), "$.crash.cacheModes." + e.getKey(), true));
                }
            }
            return out;
        }

        String text(JsonNode o, String key, String path, boolean required) throws SessionException {
            JsonNode v = o == null ? null : o.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw new SessionException(name + ": " + path + ": missing");
                }
                return null;
            }
            if (!v.isTextual()) {
                throw new SessionException(name + ": " + path + ": expected a string");
            }
            return v.asText();
        }

        /** The bookmarks (absent in sessions written before they existed: none). */
        List<Bookmark> bookmarks(JsonNode root) throws SessionException {
            List<Bookmark> out = new ArrayList<>();
            JsonNode marks = root.path("bookmarks");
            if (marks.isMissingNode() || marks.isNull()) {
                return out;
            }
            if (!marks.isArray()) {
                throw new SessionException(name + ": $.bookmarks: expected an array");
            }
            if (marks.size() > Bookmark.MAX_BOOKMARKS) {
                throw new SessionException(
                        name
                                + ": $.bookmarks: "
                                + marks.size()
                                + " bookmarks, at most "
                                + Bookmark.MAX_BOOKMARKS
                                + " are kept");
            }
            for (int i = 0; i < marks.size(); i++) {
                String p = "$.bookmarks[" + i + "]";
                JsonNode b = marks.get(i);
                if (!b.isObject()) {
                    throw new SessionException(name + ": " + p + ": expected an object");
                }
                long at = longAt(b, "at", p + ".at");
                Bookmark.RequestRef ref = null;
                if (b.hasNonNull("request")) {
                    JsonNode q = b.get("request");
                    long file = longAt(q, "file", p + ".request.file");
                    long id = longAt(q, "id", p + ".request.id");
                    if (file < 0 || file > Integer.MAX_VALUE || id < 0 || id > Integer.MAX_VALUE) {
                        throw new SessionException(
                                name + ": " + p + ".request: expected a file index and an id ≥ 0");
                    }
                    ref = new Bookmark.RequestRef((int) file, (int) id);
                }
                String note = text(b, "note", p + ".note", false);
                note = note == null ? "" : note;
                if (note.length() > Bookmark.MAX_NOTE) {
                    throw new SessionException(
                            name
                                    + ": "
                                    + p
                                    + ".note: "
                                    + note.length()
                                    + " characters, at most "
                                    + Bookmark.MAX_NOTE);
                }
                out.add(new Bookmark(at, ref, note));
            }
            return out;
        }

        Session.Source source(JsonNode src, Path dir) throws SessionException {
            if (!src.isObject()) {
                throw new SessionException(
                        name + ": $.source: missing (files, bundled or scenario)");
            }
            if (src.has("files")) {
                JsonNode files = src.get("files");
                if (!files.isArray() || files.isEmpty()) {
                    throw new SessionException(
                            name + ": $.source.files: expected a non-empty array");
                }
                List<Session.FileEntry> out = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    String p = "$.source.files[" + i + "]";
                    JsonNode f = files.get(i);
                    String abs = text(f, "path", p + ".path", true);
                    String rel = text(f, "relative", p + ".relative", false);
                    String chosen = abs;
                    if (rel != null && dir != null && resolves(dir, rel)) {
                        chosen = dir.resolve(rel).normalize().toString();
                    }
                    checkPath(name, abs, p + ".path");
                    Double offset = null;
                    if (f.hasNonNull("offset")) {
                        if (!f.get("offset").isNumber()) {
                            throw new SessionException(
                                    name + ": " + p + ".offset: expected seconds (a number)");
                        }
                        offset = f.get("offset").asDouble();
                    }
                    out.add(
                            new Session.FileEntry(
                                    chosen,
                                    text(f, "format", p + ".format", false),
                                    text(f, "layer", p + ".layer", false),
                                    offset));
                }
                return Session.Source.ofFiles(out);
            }
            if (src.has("bundled")) {
                return Session.Source.ofBundled(text(src, "bundled", "$.source.bundled", true));
            }
            if (src.has("scenario")) {
                JsonNode s = src.get("scenario");
                String p = "$.source.scenario";
                return Session.Source.ofScenario(
                        new Session.ScenarioRun(
                                text(s, "id", p + ".id", true),
                                text(s, "variant", p + ".variant", false),
                                text(s, "cacheMode", p + ".cacheMode", false),
                                text(s, "crashKind", p + ".crashKind", false),
                                s.hasNonNull("crashAt")
                                        ? longAt(s, "crashAt", p + ".crashAt")
                                        : null,
                                s.hasNonNull("seed") ? longAt(s, "seed", p + ".seed") : null));
            }
            throw new SessionException(name + ": $.source: expected files, bundled or scenario");
        }
    }
}
