package dev.orderlens.ui;

import dev.orderlens.export.Session;
import dev.orderlens.export.SessionBookmarks;
import dev.orderlens.export.SessionJson;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.stage.FileChooser;

/**
 * Sessions for the main window (docs/session.md, ADR 0072): the view as a {@link Session}, saving
 * it, and opening one — its files (naming the missing ones), the bundled sample or a scenario —
 * then applying its view once the trace is shown.
 */
final class SessionSupport {
    private final MainWindow w;

    SessionSupport(MainWindow window) {
        this.w = window;
    }

    /** The view as a session, or null when nothing is open. */
    Session current() {
        Trace t = w.trace();
        if (t == null || w.source() == null) {
            return null;
        }
        TimelineViewModel.Window win = w.timeline().window();
        dev.orderlens.analysis.CrashPoint p = w.explorer().crash().point();
        int row = w.timeline().selected();
        return new Session(
                w.source(),
                new Session.Window(win.start(), win.end(), w.timeline().scrollYProperty().get()),
                p == null
                        ? null
                        : new Session.Crash(
                                p.atNs(),
                                p.kind().jsonName(),
                                SessionCacheModes.toSession(p.cacheModes()),
                                p.tearing().jsonName()),
                w.timeline().filter().criteria(),
                row < 0
                        ? null
                        : new Session.Selection(t.requests().file(row), t.requests().id(row)),
                w.timeline().darkProperty().get() ? "dark" : "light",
                w.presentation().largeProperty().get(),
                w.bookmarks().bookmarks(),
                laneNames(t));
    }

    /** The names the user gave lanes, keyed so that they find their lanes after re-importing. */
    private Map<String, String> laneNames(Trace t) {
        Map<String, String> out = new HashMap<>();
        w.timeline()
                .laneViewProperty()
                .get()
                .names()
                .forEach(
                        (lane, name) -> {
                            Lane l = t.lanes().get(lane);
                            out.put(
                                    Session.laneKey(
                                            l.file(), t.layers().get(l.layer()).id(), l.name()),
                                    name);
                        });
        return out;
    }

    void chooseAndSave() {
        Session s = current();
        if (s == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save session");
        chooser.setInitialFileName("orderlens-session.json");
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter("OrderLens session", "*.json"));
        var file = Dialogs.save(chooser);
        if (file != null) {
            save(file.toPath());
        }
    }

