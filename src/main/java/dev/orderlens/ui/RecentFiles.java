package dev.orderlens.ui;

import dev.orderlens.export.Session;
import dev.orderlens.export.SessionJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The most recently opened trace sets, kept in the user's preferences. An entry is what was opened
 * together — every file with its format, layer and clock offset, and the crash point's settings
 * (kind, cache mode, tearing) — stored as a small session (docs/session.md) so reopening it gives
 * the same trace, not one file of a pair. Entries from older versions (one path each) still read.
 */
public final class RecentFiles {
    private static final int MAX = 10;
    private static final System.Logger LOG = System.getLogger(RecentFiles.class.getName());
    private final Preferences node;

    public RecentFiles(Preferences node) {
        this.node = node;
    }

    /**
     * The trace sets, newest first (only file sets: the bundled sample and scenarios are not kept).
     */
    public List<Session> sets() {
        List<Session> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String json = node.get("set" + i, null);
            String file = node.get("file" + i, null);
            if (json != null) {
                try {
                    out.add(SessionJson.parse(json, "recent entry " + i, null));
                } catch (SessionJson.SessionException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "unreadable recent entry " + i + ": " + e);
                }
            } else if (file != null) {
                out.add(ofPaths(List.of(Path.of(file))));
            }
        }
        return out;
    }

    /** The files of every set, newest first (where the file chooser starts). */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (Session s : sets()) {
            for (Session.FileEntry f : s.source().files()) {
                Path p = Path.of(f.path());
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Remembers one file opened alone. */
    public void add(Path p) {
        add(ofPaths(List.of(p)));
    }

    /**
     * Remembers a trace set (its source and crash settings; the view is not kept). A set with the
     * same files replaces the older entry.
     */
    public void add(Session s) {
        if (s.source().files().isEmpty()) {
            return;
        }
        Session kept =
                new Session(
                        Session.Source.ofFiles(
                                s.source().files().stream()
                                        .map(
                                                f ->
                                                        new Session.FileEntry(
                                                                Path.of(f.path())
                                                                        .toAbsolutePath()
                                                                        .normalize()
                                                                        .toString(),
                                                                f.format(),
                                                                f.layer(),
                                                                f.offsetSeconds()))
                                        .toList()),
                        null,
                        s.crash(),
                        null,
                        null,
                        null,
                        null);
        List<Session> l = sets();
        l.removeIf(o -> paths(o).equals(paths(kept)));
        l.add(0, kept);
        save(l);
    }

    /** Forgets every set that contains this file (it could not be opened). */
    public void remove(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        List<Session> l = sets();
        l.removeIf(s -> paths(s).contains(abs));
        save(l);
    }

    public void clear() {
        save(List.of());
    }

    /** The menu text of a set: its file names, and the folder of the first. */
    static String label(Session s) {
        List<Path> ps = paths(s);
        String names =
                String.join(" + ", ps.stream().map(p -> String.valueOf(p.getFileName())).toList());
        Path dir = ps.isEmpty() ? null : ps.get(0).getParent();
        return dir == null ? names : names + "  —  " + dir;
    }

    static List<Path> paths(Session s) {
        return s.source().files().stream()
                .map(f -> Path.of(f.path()).toAbsolutePath().normalize())
                .toList();
    }

    private static Session ofPaths(List<Path> ps) {
        return new Session(
                Session.Source.ofFiles(
                        ps.stream()
                                .map(
                                        p ->
                                                new Session.FileEntry(
                                                        p.toAbsolutePath().normalize().toString(),
                                                        null,
                                                        null,
                                                        null))
                                .toList()),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private void save(List<Session> l) {
        int n = 0;
        for (Session s : l) {
            String json = SessionJson.toJson(s, null);
            if (n < MAX && json.length() <= Preferences.MAX_VALUE_LENGTH) {
                node.put("set" + n++, json);
            }
        }
        for (int i = 0; i < MAX; i++) {
            node.remove("file" + i);
            if (i >= n) {
                node.remove("set" + i);
            }
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience; an unwritable store must not break opening files
        }
    }
}
