package dev.orderlens.ui;

import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.export.Exports;
import dev.orderlens.export.Session;
import dev.orderlens.export.SessionJson;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The main window: menus, toolbar, the overview strip, the swim lanes with their legend, the
 * details and summary tabs, and a status bar that shows import progress with a cancel button. It
 * only wires things together: the timeline's state lives in {@link TimelineViewModel}. Imports run
 * on a background thread; the FX thread only receives the result.
 */
public final class MainWindow {
    static final String EMBEDDED_RESOURCE = "/dev/orderlens/samples/journal-commit.json";
    static final String EMBEDDED_NAME = "journal-commit.json (bundled sample)";
    static final String EMBEDDED_NAME_SHORT = "journal-commit.json";

    private static final System.Logger LOG = System.getLogger(MainWindow.class.getName());

    private final Stage stage;
    private final UserPrefs prefs;
    private final RecentFiles recent;
    private final BorderPane root = new BorderPane();
    private final SummaryPane summary = new SummaryPane();
    private final TimelineViewModel timeline;
    private final TimelineView lanes;
    private final DetailsPane details;
    private final FilterBar filters;
    private final TabPane side = new TabPane();
    private final LegendView legend;
    private final TimelineControls controls;
    private final ExportMenu exports;

    /** The explorer's crash point, readable from export tasks off the FX thread. */
    private volatile CrashPoint explorerPoint;

    private final CrashExplorer explorer;
    private final OverviewStrip overview;
    private final TeachingPane teaching;
    private final Tab teachingTab;
    private final StatsTab stats;
    private final BookmarksPane bookmarks;
    private final FindingGroupsPane findingGroups;
    private final SectorPlotView sectors;
    private final HighlightChip highlightChip;
    private final Presentation presentation;

    /** What the trace on screen was opened from (saved in sessions and Open Recent). */
    private Session.Source source;

    private String lastError;
    private final SessionSupport sessions = new SessionSupport(this);
    private boolean legendHiddenOnce;
    private final StatusBar statusBar = new StatusBar();
    private final RangePanel range;
    private Menu viewMenu;
    private final ReadOnlyObjectWrapper<Trace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final ImportController imports;
    private final CachedImports cached;

    /** Every background thread of the window (imports, layout, frames, crash, stats, export). */
    private final TaskThreads threads = TaskThreads.forWindow();