    /** Writes the current view to a session file (atomically). */
    boolean save(Path file) {
        Session s = current();
        if (s == null) {
            return false;
        }
        try {
            SessionJson.write(s, file);
            w.statusLabel().setText("Session saved to " + file);
            return true;
        } catch (IOException e) {
            w.showError("Could not save the session", file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Opens a session file: its trace, then its view. Missing files are named; the rest is
     * restored.
     */
    void open(Path file) {
        Session s;
        try {
            s = SessionJson.read(file);
        } catch (IOException e) {
            w.showError("Could not open the session " + file.getFileName(), e.getMessage());
            return;
        }
        restore(s, file.getFileName().toString());
    }

    /** Opens what a session names and applies its view once the trace is shown. */
    void restore(Session s, String label) {
        Session.Source src = s.source();
        if (src.bundled() != null) {
            prepareView(s);
            w.openEmbeddedDefault();
        } else if (src.scenario() != null) {
            Session.ScenarioRun r = src.scenario();
            dev.orderlens.sim.Scenario sc = dev.orderlens.sim.Scenarios.get(r.id());
            if (sc == null) {
                w.showError(
                        "Could not open the session " + label,
                        "it names the scenario '" + r.id() + "', which this version does not have");
                return;
            }
            dev.orderlens.sim.Overrides o =
                    new dev.orderlens.sim.Overrides(
                            r.seed(),
                            r.cacheMode() == null
                                    ? null
                                    : dev.orderlens.analysis.CacheMode.parse(r.cacheMode()),
                            r.crashAtNs(),
                            r.crashKind() == null
                                    ? null
                                    : dev.orderlens.analysis.CrashKind.parse(r.crashKind()),
                            r.variant());
            prepareView(s);
            w.openScenario(sc, o);
        } else {
            List<TraceLoader.FileSpec> specs = new ArrayList<>();
            List<Session.FileEntry> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < src.files().size(); i++) {
                Session.FileEntry f = src.files().get(i);
                Path p = Path.of(f.path());
                try {
                    specs.add(
                            new TraceLoader.FileSpec(
                                    TraceLoader.open(p), f.format(), f.layer(), f.offsetSeconds()));
                    found.add(f);
                    kept.add(i);
                } catch (ImportException e) {
                    missing.add(e.getMessage());
                }
            }
            if (specs.isEmpty()) {
                w.showError(
                        "Could not open the session " + label,
                        "none of its files can be opened:\n" + String.join("\n", missing));
                return;
            }
            if (!missing.isEmpty()) {
                w.showError(
                        "Some files of the session " + label + " are missing",
                        String.join("\n", missing)
                                + "\nThe rest of the session is restored without them.");
            }
            // the selection names a file by its place among the session's files: renumber for the
            // files found
            Session.Selection sel = s.selection();
            Session.Selection renumbered =
                    sel == null || !kept.contains(sel.file())
                            ? null
                            : new Session.Selection(kept.indexOf(sel.file()), sel.id());
            prepareView(
                    new Session(
                            s.source(),
                            s.window(),
                            s.crash(),
                            s.filters(),
                            renumbered,
                            s.theme(),
                            s.largeFont(),
                            SessionBookmarks.renumber(s.bookmarks(), kept::indexOf),
                            s.laneNames()));
            w.loadFiles(specs, label + " (session)", Session.Source.ofFiles(found));
        }
    }

    /**
     * Applies a session's view to the next trace shown: theme now, the rest when its model is
     * built.
     */
    private void prepareView(Session s) {
        if (s.theme() != null) {
            w.timeline().darkProperty().set(s.theme().equals("dark"));
        }
        if (s.largeFont() != null) {
            w.presentation().largeProperty().set(s.largeFont());
        }
        if (s.crash() != null) {
            Session.Crash c = s.crash();
            w.explorer()
                    .crashWhenReady(
                            c.atNs(),
                            p ->
                                    new dev.orderlens.analysis.CrashPoint(
                                            c.atNs(),
                                            orElse(
                                                    dev.orderlens.analysis.CrashKind.parse(
                                                            c.kind()),
                                                    p.kind()),
                                            SessionCacheModes.apply(c.cacheModes(), p.cacheModes()),
                                            orElse(
                                                    dev.orderlens.analysis.Tearing.parse(
                                                            c.tearing()),
                                                    p.tearing())));
        }
        Trace before = w.trace();
        javafx.beans.value.ChangeListener<Object> once =
                new javafx.beans.value.ChangeListener<>() {
                    private boolean filtered;

                    @Override
                    public void changed(
                            javafx.beans.value.ObservableValue<?> o, Object a, Object b) {
                        Trace t = w.timeline().trace();
                        TimelineModel m = w.timeline().model();
                        if (t == null
                                || t == before
                                || m == null
                                || w.timeline().findingsProperty().get() == null) {
                            return;
                        }
                        if (!filtered) {
                            filtered = true;
                            for (var c : s.filters()) {
                                w.timeline().addFilter(c);
                            }
                        }
                        if (!m.filter().equals(w.timeline().filter())) {
                            return; // wait for the filtered model
                        }
                        w.timeline().modelProperty().removeListener(this);
                        for (Lane l : t.lanes()) {
                            String name =
                                    s.laneNames()
                                            .get(
                                                    Session.laneKey(
                                                            l.file(),
                                                            t.layers().get(l.layer()).id(),
                                                            l.name()));
                            if (name != null) {
                                w.timeline().renameLane(l.index(), name);
                            }
                        }
                        if (s.window() != null) {
                            w.timeline().goTo(s.window().startNs(), s.window().endNs());
                        }
                        if (s.selection() != null) {
                            int row =
                                    t.requests().rowOfId(s.selection().file(), s.selection().id());
                            if (row >= 0) {
                                w.timeline().select(row);
                            }
                        }
                        if (s.window() != null) {
                            w.timeline().scrollYProperty().set(s.window().scrollY());
                        }
                        w.bookmarks().setAll(s.bookmarks());
                    }
                };
        w.timeline().modelProperty().addListener(once);
    }

    private static <T> T orElse(T v, T fallback) {
        return v == null ? fallback : v;
    }
}
