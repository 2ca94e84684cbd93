package dev.orderlens.ui;

import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The main window: menus, the trace view, and a status bar that shows import progress with a
 * cancel button. Imports run on a background thread; the FX thread only receives the result.
 */
public final class MainWindow {
    static final String EMBEDDED_RESOURCE = "/dev/orderlens/samples/journal-commit.json";
    static final String EMBEDDED_NAME = "journal-commit.json (bundled sample)";

    private final Stage stage;
    private final RecentFiles recent;
    private final BorderPane root = new BorderPane();
    private final SummaryPane summary = new SummaryPane();
    private final Label status = new Label("Ready");
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel = new Button("Cancel");
    private final Menu recentMenu = new Menu("Open _Recent");
    private final ReadOnlyObjectWrapper<Trace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final ReadOnlyObjectWrapper<Task<Trace>> loading = new ReadOnlyObjectWrapper<>(this, "loading");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orderlens-import");
        t.setDaemon(true);
        return t;
    });

    public MainWindow(Stage stage, RecentFiles recent) {
        this.stage = stage;
        this.recent = recent;
        root.setTop(menuBar());
        root.setCenter(summary);
        root.setBottom(statusBar());
        Scene scene = new Scene(root, 1200, 760);
        scene.getStylesheets().add(MainWindow.class.getResource("orderlens.css").toExternalForm());
        enableDrop(scene);
        stage.setScene(scene);
        stage.setTitle("OrderLens");
        Icons.applyAppIcon(stage);
        stage.setOnHidden(e -> worker.shutdownNow());
    }

    public Stage stage() {
        return stage;
    }

    public BorderPane root() {
        return root;
    }

    /** The trace on screen, or null before the first import finishes. */
    public ReadOnlyObjectProperty<Trace> traceProperty() {
        return trace.getReadOnlyProperty();
    }

    /** The import in progress, or null. */
    public ReadOnlyObjectProperty<Task<Trace>> loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public Label statusLabel() {
        return status;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("_Open…");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem sample = new MenuItem("Open _Bundled Sample");
        sample.setOnAction(e -> openEmbeddedDefault());
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            stage.close();
            Platform.exit();
        });
        recentMenu.setOnShowing(e -> refreshRecentMenu());
        refreshRecentMenu();
        Menu file = new Menu("_File", null, open, recentMenu, sample, new SeparatorMenuItem(), quit);
        MenuItem about = new MenuItem("_About OrderLens");
        about.setOnAction(e -> AboutDialog.show(stage));
        Menu help = new Menu("_Help", null, about);
        MenuBar bar = new MenuBar(file, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private void refreshRecentMenu() {
        recentMenu.getItems().clear();
        List<Path> files = recent.list();
        for (Path p : files) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open(List.of(p)));
            recentMenu.getItems().add(item);
        }
        if (files.isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        } else {
            MenuItem clear = new MenuItem("Clear Recent");
            clear.setOnAction(e -> recent.clear());
            recentMenu.getItems().addAll(new SeparatorMenuItem(), clear);
        }
    }

    private HBox statusBar() {
        progress.setPrefWidth(180);
        progress.setVisible(false);
        cancel.setVisible(false);
        cancel.setOnAction(e -> {
            Task<Trace> t = loading.get();
            if (t != null) {
                t.cancel();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        status.setMinWidth(0);
        HBox bar = new HBox(8, status, spacer, progress, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void enableDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                open(e.getDragboard().getFiles().stream().map(f -> f.toPath()).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private void chooseAndOpen() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open trace");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Traces", "*.json", "*.txt", "*.log", "*.blkparse", "*.gz", "*.xz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<Path> recentFiles = recent.list();
        if (!recentFiles.isEmpty() && recentFiles.get(0).getParent() != null
                && recentFiles.get(0).getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(recentFiles.get(0).getParent().toFile());
        }
        var files = chooser.showOpenMultipleDialog(stage);
        if (files != null && !files.isEmpty()) {
            open(files.stream().map(f -> f.toPath()).toList());
        }
    }

    /** Opens the trace bundled in the jar (the app's first screen). */
    public void openEmbeddedDefault() {
        try {
            ImportInput in = ImportInput.ofResource(EMBEDDED_NAME, MainWindow.class, EMBEDDED_RESOURCE);
            load(List.of(new TraceLoader.FileSpec(in, null, null, null)), EMBEDDED_NAME, List.of());
        } catch (IOException e) {
            showError("Could not open the bundled sample", e.getMessage());
        }
    }

    /** Opens files as one trace in the background. */
    public void open(List<Path> paths) {
        List<TraceLoader.FileSpec> specs = new ArrayList<>();
        for (Path p : paths) {
            try {
                specs.add(new TraceLoader.FileSpec(TraceLoader.open(p), null, null, null));
            } catch (ImportException e) {
                recent.remove(p.toAbsolutePath().normalize());
                showError("Could not open " + p.getFileName(), e.getMessage());
                return;
            }
        }
        String label = paths.size() == 1 ? paths.get(0).getFileName().toString() : paths.size() + " files";
        load(specs, label, paths);
    }

    private void load(List<TraceLoader.FileSpec> specs, String label, List<Path> paths) {
        Task<Trace> previous = loading.get();
        if (previous != null) {
            previous.cancel();
        }
        Task<Trace> task = new ImportTask(specs);
        progress.progressProperty().bind(task.progressProperty());
        status.setText("Opening " + label + "…");
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
                finished(task, label, paths);
            }
        });
        loading.set(task);
        progress.setVisible(true);
        cancel.setVisible(true);
        worker.submit(task);
    }

    private void finished(Task<Trace> task, String label, List<Path> paths) {
        if (loading.get() == task) {
            loading.set(null);
            progress.progressProperty().unbind();
            progress.setVisible(false);
            cancel.setVisible(false);
        }
        switch (task.getState()) {
            case SUCCEEDED -> {
                Trace t = task.getValue();
                trace.set(t);
                summary.show(t);
                stage.setTitle("OrderLens — " + label);
                paths.forEach(recent::add);
                long skipped = t.skippedLines();
                status.setText(String.format("%s: %,d requests, %,d events%s", label, t.requests().size(),
                        t.events().size(), skipped == 0 ? "" : String.format(" — %,d lines skipped (see summary)", skipped)));
            }
            case CANCELLED -> status.setText("Opening " + label + " cancelled");
            case FAILED -> {
                Throwable ex = task.getException();
                status.setText("Could not open " + label);
                if (ex instanceof Progress.CancelledException) {
                    status.setText("Opening " + label + " cancelled");
                } else if (ex instanceof ImportException ie) {
                    showError("Could not open " + label, ie.getMessage());
                } else {
                    showError("Could not open " + label, String.valueOf(ex));
                }
            }
            default -> {
            }
        }
    }

    /** Loads in the background; reports progress and honours cancel through {@link Progress}. */
    private static final class ImportTask extends Task<Trace> implements Progress {
        private final List<TraceLoader.FileSpec> specs;

        ImportTask(List<TraceLoader.FileSpec> specs) {
            this.specs = specs;
        }

        @Override
        protected Trace call() throws Exception {
            return TraceLoader.load(specs, this);
        }

        @Override
        public void update(long done, long total) {
            updateProgress(done, total);
        }
    }

    private void showError(String header, String detail) {
        status.setText(header);
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(stage);
        alert.setTitle("OrderLens");
        alert.setHeaderText(header);
        alert.setContentText(detail);
        alert.getDialogPane().setMinWidth(520);
        alert.show();
    }
}
