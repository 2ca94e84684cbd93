package dev.orderlens.ui;

import dev.orderlens.export.Session;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;

/**
 * Runs the window's imports, one at a time: each import is a background task with progress and
 * Cancel in the status bar; opening another trace while one is being imported cancels it, and only
 * the newest import's result is ever handed on (a superseded import that still finishes its parse
 * is dropped, and its cancellation does not overwrite the status of the one that replaced it). What
 * a trace is opened from travels with its import and comes back with its result. Called on the FX
 * thread only.
 */
final class ImportController {
    /** A finished import: the trace, how the user named it, and what it was opened from. */
    record Opened(Trace trace, String label, Session.Source source) {}

    /** How files become a trace: an import, or a read of the trace cache. */
    @FunctionalInterface
    interface Loader {
        Trace load(List<TraceLoader.FileSpec> specs, Progress progress) throws Exception;
    }

    private final Executor worker;
    private final Loader loader;
    private final StatusBar statusBar;
    private final Consumer<Opened> onOpened;
    private final BiConsumer<String, String> showError;
    private final ReadOnlyObjectWrapper<Task<Trace>> loading =
            new ReadOnlyObjectWrapper<>(this, "loading");

    /**
     * @param worker where imports run (one thread: a newer import waits for the cancelled one)
     * @param onOpened gets the newest import's trace on the FX thread
     * @param showError shows a failed import's message (header, detail)
     */
    ImportController(
            Executor worker,
            StatusBar statusBar,
            Consumer<Opened> onOpened,
            BiConsumer<String, String> showError) {
        this(worker, TraceLoader::load, statusBar, onOpened, showError);
    }

    /** Like the other, with {@code loader} making the trace (the window reads the cache). */
    ImportController(
            Executor worker,
            Loader loader,
            StatusBar statusBar,
            Consumer<Opened> onOpened,
            BiConsumer<String, String> showError) {
        this.worker = worker;
        this.loader = loader;
        this.statusBar = statusBar;
        this.onOpened = onOpened;
        this.showError = showError;
    }

    /**
     * Imports files as one trace in the background, cancelling the import under way; {@code source}
     * is what the trace is opened from (for sessions and Open Recent).
     */
    void load(List<TraceLoader.FileSpec> specs, String label, Session.Source source) {
        cancel();
        Task<Trace> task = new ImportTask(specs, loader);
        statusBar.importStarted(task, "Opening " + label + "…");
        StatusBar.whenDone(task, state -> finished(task, label, source));
        loading.set(task);
        worker.execute(task);
    }

    /** Cancels the import under way, if any. */
    void cancel() {
        Task<Trace> current = loading.get();
        if (current != null) {
            current.cancel();
        }
    }

    /** The import in progress, or null. */
    ReadOnlyObjectProperty<Task<Trace>> loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    private void finished(Task<Trace> task, String label, Session.Source source) {
        statusBar.importFinished(task);
        if (loading.get() != task) {
            return; // superseded by a newer import: nothing of it is shown or said
        }
        loading.set(null);
        switch (task.getState()) {
            case SUCCEEDED -> onOpened.accept(new Opened(task.getValue(), label, source));
            case CANCELLED -> statusBar.setText("Opening " + label + " cancelled");
            case FAILED -> failed(task.getException(), label);
            case READY, SCHEDULED, RUNNING -> {} // not a final state: never called with one
        }
    }

    private void failed(Throwable ex, String label) {
        if (ex instanceof Progress.CancelledException) {
            statusBar.setText("Opening " + label + " cancelled");
            return;
        }
        statusBar.setText("Could not open " + label);
        if (ex instanceof ImportException ie) {
            showError.accept("Could not open " + label, ie.getMessage());
        } else {
            showError.accept(
                    "Could not open " + label, Failures.report("Could not open " + label, ex));
        }
    }

    /** Loads in the background; reports progress and honours cancel through {@link Progress}. */
    private static final class ImportTask extends Task<Trace> implements Progress {
        private final List<TraceLoader.FileSpec> specs;
        private final Loader loader;

        ImportTask(List<TraceLoader.FileSpec> specs, Loader loader) {
            this.specs = specs;
            this.loader = loader;
        }

        @Override
        protected Trace call() throws Exception {
            return loader.load(specs, this);
        }

        @Override
        public void update(long done, long total) {
            updateProgress(done, total);
        }
    }
}
