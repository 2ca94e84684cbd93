package dev.orderlens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The most recently opened files, kept in the user's preferences. */
public final class RecentFiles {
    private static final int MAX = 10;
    private final Preferences node;

    public RecentFiles(Preferences node) {
        this.node = node;
    }

    /**
     * The user's list; the node can be moved with -Dorderlens.prefs=NAME (tests use a scratch
     * node).
     */
    public static RecentFiles userDefault() {
        String name = System.getProperty("orderlens.prefs", "dev/orderlens");
        return new RecentFiles(Preferences.userRoot().node(name).node("recent"));
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String v = node.get("file" + i, null);
            if (v != null) {
                out.add(Path.of(v));
            }
        }
        return out;
    }

    public void add(Path p) {
        List<Path> l = list();
        Path abs = p.toAbsolutePath().normalize();
        l.remove(abs);
        l.add(0, abs);
        save(l);
    }

    public void remove(Path p) {
        List<Path> l = list();
        l.remove(p);
        save(l);
    }

    public void clear() {
        save(List.of());
    }

    private void save(List<Path> l) {
        for (int i = 0; i < MAX; i++) {
            if (i < l.size()) {
                node.put("file" + i, l.get(i).toString());
            } else {
                node.remove("file" + i);
            }
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience; an unwritable store must not break opening files
        }
    }
}
