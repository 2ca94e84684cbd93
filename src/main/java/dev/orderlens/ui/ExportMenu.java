package dev.orderlens.ui;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.export.ExportKind;
import dev.orderlens.export.Exports;
import dev.orderlens.export.TimelinePicture;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Version;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * File → Export: the timeline as PNG or SVG (the current view or the whole trace), the requests and
 * crash outcomes as CSV, the trace and the analysis report as JSON, and the HTML bug report. Each
 * asks for a file, then runs on a background thread with the status bar's progress; the writing is
 * the {@code export} package's, the same code as {@code orderlens export}.
 *
 * <p>The crash point is the trace's own crash event until something else provides one ({@link
 * #setCrashPoint}).
 */
final class ExportMenu {
    /** The picture's settings: current view or whole trace, width, pixel scale. */
    record PictureOptions(boolean wholeTrace, double width, double scale) {}

    static final int MIN_WIDTH = 400;
    static final int MAX_WIDTH = 20_000;

    private final Stage stage;
    private final TimelineViewModel timeline;
    private final BiConsumer<Task<?>, String> track;
    private final BiConsumer<String, String> error;
    private final Executor worker;
    private Function<CrashAnalysis, CrashPoint> crashPoint = Exports::traceCrashPoint;
    private Supplier<List<Bookmark>> bookmarks = List::of;
    private File lastDirectory;

    /**
     * @param track shows a running export in the status bar
     * @param error shows a failure (header, detail) in the error dialog
     * @param worker runs the exports, one after the other
     */
    ExportMenu(
            Stage stage,
            TimelineViewModel timeline,
            BiConsumer<Task<?>, String> track,
            BiConsumer<String, String> error,
            Executor worker) {
        this.stage = stage;
        this.worker = worker;
        this.timeline = timeline;
        this.track = track;
        this.error = error;
    }

    /**
     * Where exports take their crash point from (null: none); by default the trace's own crash
     * event.
     */
    void setCrashPoint(Function<CrashAnalysis, CrashPoint> source) {
        this.crashPoint = source;
    }

    /** Where the report takes the user's bookmarks from (read on the FX thread). */
    void setBookmarks(Supplier<List<Bookmark>> source) {
        this.bookmarks = source;
    }

    /** The File → Export submenu; disabled until a trace is shown. */
    Menu menu() {
        Menu menu = new Menu("_Export");
        menu.setId("export-menu");
        for (ExportKind k : ExportKind.values()) {
            MenuItem item = new MenuItem(k.menuLabel());
            item.setId("export-" + k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            item.setOnAction(e -> choose(k));
            if (k == ExportKind.REQUESTS_CSV
                    || k == ExportKind.TRACE_JSON
                    || k == ExportKind.HTML) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            menu.getItems().add(item);
        }
        menu.disableProperty().bind(timeline.layoutProperty().isNull());
        return menu;
    }

    private void choose(ExportKind kind) {
        PictureOptions options = null;
        if (kind.picture()) {
            options = askPicture(kind).orElse(null);
            if (options == null) {
                return;
            }
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + kind.fileType());
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter(kind.fileType(), "*." + kind.extension()));
        chooser.setInitialFileName(suggestedName(kind));
        if (lastDirectory != null && lastDirectory.isDirectory()) {
            chooser.setInitialDirectory(lastDirectory);
        }
        File f = Dialogs.save(chooser);
        if (f == null) {
            return;
        }
        lastDirectory = f.getParentFile();
        export(kind, f.toPath(), options);
    }

    private String suggestedName(ExportKind kind) {
        Trace t = timeline.trace();
        String base =
                t == null
                        ? "orderlens"
                        : Exports.title(t)
                                .replaceAll("[^A-Za-z0-9._-]+", "-")
                                .replaceAll("^-+|-+$", "");
        if (base.isEmpty() || base.length() > 60) {
            base = "orderlens";
        }
        return base + kind.fileSuffix() + "." + kind.extension();
    }

    /** The small dialog for pictures: range, width, and (PNG) pixel scale. */
    private java.util.Optional<PictureOptions> askPicture(ExportKind kind) {
        return askPicture(kind, null);
    }

    /** The same for a range (null: the current view or the whole trace). */
    private java.util.Optional<PictureOptions> askPicture(ExportKind kind, long[] only) {
        Dialog<PictureOptions> d = new Dialog<>();
        Dialogs.place(d, stage);
        d.setTitle("Export " + kind.fileType());
        d.setHeaderText(kind == ExportKind.HTML ? "The report's timeline" : "What to draw");
        ToggleGroup range = new ToggleGroup();
        TimelineViewModel.Window w = timeline.window();
        RadioButton view =
                new RadioButton(
                        "Current view ("
                                + Time.formatSeconds(w.start())
                                + " – "
                                + Time.formatSeconds(w.end())
                                + " s), lanes as shown");
        view.setToggleGroup(range);
        view.setSelected(true);
        RadioButton whole = new RadioButton("Whole trace, lanes as shown");
        whole.setToggleGroup(range);
        double screenScale = stage.getOutputScaleX() > 0 ? stage.getOutputScaleX() : 1;
        // as wide as the lanes on screen, so the current view comes out as it is seen
        double shown = timeline.scale().x0() + timeline.scale().width();
        Spinner<Integer> width =
                new Spinner<>(
                        MIN_WIDTH,
                        MAX_WIDTH,
                        typedWidth(Long.toString(Math.round(shown)), 1600),
                        100);
        width.setEditable(true);
        width.getEditor()
                .setTextFormatter(
                        new TextFormatter<>(
                                c -> c.getControlNewText().matches("\\d{0,5}") ? c : null));
        Spinner<Double> scale = new Spinner<>(0.5, 4, Math.max(1, screenScale), 0.5);
        scale.setDisable(kind != ExportKind.PNG);
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        if (only == null) {
            g.add(view, 0, 0, 2, 1);
            g.add(whole, 0, 1, 2, 1);
        } else {
            g.add(
                    new Label(
                            "The selected range ("
                                    + Time.formatSeconds(only[0])
                                    + " – "
                                    + Time.formatSeconds(only[1])
                                    + " s), lanes as shown"),
                    0,
                    0,
                    2,
                    1);
        }
        g.add(new Label("Width (pixels, labels included)"), 0, 2);
        g.add(width, 1, 2);
        g.add(new Label("Pixel scale (2 for HiDPI)"), 0, 3);
        g.add(scale, 1, 3);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(
                b ->
                        b == ButtonType.OK
                                ? new PictureOptions(
                                        whole.isSelected(),
                                        typedWidth(width.getEditor().getText(), width.getValue()),
                                        scale.getValue())
                                : null);
        return d.showAndWait();
    }