    public MainWindow(Stage stage, UserPrefs prefs) {
        this.stage = stage;
        this.prefs = prefs;
        this.recent = prefs.recent();
        cached = new CachedImports(prefs, threads.thread(TaskThreads.CACHE_WRITE));
        imports =
                new ImportController(
                        threads.thread(TaskThreads.IMPORT),
                        cached::load,
                        statusBar,
                        this::opened,
                        this::showError);
        // layout, analysis and source-line reads: off the FX thread, separate from imports
        Executor background = threads.thread(TaskThreads.LAYOUT);
        timeline = new TimelineViewModel(background, threads.fx());
        cached.writeWhenShown(timeline.modelProperty(), timeline::trace);
        lanes = new TimelineView(timeline, threads.thread(TaskThreads.FRAMES), threads.fx());
        details = new DetailsPane(timeline, background, threads.fx());
        filters = new FilterBar(timeline);
        legend = new LegendView(timeline);
        explorer = new CrashExplorer(timeline, lanes, details, threads);
        legend.crashProperty().bind(explorer.crash().overlayProperty());
        overview = new OverviewStrip(timeline);
        teaching =
                new TeachingPane(
                        timeline,
                        explorer.crash(),
                        threads.thread(TaskThreads.IMPORT),
                        threads.fx(),
                        this::showScenario);
        teachingTab = new Tab("Teaching", teaching);
        teachingTab.setId("teaching-tab");
        stats =
                new StatsTab(
                        timeline,
                        details,
                        threads.thread(TaskThreads.STATS),
                        threads.fx(),
                        this::showStats,
                        explorer.crash()::analysis);
        highlightChip = new HighlightChip(timeline, () -> lanes.canvas().requestFocus());
        bookmarks = new BookmarksPane(timeline, lanes::crashHereTime);
        findingGroups = new FindingGroupsPane(timeline, background, threads.fx());
        lanes.addMenuExtras(bookmarks::contextItems);
        sectors = new SectorPlotView(timeline);
        sectors.crashProperty().bind(explorer.crash().overlayProperty());
        controls =
                new TimelineControls(
                        timeline, stage, () -> lanes.canvas().requestFocus(), this::chooseAndOpen);
        viewMenu = controls.viewMenu();
        MenuItem summaryItem = new MenuItem("S_ummary (import report)");
        summaryItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+U"));
        summaryItem.setOnAction(e -> side.getSelectionModel().select(1));
        MenuItem rangeItem = new MenuItem("_Range Totals and Markers");
        rangeItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+R"));
        rangeItem.setOnAction(e -> showRange());
        viewMenu.getItems()
                .addAll(
                        new SeparatorMenuItem(),
                        summaryItem,
                        rangeItem,
                        stats.menuItem(),
                        new SeparatorMenuItem());
        viewMenu.getItems().addAll(bookmarks.menuItems());
        MenuItem sectorItem = new MenuItem("Sector _Plot, Throughput and IOPS");
        sectorItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+P"));
        sectorItem.setOnAction(e -> side.getSelectionModel().select(sectors.tab()));
        viewMenu.getItems().add(sectorItem);
        viewMenu.getItems().add(new SeparatorMenuItem());
        exports =
                new ExportMenu(
                        stage,
                        timeline,
                        statusBar::track,
                        this::showError,
                        threads.thread(TaskThreads.EXPORT));
        range = new RangePanel(timeline, Platform::runLater, exports::exportRange);
        explorer.comparePane()
                .comparisonProperty()
                .addListener(
                        (o, a, b) ->
                                timeline.marks()
                                        .setCompareB(
                                                b == null ? Time.NONE : b.right().point().atNs()));
        exports.setBookmarks(() -> bookmarks.bookmarks());
        // exports use the explorer's crash point when there is one, else the trace's own crash
        // event
        explorer.crash().pointProperty().addListener((o, a, b) -> explorerPoint = b);
        exports.setCrashPoint(
                a -> {
                    CrashPoint p = explorerPoint;
                    return p != null ? p : Exports.traceCrashPoint(a);
                });
        root.setTop(
                new VBox(
                        menuBar(),
                        controls.toolBar(filters.menuButton(), legend),
                        filters,
                        highlightChip));
        root.setCenter(center());
        root.setBottom(statusBar.node());
        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(MainWindow.class.getResource("orderlens.css").toExternalForm());
        scene.getStylesheets().add(MainWindow.class.getResource("explorer.css").toExternalForm());
        presentation =
                new Presentation(
                        scene,
                        stage,
                        List.of(
                                lanes.scaleProperty(),
                                legend.scaleProperty(),
                                overview.scaleProperty(),
                                explorer.pane().blockMap.scaleProperty()));
        for (MenuItem item : presentation.menuItems()) {
            viewMenu.getItems().add(item);
        }
        Theme.bind(scene, timeline.darkProperty());
        enableDrop(scene);
        stage.setScene(scene);
        stage.setTitle("OrderLens");
        Icons.applyAppIcon(stage);
        prefs.window().apply(stage);
        stage.setOnHidden(
                e -> {
                    try {
                        rememberRecent();
                        prefs.saveSideWidth(side.getWidth());
                    } catch (IllegalStateException removed) {
                        // the settings node is gone (a test removed its scratch node)
                    }
                    threads.shutdown();
                    range.dispose();
                });
        timeline.windowProperty().addListener((o, a, b) -> updateStatus());
        timeline.modelProperty().addListener((o, a, b) -> updateStatus());
        timeline.busyProperty().addListener((o, a, b) -> updateStatus());
        timeline.problemProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b != null) {
                                showError("Something went wrong while preparing the timeline", b);
                            }
                        });
    }

    /**
     * Selects the request with this id (in the first file) as soon as a trace with findings is
     * shown.
     */
    void selectWhenShown(int id) {
        javafx.beans.value.ChangeListener<Object> once =
                new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(
                            javafx.beans.value.ObservableValue<?> o, Object a, Object b) {
                        Trace t = timeline.trace();
                        if (t != null
                                && timeline.findingsProperty().get() != null
                                && timeline.model() != null) {
                            timeline.modelProperty().removeListener(this);
                            int row = t.requests().rowOfId(0, id);
                            if (row >= 0) {
                                timeline.selectAndReveal(row);
                            }
                        }
                    }
                };
        timeline.modelProperty().addListener(once);
    }

    /** The timeline's state (tests drive it directly). */
    public TimelineViewModel timeline() {
        return timeline;
    }

    TimelineView lanes() {
        return lanes;
    }

    DetailsPane details() {
        return details;
    }

    CrashExplorer explorer() {
        return explorer;
    }

    /** The last error shown to the user (tests read it), or null. */
    String lastError() {
        return lastError;
    }

    TeachingPane teaching() {
        return teaching;
    }

    StatsTab stats() {
        return stats;
    }

    RangePanel range() {
        return range;
    }

    /** Brings the Range tab (totals and markers) to the front. */
    void showRange() {
        side.getSelectionModel().select(range.tab());
    }

    SectorPlotView sectors() {
        return sectors;
    }

    FindingGroupsPane findingGroups() {
        return findingGroups;
    }

    BookmarksPane bookmarks() {
        return bookmarks;
    }

    HighlightChip highlightChip() {
        return highlightChip;
    }

    /** The side tab in front (tests). */
    Tab selectedSideTab() {
        return side.getSelectionModel().getSelectedItem();
    }

    /** Brings the Stats tab to the front. */
    void showStats() {
        side.getSelectionModel().select(stats.tab());
    }

    Presentation presentation() {
        return presentation;
    }

    /** Opens the teaching tab on a scenario (the default run). */
    void openScenario(String id) {
        dev.orderlens.sim.Scenario sc = dev.orderlens.sim.Scenarios.get(id);
        if (sc != null) {
            side.getSelectionModel().select(teachingTab);
            teaching.open(sc, dev.orderlens.sim.Overrides.NONE);
        }
    }

    private SplitPane center() {
        // bookmarks' flags on a transparent layer over the lanes
        javafx.scene.layout.StackPane lanesWithFlags =
                new javafx.scene.layout.StackPane(
                        lanes,
                        new BookmarkFlags(timeline, lanes.scaleProperty(), bookmarks.bookmarks()));
        VBox timelineBox = new VBox(overview, lanesWithFlags, legend);
        VBox.setVgrow(lanesWithFlags, Priority.ALWAYS);
        SplitPane left =
                new SplitPane(timelineBox); // the crash explorer goes under the lanes once used
        left.setOrientation(javafx.geometry.Orientation.VERTICAL);
        explorer.shownProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b && left.getItems().size() == 1) {
                                left.getItems().add(explorer.bottom());
                                // the lanes keep what they need (within 35-60 %), the crash pane
                                // gets the rest
                                dev.orderlens.layout.LaneLayout l = timeline.layout();
                                double scale = lanes.scaleProperty().get();
                                double need =
                                        overview.getHeight()
                                                + 24
                                                + (l == null
                                                        ? 300
                                                        : (l.contentHeight()
                                                                        + timeline.metrics()
                                                                                .rulerHeight())
                                                                * scale);
                                left.setDividerPositions(0.6);
                                Platform.runLater(
                                        () ->
                                                left.setDividerPositions(
                                                        Math.max(
                                                                0.35,
                                                                Math.min(
                                                                        0.6,
                                                                        need
                                                                                / Math.max(
                                                                                        1,
                                                                                        left
                                                                                                .getHeight())))));
                                // the crash pane's counts are the key to the state colours: give
                                // its room to the lanes, once
                                if (!legendHiddenOnce && timeline.legendShownProperty().get()) {
                                    legendHiddenOnce = true;
                                    timeline.legendShownProperty().set(false);
                                    statusBar.setText(
                                            "Legend hidden to make room for the crash pane (the key button on the toolbar shows it again)");
                                }
                            } else if (!b) {
                                left.getItems().remove(explorer.bottom());
                            }
                        });
        Tab detailsTab = new Tab("Details", details);
        detailsTab.setId("details-tab");
        Tab summaryTab = new Tab("Summary", summary);
        summaryTab.setId("summary-tab");
        side.getTabs()
                .addAll(
                        detailsTab,
                        summaryTab,
                        stats.tab(),
                        teachingTab,
                        bookmarks.tab(),
                        sectors.tab(),
                        findingGroups.tab());
        side.getTabs().add(range.tab());
        DeferredTabs.install(side);
        timeline.marks()
                .property()
                .addListener(
                        (o, a, b) -> {
                            if (b.hasRange()
                                    && !a.hasRange()
                                    && !timeline.marks().draggingProperty().get()) {
                                showRange(); // a new range: show its totals
                            }
                        });
        timeline.marks()
                .draggingProperty()
                .addListener(
                        (o, a, b) -> {
                            if (!b && timeline.marks().get().hasRange()) {
                                showRange(); // after the drag: the tab narrows the lanes
                            }
                        });
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(UserPrefs.MIN_SIDE_WIDTH);
        timeline.selectedProperty()
                .addListener(
                        (o, a, b) -> {
                            Tab current = side.getSelectionModel().getSelectedItem();
                            // the teaching story and the waterfall follow the selection where they
                            // are
                            if (b.intValue() >= 0
                                    && current != teachingTab
                                    && current != stats.tab()
                                    && current != bookmarks.tab()
                                    && current != sectors.tab()) {
                                side.getSelectionModel().select(detailsTab);
                            }
                        });
        SplitPane split = new SplitPane(left, side);
        keepSideWidth(split);
        side.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (o, a, b) -> {
                            // the story, and the table, histogram and waterfall, need room
                            if (b == teachingTab) {
                                widenSide(split, 0.38);
                            } else if (b == stats.tab() || b == sectors.tab()) {
                                widenSide(split, 0.5);
                            } else if (b == range.tab()) {
                                widenSide(split, 0.4); // the totals' 14 columns
                            }
                        });
        return split;
    }

    /**
     * The side panel keeps the width the user last gave it (remembered in the preferences, never
     * under {@link UserPrefs#MIN_SIDE_WIDTH}); the lanes take the rest when the window is resized.
     */
    private void keepSideWidth(SplitPane split) {
        SplitPane.setResizableWithParent(side, false);
        split.widthProperty()
                .addListener(
                        new javafx.beans.value.ChangeListener<>() {
                            @Override
                            public void changed(
                                    javafx.beans.value.ObservableValue<? extends Number> o,
                                    Number a,
                                    Number b) {
                                if (b.doubleValue() > 0) {
                                    split.widthProperty().removeListener(this);
                                    // never more than 45 % of the window on a first layout
                                    setSideWidth(
                                            split,
                                            Math.max(
                                                    UserPrefs.MIN_SIDE_WIDTH,
                                                    Math.min(
                                                            prefs.sideWidth(),
                                                            b.doubleValue() * 0.45)));
                                }
                            }
                        });
    }

    private static void setSideWidth(SplitPane split, double px) {
        double w = split.getWidth();
        if (w > 0) {
            split.setDividerPositions(Math.max(0.2, Math.min(1, 1 - px / w)));
        }
    }

    /** Makes the side panel at least this fraction of the window wide (never narrower). */
    private void widenSide(SplitPane split, double fraction) {
        if (side.getWidth() < split.getWidth() * fraction) {
            setSideWidth(split, split.getWidth() * fraction);
        }
    }

    /** The side panel's width now (tests). */
    double sideWidth() {
        return side.getWidth();
    }

    private void updateStatus() {
        Trace t = timeline.trace();
        TimelineModel m = timeline.model();
        if (t == null || m == null || imports.loadingProperty().get() != null) {
            return;
        }
        TimelineViewModel.Window w = timeline.window();
        String shown =
                m.filter().isEmpty()
                        ? String.format("%,d requests", t.requests().size())
                        : String.format(
                                "%,d of %,d requests shown", m.shownCount(), t.requests().size());
        long skipped = t.skippedLines();
        String fit = timeline.fitNote();
        statusBar.setText(
                String.format(
                        "%s · %s · window %s – %s s (%s)%s%s%s",
                        shown,
                        DisplayNames.count(t.events().size(), "event"),
                        Time.formatSeconds(w.start()),
                        Time.formatSeconds(w.end()),
                        Time.formatDuration(w.span()),
                        skipped == 0
                                ? ""
                                : " · "
                                        + DisplayNames.count(skipped, "line")
                                        + " skipped (see Summary)",
                        timeline.busyProperty().get() ? " · analysing…" : "",
                        fit == null ? "" : " · " + fit));
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
        return imports.loadingProperty();
    }

    public Label statusLabel() {
        return statusBar.label();
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("_Open…");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem saveSession = new MenuItem("_Save Session…");
        saveSession.setAccelerator(KeyCombination.keyCombination("Shortcut+S"));
        saveSession.setOnAction(e -> sessions.chooseAndSave());
        saveSession.disableProperty().bind(trace.isNull());
        MenuItem sample = new MenuItem("Open _Bundled Sample");
        sample.setOnAction(e -> openEmbeddedDefault());
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(
                e -> {
                    stage.close();
                    Platform.exit();
                });
        Menu file =
                new Menu(
                        "_File",
                        null,
                        open,
                        new RecentMenu(recent, this::openRecent).menu(),
                        sample,
                        cached.menuItem(),
                        new SeparatorMenuItem(),
                        exports.menu(),
                        saveSession,
                        new SeparatorMenuItem(),
                        quit);
        MenuItem about = new MenuItem("_About OrderLens");
        about.setOnAction(e -> AboutDialog.show(stage));
        Menu help = new Menu("_Help", null, about);
        Menu crashMenu = explorer.menu(() -> lanes.canvas().requestFocus(), lanes::crashHereTime);
        MenuBar bar =
                new MenuBar(
                        file,
                        viewMenu,
                        crashMenu,
                        teaching.menu(() -> side.getSelectionModel().select(teachingTab)),
                        help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /**
     * Reopens a recent trace set: all its files with their layers and offsets, and its crash
     * settings.
     */
    void openRecent(Session s) {
        sessions.restore(s, RecentFiles.label(s).split("  —  ")[0]);
    }

    /**
     * Remembers the trace on screen (when opened from files) with its crash point's settings as a
     * recent trace set.
     */
    private void rememberRecent() {
        Session s = sessions.current();
        if (s != null && !s.source().files().isEmpty()) {
            recent.add(s);
        }
    }

    private void enableDrop(Scene scene) {
        scene.setOnDragOver(
                e -> {
                    if (e.getDragboard().hasFiles()) {
                        e.acceptTransferModes(TransferMode.COPY);
                    }
                    e.consume();
                });
        scene.setOnDragDropped(
                e -> {
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
        chooser.getExtensionFilters()
                .addAll(
                        new FileChooser.ExtensionFilter(
                                "Traces and sessions",
                                "*.json",
                                "*.txt",
                                "*.log",
                                "*.blkparse",
                                "*.gz",
                                "*.xz"),
                        new FileChooser.ExtensionFilter("All files", "*"));
        List<Path> recentFiles = recent.list();
        if (!recentFiles.isEmpty()
                && recentFiles.get(0).getParent() != null
                && recentFiles.get(0).getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(recentFiles.get(0).getParent().toFile());
        }
        var files = Dialogs.openMultiple(chooser);
        if (files != null && !files.isEmpty()) {
            open(files.stream().map(f -> f.toPath()).toList());
        }
    }

    /** Opens the trace bundled in the jar (the app's first screen). */
    public void openEmbeddedDefault() {
        try {
            ImportInput in =
                    ImportInput.ofResource(EMBEDDED_NAME, MainWindow.class, EMBEDDED_RESOURCE);
            load(
                    List.of(new TraceLoader.FileSpec(in, null, null, null)),
                    EMBEDDED_NAME,
                    Session.Source.ofBundled(EMBEDDED_NAME_SHORT));
        } catch (IOException e) {
            showError("Could not open the bundled sample", e.getMessage());
        }
    }

    /**
     * Opens files as one trace in the background; several files first ask for their layers and
     * offsets.
     */
    public void open(List<Path> given) {
        List<Path> paths = new ArrayList<>();
        for (Path p : given) {
            if (java.nio.file.Files.isDirectory(p)) {
                List<Path> inside = CaptureFolder.traces(p);
                if (inside.isEmpty()) {
                    showError(
                            "Could not open " + p.getFileName(),
                            p
                                    + ": a folder with no trace files in it (expected *.json, *.txt,"
                                    + " *.log, *.blkparse, optionally .gz or .xz)");
                    return;
                }
                paths.addAll(inside);
            } else {
                paths.add(p);
            }
        }
        if (paths.stream().anyMatch(SessionJson::isSession)) {
            if (paths.size() > 1) {
                showError(
                        "Could not open " + paths.size() + " files",
                        "A session file opens alone: it names its own trace files.");
            } else {
                sessions.open(paths.get(0));
            }
            return;
        }
        if (paths.size() > 1) {
            OpenFilesDialog dialog;
            try {
                dialog =
                        new OpenFilesDialog(
                                stage, paths, threads.thread(TaskThreads.OFFSET_ESTIMATE));
            } catch (ImportException e) {
                showError("Could not open " + paths.size() + " files", e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                showError(
                        "Could not open " + paths.size() + " files",
                        String.valueOf(e.getMessage()));
                return;
            }
            dialog.setOnHidden(
                    e -> {
                        List<TraceLoader.FileSpec> chosen = dialog.getResult();
                        if (chosen != null) {
                            List<Session.FileEntry> entries = new ArrayList<>();
                            for (int i = 0; i < chosen.size(); i++) {
                                TraceLoader.FileSpec f = chosen.get(i);
                                entries.add(
                                        new Session.FileEntry(
                                                paths.get(i).toString(),
                                                f.format(),
                                                f.layer(),
                                                f.offsetSeconds()));
                            }
                            explorer.cacheModesWhenReady(dialog.cacheModes());
                            load(chosen, paths.size() + " files", Session.Source.ofFiles(entries));
                        }
                    });
            dialog.show();
            return;
        }
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
        String label =
                paths.size() == 1 ? paths.get(0).getFileName().toString() : paths.size() + " files";
        Session.Source from =
                Session.Source.ofFiles(
                        paths.stream()
                                .map(p -> new Session.FileEntry(p.toString(), null, null, null))
                                .toList());
        load(specs, label, from);
    }

    /**
     * Imports in the background and shows the result; a newer import cancels this one. {@code from}
     * is what the trace is opened from (kept for sessions and Open Recent once it is shown).
     */
    private void load(List<TraceLoader.FileSpec> specs, String label, Session.Source from) {
        imports.load(specs, label, from);
    }

    /** The newest import finished: its trace replaces the one on screen. */
    private void opened(ImportController.Opened o) {
        Trace t = o.trace();
        rememberRecent(); // the trace being replaced, with its crash settings
        source = o.source();
        show(t, o.label());
        if (source != null && !source.files().isEmpty()) {
            recent.add(new Session(source, null, null, null, null, null, null));
        }
        long skipped = t.skippedLines();
        statusBar.setText(
                String.format(
                        "%s: %s, %s%s",
                        o.label(),
                        DisplayNames.count(t.requests().size(), "request"),
                        DisplayNames.count(t.events().size(), "event"),
                        skipped == 0
                                ? ""
                                : " — "
                                        + DisplayNames.count(skipped, "line")
                                        + " skipped (see Summary)"));
        if (skipped > 0) {
            side.getSelectionModel().select(1);
        }
    }

    // ---- sessions (docs/session.md): the work is in SessionSupport ----

    /** The view as a session, or null when nothing is open. */
    Session currentSession() {
        return sessions.current();
    }

    /** Writes the current view to a session file (atomically). */
    boolean saveSession(Path file) {
        return sessions.save(file);
    }

    /** Opens what a session names and applies its view once the trace is shown. */
    void restore(Session s, String label) {
        sessions.restore(s, label);
    }

    /** What the trace on screen was opened from, or null. */
    Session.Source source() {
        return source;
    }

    Trace trace() {
        return trace.get();
    }

    /** Loads files as one trace, remembering where they came from for sessions. */
    void loadFiles(List<TraceLoader.FileSpec> specs, String label, Session.Source from) {
        load(specs, label, from);
    }

    /** Opens the teaching tab on a scenario run with overrides. */
    void openScenario(dev.orderlens.sim.Scenario sc, dev.orderlens.sim.Overrides o) {
        side.getSelectionModel().select(teachingTab);
        teaching.open(sc, o);
    }

    /** A teaching scenario's trace: shown, and remembered as the session's source. */
    private void showScenario(Trace t, String label) {
        source = Session.Source.ofScenario(teaching.run());
        show(t, label);
    }

    /**
     * Puts a trace on screen: the timeline, the summary, the title (imports and teaching
     * scenarios).
     */
    void show(Trace t, String label) {
        trace.set(t);
        summary.show(t);
        timeline.setTrace(t);
        lanes.canvas().requestFocus();
        stage.setTitle("OrderLens — " + label);
        statusBar.setText(
                String.format(
                        "%s: %s, %s",
                        label,
                        DisplayNames.count(t.requests().size(), "request"),
                        DisplayNames.count(t.events().size(), "event")));
    }

    ExportMenu exports() {
        return exports;
    }

    void showError(String header, String detail) {
        LOG.log(System.Logger.Level.WARNING, header + ": " + detail);
        lastError = header + ": " + detail;
        statusBar.setText(header);
        Alert alert = new Alert(Alert.AlertType.ERROR);
        Dialogs.place(alert, stage);
        alert.setTitle("OrderLens");
        alert.setHeaderText(header);
        alert.setContentText(detail);
        alert.getDialogPane().setMinWidth(520);
        alert.show();
    }
}
