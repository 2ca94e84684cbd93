package dev.orderlens.ui;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;

/**
 * The crash-point explorer wired into the window: the {@link CrashViewModel}, the marker on the
 * lanes (drag, tool, keys), the crash pane, "Why?" and Compare in tabs under the lanes, the Crash
 * menu, the lanes' right-click items and the details pane's "Why?" button. {@link MainWindow} only
 * places {@link #bottom()} and {@link #menu()}.
 */
final class CrashExplorer {
    /** The longest the ordering findings wait for the crash preparation (a 10^7 trace's). */
    private static final long FINDINGS_WAIT_MS = 5_000;

    private final TimelineViewModel timeline;
    private final CrashViewModel crash;
    private final CrashPane pane;
    private final WhyPane why;
    private final ComparePane compare;
    private final TabPane tabs = new TabPane();
    private final Tab crashTab;
    private final Tab whyTab;
    private final Tab compareTab;

    /**
     * Whether the tabs under the lanes are shown: from the first crash point, "Why?" or compare on.
     */
    private final javafx.beans.property.BooleanProperty shown =
            new javafx.beans.property.SimpleBooleanProperty(this, "shown");

    /**
     * @param threads the window's threads: queries on {@link TaskThreads#CRASH}, state timelines on
     *     {@link TaskThreads#CRASH_TIMELINE}, the pane's block map, tables and comparisons on
     *     {@link TaskThreads#CRASH_DETAILS}
     */
    CrashExplorer(
            TimelineViewModel timeline,
            TimelineView lanes,
            DetailsPane details,
            TaskThreads threads) {
        this.timeline = timeline;
        Executor detailsWorker = threads.thread(TaskThreads.CRASH_DETAILS);
        crash =
                new CrashViewModel(
                        timeline,
                        threads.thread(TaskThreads.CRASH),
                        threads.thread(TaskThreads.CRASH_TIMELINE),
                        threads.fx());
        // the first crash answer before the ordering findings, which take seconds (ADR 0370)
        timeline.beforeFindings(t -> crash.awaitPrepared(t, FINDINGS_WAIT_MS));
        pane = new CrashPane(crash, timeline, detailsWorker, threads.fx(), this::why);
        why = new WhyPane(crash, timeline);
        compare = new ComparePane(crash, timeline, detailsWorker, threads.fx());
        crashTab = new Tab("Crash point", pane);
        crashTab.setId("crash-tab");
        whyTab = new Tab("Why?", why);
        whyTab.setId("why-tab");
        compareTab = new Tab("Compare", compare);
        compareTab.setId("compare-tab");
        tabs.getTabs().addAll(crashTab, whyTab, compareTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("explorer-tabs");
        crash.pointProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b != null) {
                                shown.set(true);
                            }
                        });

        lanes.crashProperty().bind(crash.overlayProperty());
        lanes.setCrashMarker(
                new TimelineView.CrashMarker() {
                    @Override
                    public long timeNs() {
                        return crash.point() == null ? Time.NONE : crash.point().atNs();
                    }

                    @Override
                    public void moveTo(long ns) {
                        crash.setTime(ns);
                    }

                    @Override
                    public void clear() {
                        crash.clear();
                    }

                    @Override
                    public void held(boolean held) {
                        crash.setHeld(held);
                    }

                    @Override
                    public boolean toolActive() {
                        return pane.tool.isSelected();
                    }
                });
        lanes.addMenuExtras(this::contextItems);
        details.addExtra(
                row -> {
                    Trace t = timeline.trace();
                    if (t == null || !t.requests().op(row).modifiesData()) {
                        return null;
                    }
                    Button b = new Button("Why? — its fate at the crash point");
                    b.setId("details-why");
                    b.setOnAction(e -> why(row));
                    return b;
                });
    }

    CrashViewModel crash() {
        return crash;
    }

    CrashPane pane() {
        return pane;
    }

    WhyPane whyPane() {
        return why;
    }

    ComparePane comparePane() {
        return compare;
    }

    TabPane tabs() {
        return tabs;
    }

    /** Whether {@link #bottom()} is on screen (the window adds and removes it). */
    javafx.beans.property.BooleanProperty shownProperty() {
        return shown;
    }

    /** The tabs under the lanes: crash point, Why?, Compare. */
    Node bottom() {
        return tabs;
    }

    /**
     * Puts the crash point at {@code ns} once the next trace's analysis is ready (screenshots,
     * sessions).
     */
    void crashWhenReady(
            long ns, java.util.function.UnaryOperator<dev.orderlens.analysis.CrashPoint> adjust) {
        FirstValue.whenSet(
                crash.analysisProperty(),
                a -> crash.setPoint(adjust.apply(crash.defaultPoint(ns))));
    }

    /**
     * Sets these disks' cache modes (the open-files dialog's picks) once the next trace's analysis
     * is ready; disks the trace does not have are left out.
     */
    void cacheModesWhenReady(java.util.Map<String, dev.orderlens.analysis.CacheMode> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        FirstValue.whenSet(
                crash.analysisProperty(),
                b -> {
                    java.util.Map<String, dev.orderlens.analysis.CacheMode> known =
                            new java.util.LinkedHashMap<>(chosen);
                    known.keySet().retainAll(b.diskKeys());
                    crash.setCacheModes(b.defaultCacheModes().withOverrides(known));
                    pane.diskModes.refresh();
                });
    }

    /**
     * Focuses the crash time field, once it is in the scene (the pane may just have been shown).
     */
    private void focusTime() {
        if (pane.time.getScene() != null) {
            pane.time.requestFocus();
            pane.time.selectAll();
            return;
        }
        FirstValue.whenSet(
                pane.time.sceneProperty(),
                s ->
                        Platform.runLater(
                                () -> {
                                    pane.time.requestFocus();
                                    pane.time.selectAll();
                                }));
    }

    /** Explains a write in the Why? tab. */
    void why(int row) {
        why.explain(row);
        shown.set(true);
        tabs.getSelectionModel().select(whyTab);
    }

    void showCompare() {
        if (compare.timeB.getText().isBlank()) {
            compare.copyA();
        }
        shown.set(true);
        tabs.getSelectionModel().select(compareTab);
    }

    /**
     * The trace's own crash: its crash event, else the simulator's truth; NONE if it has neither.
     */
    static long recordedCrash(Trace t) {
        Events e = t.events();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.CRASH) {
                return e.time(i);
            }
        }
        return t.truth() != null && Time.isSet(t.truth().crashAt())
                ? t.truth().crashAt()
                : Time.NONE;
    }

    private void contextItems(ContextMenu menu, int row, long timeNs) {
        Trace t = timeline.trace();
        if (t == null) {
            return;
        }
        if (!menu.getItems().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        if (row >= 0 && t.requests().op(row).modifiesData()) {
            MenuItem w =
                    new MenuItem("Why? — fate of " + t.names().id(row) + " at the crash point");
            w.setOnAction(
                    e -> {
                        timeline.select(row);
                        why(row);
                    });
            menu.getItems().add(w);
        }
        MenuItem here = new MenuItem("Crash Here (" + Time.formatSeconds(timeNs) + " s)");
        here.setOnAction(e -> crash.setTime(timeNs));
        menu.getItems().add(here);
        if (crash.point() != null) {
            MenuItem remove = new MenuItem("Remove Crash Point");
            remove.setOnAction(e -> crash.clear());
            menu.getItems().add(remove);
        }
    }

    /** The Crash menu: everything the marker, the keys and the pane do. */
    Menu menu(Runnable focusLanes, java.util.function.LongSupplier crashHereTime) {
        MenuItem here = new MenuItem("Crash _Here");
        here.setAccelerator(KeyCombination.keyCombination("Shortcut+K"));
        here.setOnAction(e -> crash.setTime(crashHereTime.getAsLong()));
        MenuItem recorded = new MenuItem("Crash at the Trace's _Own Crash");
        recorded.setOnAction(
                e -> {
                    Trace t = timeline.trace();
                    long at = t == null ? Time.NONE : recordedCrash(t);
                    if (at != Time.NONE) {
                        crash.setTime(at);
                    }
                });
        timeline.traceProperty()
                .addListener(
                        (o, a, b) ->
                                recorded.setDisable(b == null || recordedCrash(b) == Time.NONE));
        MenuItem typed = new MenuItem("_Type the Crash Time…");
        typed.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+K"));
        typed.setOnAction(
                e -> {
                    shown.set(true);
                    tabs.getSelectionModel().select(crashTab);
                    focusTime();
                });
        CheckMenuItem tool = new CheckMenuItem("Crash _Tool (click on the lanes)");
        tool.selectedProperty().bindBidirectional(pane.tool.selectedProperty());
        MenuItem remove = new MenuItem("_Remove Crash Point");
        remove.setOnAction(e -> crash.clear());
        remove.disableProperty().bind(crash.pointProperty().isNull());
        MenuItem whySel = new MenuItem("_Why? (Selected Write)");
        whySel.setAccelerator(KeyCombination.keyCombination("Shortcut+Y"));
        whySel.setOnAction(
                e -> {
                    if (timeline.selected() >= 0) {
                        why(timeline.selected());
                    }
                });
        MenuItem cmp = new MenuItem("_Compare With Another Point…");
        cmp.setOnAction(e -> showCompare());
        CheckMenuItem showPane = new CheckMenuItem("_Show the Crash Pane");
        showPane.selectedProperty().bindBidirectional(shown);
        MenuItem lanesItem = new MenuItem("Back to the _Lanes");
        lanesItem.setAccelerator(KeyCombination.keyCombination("Shortcut+L"));
        lanesItem.setOnAction(e -> focusLanes.run());
        return new Menu(
                "_Crash",
                null,
                here,
                recorded,
                typed,
                tool,
                remove,
                new SeparatorMenuItem(),
                whySel,
                cmp,
                new SeparatorMenuItem(),
                showPane,
                lanesItem);
    }
}
