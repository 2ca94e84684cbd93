package dev.orderlens.ui;

import dev.orderlens.export.TraceCache;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.CheckMenuItem;

/**
 * The window's side of the on-disk trace cache (ADR 0360): imports read through it, and a trace
 * that had to be imported is written to it only once its lanes are on screen, on a thread of its
 * own, so the write never delays the first frame. File → Keep a Trace Cache turns it off
 * (remembered in the preferences).
 */
final class CachedImports {
    private final UserPrefs prefs;
    private final TraceCache cache;
    private final Executor writer;

    /** The newest import's trace and the key to store it under, until its lanes are shown. */
    private volatile Pending pending;

    private record Pending(Trace trace, TraceCache.Key key) {}

    /** The user's cache ({@link TraceCache#userDefault}), written on {@code writer}. */
    CachedImports(UserPrefs prefs, Executor writer) {
        this(prefs, TraceCache.userDefault(), writer);
    }

    /**
     * @param cache the cache, or null when there is none ({@code -Dorderlens.cache=off})
     * @param writer where cache files are written
     */
    CachedImports(UserPrefs prefs, TraceCache cache, Executor writer) {
        this.prefs = prefs;
        this.cache = cache;
        this.writer = writer;
    }

    /** Opens the files: from the cache when it holds them unchanged, else by importing. */
    Trace load(List<TraceLoader.FileSpec> specs, Progress progress)
            throws IOException, ImportException {
        if (cache == null || !prefs.traceCache()) {
            return TraceLoader.load(specs, progress);
        }
        TraceCache.Loaded loaded = cache.open(specs, progress);
        pending = loaded.toWrite() == null ? null : new Pending(loaded.trace(), loaded.toWrite());
        return loaded.trace();
    }

    /** Writes a pending trace once a layout of it is shown (the first frame is then under way). */
    void writeWhenShown(ObservableValue<?> shownModel, java.util.function.Supplier<Trace> shown) {
        shownModel.addListener(
                (o, a, b) -> {
                    Pending p = pending;
                    if (b != null && p != null && p.trace() == shown.get()) {
                        pending = null;
                        writer.execute(() -> cache.write(p.key(), p.trace()));
                    }
                });
    }

    /** File → Keep a Trace Cache. */
    CheckMenuItem menuItem() {
        CheckMenuItem item = new CheckMenuItem("Keep a Trace _Cache");
        item.setSelected(cache != null && prefs.traceCache());
        item.setDisable(cache == null);
        item.selectedProperty().addListener((o, a, on) -> prefs.traceCache(on));
        return item;
    }
}
