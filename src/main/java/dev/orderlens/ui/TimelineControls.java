package dev.orderlens.ui;

import dev.orderlens.layout.TimeRangeInput;
import dev.orderlens.model.Time;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

/**
 * The timeline's toolbar and View menu: thin wrappers that call {@link TimelineViewModel}. Every
 * button has a menu item with an accelerator or a key on the lanes.
 */
final class TimelineControls {
    private final TimelineViewModel timeline;
    private final Stage stage;
    private final Runnable backToLanes;
    private final Runnable open;
    private final TextField find = new TextField();
    private final Label findCount = new Label();
    private String lastQuery = "";

    /**
     * @param backToLanes gives the keyboard back to the lanes after a button click
     * @param open shows the open-files chooser
     */
    TimelineControls(TimelineViewModel timeline, Stage stage, Runnable backToLanes, Runnable open) {
        this.timeline = timeline;
        this.stage = stage;
        this.backToLanes = backToLanes;
        this.open = open;
    }

    /** The toolbar: open, zoom, go to, filter menu, find, and the time/legend/theme toggles. */
    ToolBar toolBar(MenuButton filterMenu, Node legend) {
        Button openButton = toolButton("open", "Open trace files (Ctrl+O)", open);
        Button fit =
                toolButton(
                        "fit", "Fit where the requests are (F; Fit All: Shift+F)", timeline::fit);
        Button in = toolButton("zoom-in", "Zoom in (+)", timeline::zoomIn);
        Button out = toolButton("zoom-out", "Zoom out (−)", timeline::zoomOut);
        Button sel =
                toolButton(
                        "zoom-selection",
                        "Zoom to the selected request (Z)",
                        timeline::zoomToSelection);
        sel.disableProperty().bind(timeline.selectedProperty().lessThan(0));
        Button go = toolButton("goto", "Go to a time range (Ctrl+G)", this::askTimeRange);
        ToggleButton clock = new ToggleButton();
        clock.setGraphic(Icons.view("clock", 16, timeline.darkProperty()));
        clock.setTooltip(
                new Tooltip(
                        "Absolute wall-clock times on the ruler (when the trace records them)"));
        clock.selectedProperty().bindBidirectional(timeline.absoluteTimeProperty());
        clock.setId("absolute-time");
        timeline.traceProperty()
                .addListener((o, a, b) -> clock.setDisable(!timeline.hasWallClock()));
        clock.setDisable(true);
        ToggleButton dark = new ToggleButton();
        dark.setGraphic(Icons.view("theme", 16, timeline.darkProperty()));
        dark.setTooltip(new Tooltip("Dark theme"));
        dark.selectedProperty().bindBidirectional(timeline.darkProperty());
        dark.setId("dark-theme");
        ToggleButton key = new ToggleButton();
        key.setGraphic(Icons.view("legend", 16, timeline.darkProperty()));
        key.setTooltip(new Tooltip("Show the legend"));
        key.selectedProperty().bindBidirectional(timeline.legendShownProperty());
        legend.visibleProperty().bind(timeline.legendShownProperty());
        legend.managedProperty().bind(timeline.legendShownProperty());
        key.setId("show-legend");
        find.setId("find");
        find.setPromptText("Find: #id, sector:N, pid:N, text");
        find.setPrefColumnCount(22);
        find.setOnAction(e -> runFind());
        find.setOnKeyPressed(
                e -> {
                    if (e.getCode() == KeyCode.ESCAPE) {
                        backToLanes.run();
                    }
                });
        findCount.getStyleClass().add("hint");
        findCount.setId("find-count");
        findCount.setMinWidth(Region.USE_PREF_SIZE);
        timeline.findIndexProperty().addListener((o, a, b) -> showFindCount());
        // another trace: the old query and its count mean nothing there
        timeline.traceProperty()
                .addListener(
                        (o, a, b) -> {
                            find.clear();
                            findCount.setText("");
                            lastQuery = "";
                        });
        ToolBar bar =
                new ToolBar(
                        openButton,
                        new Separator(),
                        fit,
                        in,
                        out,
                        sel,
                        go,
                        new Separator(),
                        filterMenu,
                        find,
                        findCount,
                        spacer(),
                        clock,
                        key,
                        dark);
        bar.setId("toolbar");
        return bar;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private Button toolButton(String icon, String tip, Runnable action) {
        Button b = new Button();
        b.setGraphic(Icons.view(icon, 16, timeline.darkProperty()));
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setId("tool-" + icon);
        b.setOnAction(
                e -> {
                    action.run();
                    backToLanes.run();
                });
        return b;
    }

    private void runFind() {
        String q = find.getText();
        int[] previous = timeline.findResultsProperty().get();
        if (previous.length > 1 && q.equals(lastQuery)) {
            timeline.findNext(1);
        } else {
            lastQuery = q;
            int n = timeline.find(q);
            if (n == 0) {
                findCount.setText(q.isBlank() ? "" : "no match");
            }
        }
        showFindCount();
    }

    private void showFindCount() {
        int[] rows = timeline.findResultsProperty().get();
        int i = timeline.findIndexProperty().get();
        if (rows.length > 0 && i >= 0) {
            findCount.setText(
                    String.format(
                            "%,d of %,d%s", i + 1, rows.length, rows.length >= 100_000 ? "+" : ""));
        }
    }

    /** Go to an exact time range, typed. */
    void askTimeRange() {
        if (timeline.trace() == null) {
            return;
        }
        TimelineViewModel.Window w = timeline.window();
        TextInputDialog d =
                new TextInputDialog(
                        Time.formatSeconds(w.start()) + " - " + Time.formatSeconds(w.end()));
        Dialogs.place(d, stage);
        d.setTitle("Go to time range");
        d.setHeaderText(
                "Show this time range (from the trace's zero). Units: ns, us, ms, s; no unit: seconds.\n"
                        + "Examples: 120us - 480us,  0.5 1.25,  3ms (centred on it)");
        d.setContentText("Range:");
        d.getEditor().setPrefColumnCount(32);
        while (true) {
            var answer = d.showAndWait();
            if (answer.isEmpty()) {
                return;
            }
            try {
                long[] r = TimeRangeInput.parse(answer.get(), w.span());
                timeline.goTo(r[0], r[1]);
                return;
            } catch (IllegalArgumentException ex) {
                d.setHeaderText(ex.getMessage());
            }
        }
    }

    /** The View menu: everything the toolbar and the keys do, with accelerators. */
    Menu viewMenu() {
        MenuItem in = item("Zoom _In", "Shortcut+Equals", timeline::zoomIn);
        MenuItem out = item("Zoom _Out", "Shortcut+Minus", timeline::zoomOut);
        MenuItem fit = item("_Fit", "Shortcut+0", timeline::fit);
        MenuItem fitAll = item("Fit _All (whole trace)", "Shortcut+Shift+0", timeline::fitAll);
        MenuItem sel = item("Zoom to _Selection", "Shortcut+E", timeline::zoomToSelection);
        MenuItem go = item("_Go to Time Range…", "Shortcut+G", this::askTimeRange);
        MenuItem findItem =
                item(
                        "_Find…",
                        "Shortcut+F",
                        () -> {
                            find.requestFocus();
                            find.selectAll();
                        });
        MenuItem next = item("Find _Next", "F3", () -> timeline.findNext(1));
        MenuItem prev = item("Find _Previous", "Shift+F3", () -> timeline.findNext(-1));
        MenuItem clear = item("_Clear Filters", null, timeline::clearFilters);
        CheckMenuItem abs = new CheckMenuItem("_Absolute Time");
        abs.selectedProperty().bindBidirectional(timeline.absoluteTimeProperty());
        CheckMenuItem dark = new CheckMenuItem("_Dark Theme");
        dark.selectedProperty().bindBidirectional(timeline.darkProperty());
        CheckMenuItem depth = new CheckMenuItem("_Queue-Depth Tracks");
        depth.setId("view-depth-tracks");
        depth.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        depth.selectedProperty().bindBidirectional(timeline.depthTracksShownProperty());
        MenuItem nextHighlighted =
                item(
                        "Next _Highlighted Request  (N on the lanes)",
                        null,
                        () -> timeline.selectHighlighted(1));
        MenuItem prevHighlighted =
                item(
                        "Previous Highlighted Request  (Shift+N)",
                        null,
                        () -> timeline.selectHighlighted(-1));
        MenuItem clearHighlight =
                item("Clear Highlight  (Esc on the lanes)", null, timeline::clearHighlight);
        for (MenuItem m : new MenuItem[] {nextHighlighted, prevHighlighted, clearHighlight}) {
            m.disableProperty().bind(timeline.highlightProperty().isNull());
        }
        return new Menu(
                "_View",
                null,
                in,
                out,
                fit,
                fitAll,
                sel,
                go,
                new SeparatorMenuItem(),
                findItem,
                next,
                prev,
                clear,
                new SeparatorMenuItem(),
                nextHighlighted,
                prevHighlighted,
                clearHighlight,
                new SeparatorMenuItem(),
                depth,
                abs,
                dark);
    }

    private MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }
}
