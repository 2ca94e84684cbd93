package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Bookmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionJsonTest {
    @TempDir Path dir;

    private Session full(Path a, Path b) {
        return new Session(
                Session.Source.ofFiles(
                        List.of(
                                new Session.FileEntry(a.toString(), "blkparse", "guest", null),
                                new Session.FileEntry(b.toString(), "qemu-log", null, -0.25))),
                new Session.Window(1_000, 250_000, 36.5),
                new Session.Crash(123_456, "qemu-kill", "writethrough", "atomic-4k"),
                List.of(
                        new RequestFilter.Criterion(RequestFilter.Kind.OP, "write"),
                        new RequestFilter.Criterion(RequestFilter.Kind.SECTOR, "0-2047")),
                new Session.Selection(1, 42),
                "dark",
                true);
    }

    @Test
    void everyItemSurvivesAWriteAndARead() throws Exception {
        Path a = Files.writeString(dir.resolve("guest.txt"), "x");
        Path b = Files.writeString(dir.resolve("host.log"), "y");
        Session s = full(a, b);
        Path file = dir.resolve("view.json");
        SessionJson.write(s, file);
        assertTrue(SessionJson.isSession(file));
        assertEquals(s, SessionJson.read(file));
        String text = Files.readString(file);
        assertTrue(text.contains("\"format\" : \"orderlens-session\""), text);
        assertTrue(text.contains("\"relative\" : \"guest.txt\""), text);
    }

    @Test
    void aSessionMovedWithItsTracesFindsThemByTheRelativePath() throws Exception {
        Path a = Files.writeString(dir.resolve("guest.txt"), "x");
        Path b = Files.writeString(dir.resolve("host.log"), "y");
        String text = SessionJson.toJson(full(a, b), dir);
        Path moved = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(a, moved.resolve("guest.txt"));
        Files.move(b, moved.resolve("host.log"));
        Files.writeString(moved.resolve("s.json"), text);
        Session back = SessionJson.read(moved.resolve("s.json"));
        assertEquals(moved.resolve("guest.txt").toString(), back.source().files().get(0).path());
        assertEquals(-0.25, back.source().files().get(1).offsetSeconds());
    }

    @Test
    void bundledAndScenarioSourcesRoundTrip() throws Exception {
        Session bundled =
                new Session(
                        Session.Source.ofBundled("journal-commit.json"),
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null);
        assertEquals(bundled, SessionJson.parse(SessionJson.toJson(bundled, null), "b.json", null));
        Session scen =
                new Session(
                        Session.Source.ofScenario(
                                new Session.ScenarioRun(
                                        "loop-flush", null, "none", "qemu-kill", 4_000_000L, 7L)),
                        null,
                        null,
                        List.of(),
                        null,
                        "light",
                        false);
        assertEquals(scen, SessionJson.parse(SessionJson.toJson(scen, null), "s.json", null));
    }

    @Test
    void badFilesAreNamedWithTheJsonPath() {
        String base =
                "{\"format\": \"orderlens-session\", \"version\": 1, \"source\": {\"bundled\": \"x\"}";
        var e =
                assertThrows(
                        SessionJson.SessionException.class,
                        () ->
                                SessionJson.parse(
                                        base + ", \"window\": {\"start\": 5, \"end\": \"z\"}}",
                                        "v.json",
                                        null));
        assertEquals("v.json: $.window.end: expected an integer", e.getMessage());
        e =
                assertThrows(
                        SessionJson.SessionException.class,
                        () ->
                                SessionJson.parse(
                                        base
                                                + ", \"filters\": [{\"kind\": \"op\", \"value\": \"jump\"}]}",
                                        "v.json",
                                        null));
        assertTrue(
                e.getMessage().startsWith("v.json: $.filters[0]: unknown op 'jump'"),
                e.getMessage());
        e =
                assertThrows(
                        SessionJson.SessionException.class,
                        () ->
                                SessionJson.parse(
                                        "{\"format\": \"orderlens-session\", \"version\": 2}",
                                        "v.json",
                                        null));
        assertEquals("v.json: $.version: expected 1, found 2", e.getMessage());
        e =
                assertThrows(
                        SessionJson.SessionException.class,
                        () ->
                                SessionJson.parse(
                                        "{\"format\": \"orderlens-session\",", "v.json", null));
        assertTrue(e.getMessage().startsWith("v.json: not valid JSON (line 1)"), e.getMessage());
    }

    @Test
    void bookmarksSurviveAWriteAndAReadAndOldSessionsHaveNone() throws Exception {
        Path a = Files.writeString(dir.resolve("guest.txt"), "x");
        Path b = Files.writeString(dir.resolve("host.log"), "y");
        List<Bookmark> marks =
                List.of(
                        new Bookmark(2_000, new Bookmark.RequestRef(1, 42), "retry </td> & 'x'"),
                        Bookmark.atTime(5_000_000, ""),
                        Bookmark.atTime(-1_000, "before zero\nsecond line"));
        Session s = full(a, b).withBookmarks(marks);
        Path file = dir.resolve("view.json");
        SessionJson.write(s, file);
        Session back = SessionJson.read(file);
        assertEquals(s, back);
        assertEquals(marks, back.bookmarks());
        // a session written before bookmarks existed: the same file without the field
        String old = SessionJson.toJson(full(a, b), dir);
        assertFalse(old.contains("bookmarks"), old);
        assertEquals(List.of(), SessionJson.parse(old, "old.json", dir).bookmarks());
    }

    @Test
    void badBookmarksAreNamedWithTheJsonPath() {
        String base =
                "{\"format\": \"orderlens-session\", \"version\": 1, \"source\": {\"bundled\": \"x\"},"
                        + " \"bookmarks\": ";
        String[][] cases = {
            {"{}", "v.json: $.bookmarks: expected an array"},
            {"[{\"note\": \"n\"}]", "v.json: $.bookmarks[0].at: expected an integer"},
            {"[{\"at\": 1}, 7]", "v.json: $.bookmarks[1]: expected an object"},
            {
                "[{\"at\": 1, \"request\": {\"file\": 0}}]",
                "v.json: $.bookmarks[0].request.id: expected an integer"
            },
            {
                "[{\"at\": 1, \"request\": {\"file\": -1, \"id\": 3}}]",
                "v.json: $.bookmarks[0].request: expected a file index and an id ≥ 0"
            },
            {"[{\"at\": 1, \"note\": 5}]", "v.json: $.bookmarks[0].note: expected a string"},
            {
                "[{\"at\": 1, \"note\": \"" + "n".repeat(Bookmark.MAX_NOTE + 1) + "\"}]",
                "v.json: $.bookmarks[0].note: 2001 characters, at most 2000"
            },
        };
        for (String[] c : cases) {
            var e =
                    assertThrows(
                            SessionJson.SessionException.class,
                            () -> SessionJson.parse(base + c[0] + "}", "v.json", null),
                            c[0]);
            assertEquals(c[1], e.getMessage());
        }
    }

    @Test
    void aTraceIsNotASession() throws Exception {
        assertFalse(SessionJson.isSession(Path.of("sample-traces/journal-commit.json")));
        assertFalse(SessionJson.isSession(dir.resolve("missing.json")));
    }
}
