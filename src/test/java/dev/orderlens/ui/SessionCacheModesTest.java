package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModes;
import dev.orderlens.export.Session;
import dev.orderlens.export.SessionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session keeps the cache modes the user set, per disk, and nothing it can infer again; an older
 * session's one mode still opens, as the mode of every disk.
 */
class SessionCacheModesTest {
    @TempDir Path dir;

    /** blk0 inferred unsafe, blk1 assumed writeback: the defaults of the two-disk capture. */
    private static CacheModes defaults() {
        Map<String, CacheModes.Choice> d = new LinkedHashMap<>();
        d.put("blk0", new CacheModes.Choice(CacheMode.UNSAFE, CacheModes.Origin.INFERRED));
        d.put("blk1", new CacheModes.Choice(CacheMode.WRITEBACK, CacheModes.Origin.ASSUMED));
        return new CacheModes(
                new CacheModes.Choice(CacheMode.UNSAFE, CacheModes.Origin.INFERRED), d);
    }

    private Session withCrash(Session.Crash c) {
        return new Session(
                Session.Source.ofBundled("journal-commit.json"),
                null,
                c,
                List.of(),
                null,
                null,
                null);
    }

    @Test
    void theUsersChoicesRoundTripThroughTheFile() throws Exception {
        CacheModes chosen = defaults().with("blk1", CacheMode.NONE);
        Map<String, String> saved = SessionCacheModes.toSession(chosen);
        assertEquals(Map.of("blk1", "none"), saved, "only what the user set");
        Session s = withCrash(new Session.Crash(5, "power-loss", saved, "sector"));
        Path file = dir.resolve("s.json");
        SessionJson.write(s, file);
        Session back = SessionJson.read(file);
        assertEquals(s, back);
        CacheModes reopened = SessionCacheModes.apply(back.crash().cacheModes(), defaults());
        assertEquals(chosen, reopened);
        assertEquals(CacheModes.Origin.INFERRED, reopened.choiceOf("blk0").origin());
        assertEquals(CacheModes.Origin.SET, reopened.choiceOf("blk1").origin());
    }

    @Test
    void everyDiskAndOneDiskRoundTrip() throws Exception {
        CacheModes chosen = defaults().withAll(CacheMode.NONE).with("blk0", CacheMode.DIRECTSYNC);
        Map<String, String> saved = SessionCacheModes.toSession(chosen);
        assertEquals(List.of("*", "blk0"), List.copyOf(saved.keySet()));
        Path file = dir.resolve("s.json");
        SessionJson.write(withCrash(new Session.Crash(5, "power-loss", saved, "sector")), file);
        CacheModes reopened =
                SessionCacheModes.apply(SessionJson.read(file).crash().cacheModes(), defaults());
        assertEquals(CacheMode.DIRECTSYNC, reopened.of("blk0"));
        assertEquals(CacheMode.NONE, reopened.of("blk1"));
    }

    /** A session written before per-disk modes: one "cacheMode", read as every disk's. */
    @Test
    void anOlderSessionsOneModeIsEveryDisks() throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(
                file,
                "{\"format\": \"orderlens-session\", \"version\": 1,"
                        + " \"source\": {\"bundled\": \"journal-commit.json\"},"
                        + " \"crash\": {\"at\": 490000, \"kind\": \"power-loss\","
                        + " \"cacheMode\": \"writeback\", \"tearing\": \"sector\"}}");
        Session s = SessionJson.read(file);
        assertEquals(Map.of("*", "writeback"), s.crash().cacheModes());
        CacheModes m = SessionCacheModes.apply(s.crash().cacheModes(), defaults());
        assertEquals(CacheMode.WRITEBACK, m.of("blk0"));
        assertEquals(CacheMode.WRITEBACK, m.of("blk1"));
    }

    /** A disk the trace no longer has, or a mode this version does not know, is skipped. */
    @Test
    void aDiskOrModeNotHereIsSkipped() {
        Map<String, String> saved = new LinkedHashMap<>();
        saved.put("blk7", "none");
        saved.put("blk1", "fast");
        saved.put("blk0", "writeback");
        CacheModes m = SessionCacheModes.apply(saved, defaults());
        assertEquals(defaults().with("blk0", CacheMode.WRITEBACK), m);
    }
}