    /** The width typed in the spinner (committed or not), kept within the limits. */
    static int typedWidth(String text, int fallback) {
        try {
            return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Integer.parseInt(text.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Exports only a time range (the range panel's Export Range): pictures of [from, to], the
     * requests submitted in it. Asks for the file (and a picture's width) first.
     */
    void exportRange(ExportKind kind, long[] range) {
        PictureOptions options = null;
        if (kind.picture()) {
            options = askPicture(kind, range).orElse(null);
            if (options == null) {
                return;
            }
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the range as " + kind.fileType());
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter(kind.fileType(), "*." + kind.extension()));
        chooser.setInitialFileName(
                suggestedName(kind).replace("." + kind.extension(), "-range." + kind.extension()));
        if (lastDirectory != null && lastDirectory.isDirectory()) {
            chooser.setInitialDirectory(lastDirectory);
        }
        File f = Dialogs.save(chooser);
        if (f != null) {
            lastDirectory = f.getParentFile();
            export(kind, f.toPath(), options, range);
        }
    }

    /** Exports in the background; package-private so tests can skip the dialogs. */
    Task<Path> export(ExportKind kind, Path target, PictureOptions options) {
        return export(kind, target, options, null);
    }

    /** As {@link #export(ExportKind, Path, PictureOptions)}, limited to a range when not null. */
    Task<Path> export(ExportKind kind, Path target, PictureOptions options, long[] range) {
        Trace trace = timeline.trace();
        LaneLayout layout = timeline.layout();
        if (trace == null || layout == null) {
            return null;
        }
        OrderingFindings shownFindings = timeline.findingsProperty().get();
        TimelineViewModel.Window window = timeline.window();
        Palette palette = timeline.darkProperty().get() ? Palette.DARK : Palette.LIGHT;
        long epoch = timeline.epochForLabels();
        int selected = timeline.selected();
        dev.orderlens.layout.Highlight highlight = timeline.highlight();
        Function<CrashAnalysis, CrashPoint> crashSource = crashPoint;
        List<Bookmark> marks = List.copyOf(bookmarks.get());
        ExportTask task =
                new ExportTask() {
                    @Override
                    protected Path call() throws Exception {
                        OrderingFindings findings =
                                shownFindings != null
                                        ? shownFindings
                                        : OrderingAnalysis.analyze(trace);
                        CrashResult crash = null;
                        if (kind.usesCrash()) {
                            CrashAnalysis a = CrashAnalysis.of(trace, this);
                            CrashPoint p = crashSource == null ? null : crashSource.apply(a);
                            crash = p == null ? null : a.at(p);
                        }
                        TimelinePicture.View view = null;
                        long from = range != null ? range[0] : Time.NONE;
                        long to = range != null ? range[1] : Time.NONE;
                        if (options != null) {
                            if (range == null && !options.wholeTrace()) {
                                from = window.start();
                                to = window.end();
                            }
                            long[] span =
                                    range == null && options.wholeTrace()
                                            ? TimelinePicture.wholeTrace(trace)
                                            : new long[] {from, to};
                            view =
                                    new TimelinePicture.View(
                                            layout,
                                            span[0],
                                            span[1],
                                            options.width(),
                                            palette,
                                            epoch,
                                            selected,
                                            Exports.overlay(crash),
                                            Exports.title(trace),
                                            highlight);
                        }
                        kind.write(
                                new ExportKind.Context(
                                        trace,
                                        findings,
                                        crash == null ? null : CrashReport.of(crash, findings),
                                        view,
                                        options == null ? 1 : options.scale(),
                                        from,
                                        to,
                                        Version.display(),
                                        null,
                                        marks,
                                        range != null),
                                target,
                                this);
                        return target;
                    }
                };
        task.setOnFailed(
                e -> {
                    Throwable ex = task.getException();
                    if (!(ex instanceof Progress.CancelledException)) {
                        error.accept(
                                "Could not export " + target.getFileName(),
                                ex.getMessage() == null ? String.valueOf(ex) : ex.getMessage());
                    }
                });
        track.accept(task, "Exporting " + target.getFileName());
        worker.execute(task);
        return task;
    }

    /**
     * An export on the worker thread; its progress and cancel reach the writers through {@link
     * Progress}.
     */
    private abstract static class ExportTask extends Task<Path> implements Progress {
        @Override
        public void update(long done, long total) {
            updateProgress(done, total);
        }
    }
}
