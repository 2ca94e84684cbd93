package dev.orderlens.ui;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Tab;

/**
 * The statistics views wired into the window (docs/stats.md, "Views"): the {@link StatsPane} in a
 * side tab, computed once per trace on a worker of its own when first needed — the tab shown or the
 * queue-depth tracks turned on — not when the trace is opened (ADR 0331); its queue-depth tracks
 * handed to the timeline (drawn above the lanes when View → Queue-Depth Tracks is on); a histogram
 * bucket's requests highlighted on the lanes, and the highlight's removal clearing the bucket; the
 * timeline's selection shown in the waterfall, with a link in the details pane. {@link MainWindow}
 * only places {@link #tab()}.
 */
final class StatsTab {
    private final TimelineViewModel timeline;
    private final Runnable select;
    private final StatsPane pane = new StatsPane();
    private final Tab tab = new Tab("Stats", pane);
    private final Latest computing;
    private final ReadOnlyObjectWrapper<StatsPane.Prepared> prepared =
            new ReadOnlyObjectWrapper<>(this, "prepared");

    /**
     * True while the histogram is cleared because the highlight was: that clearing must not echo
     * back.
     */
    private boolean clearing;

    /** The trace the statistics were asked for (computing or shown), or null: not yet. */
    private Trace computedFor;

    /** What computes them: {@link StatsPane#prepare}, or a failure a test forces. */
    private Preparer preparer = StatsPane::prepare;

    /** The crash pane's analysis, once prepared: the statistics' Q2Durable reads it. */
    private final Supplier<CrashAnalysis> crashAnalysis;

    /** What computes the statistics of a trace, on the worker. */
    @FunctionalInterface
    interface Preparer {
        StatsPane.Prepared prepare(Trace t, CrashAnalysis durability, Progress progress);
    }

    /**
     * @param worker computes the statistics, once per trace
     * @param select brings this tab to the front (the details pane's link)
     * @param crashAnalysis the crash pane's analysis (FX thread), or null while none is prepared
     */
    StatsTab(
            TimelineViewModel timeline,
            DetailsPane details,
            Executor worker,
            Executor fx,
            Runnable select,
            Supplier<CrashAnalysis> crashAnalysis) {
        this.timeline = timeline;
        this.crashAnalysis = crashAnalysis;
        this.computing = new Latest(worker, fx, Latest.Show.NEWEST_ONLY);
        this.select = select;
        tab.setId("stats-tab");
        pane.showMessage("No trace open.");
        pane.setDark(timeline.darkProperty().get());
        timeline.darkProperty().addListener((o, a, b) -> pane.setDark(b));
        timeline.traceProperty().addListener((o, a, t) -> traceChanged(t));
        tab.selectedProperty().addListener((o, a, shown) -> computeIfNeeded());
        timeline.depthTracksShownProperty().addListener((o, a, shown) -> computeIfNeeded());
        pane.selectedRowsProperty()
                .addListener(
                        (o, a, rows) -> {
                            if (clearing) {
                                return;
                            }
                            if (rows.length == 0) {
                                timeline.clearHighlight();
                            } else {
                                timeline.highlight(rows, pane.histogram().selectionLabel());
                            }
                        });
        timeline.highlightProperty()
                .addListener(
                        (o, a, h) -> {
                            if (h == null && pane.histogram().selectedBucket() >= 0) {
                                clearing = true;
                                try {
                                    pane.histogram().selectBucket(-1);
                                } finally {
                                    clearing = false;
                                }
                            }
                        });
        timeline.selectedProperty()
                .addListener(
                        (o, a, row) -> {
                            if (row.intValue() >= 0 && pane.trace() == timeline.trace()) {
                                pane.showRequest(row.intValue());
                            }
                        });
        details.addExtra(
                row -> {
                    Hyperlink link = new Hyperlink("Its phases across the layers (waterfall) →");
                    link.setId("details-waterfall");
                    link.setOnAction(
                            e -> {
                                if (pane.trace() == timeline.trace()) {
                                    pane.showRequest(row);
                                } // else the pane shows the selection once computed
                                select.run();
                                pane.revealWaterfall();
                            });
                    return link;
                });
    }

    Tab tab() {
        return tab;
    }

    /** Replaces what computes the statistics (tests: a worker that runs out of memory). */
    void preparer(Preparer p) {
        preparer = p;
    }

    StatsPane pane() {
        return pane;
    }

    /** What the pane shows (null while computing or without a trace): tests wait for it. */
    ReadOnlyObjectProperty<StatsPane.Prepared> preparedProperty() {
        return prepared.getReadOnlyProperty();
    }

    /** View → Statistics (Ctrl+I): brings the tab to the front. */
    javafx.scene.control.MenuItem menuItem() {
        javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem("S_tatistics");
        item.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+I"));
        item.setOnAction(e -> select.run());
        return item;
    }

    /**
     * Once the statistics are shown, "PHASE[:BUCKET]": shows that phase (e.g. "Q2C"; empty: the
     * default) of the first device in the histogram and selects the bucket. For screenshots ({@code
     * -Dorderlens.stats}).
     */
    void chooseWhenReady(String spec) {
        String[] parts = spec.split(":");
        String metric = parts.length > 0 ? parts[0].trim() : "";
        int bucket = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : -1;
        FirstValue.whenSet(
                prepared,
                b -> {
                    LatencyHistogramPane h = pane.histogram();
                    String source = h.sources().isEmpty() ? null : h.sources().get(0);
                    if (!metric.isEmpty() && source != null && h.metrics(source).contains(metric)) {
                        h.choose(source, metric);
                    }
                    if (bucket >= 0 && h.histogram() != null && bucket < h.histogram().size()) {
                        h.selectBucket(bucket);
                    }
                });
    }

    private void traceChanged(Trace t) {
        prepared.set(null);
        computedFor = null;
        if (t == null) {
            computing.cancel();
            pane.showMessage("No trace open.");
            return;
        }
        computing.cancel(); // the previous trace's statistics are not wanted any more
        pane.showMessage("The statistics are computed when this tab is shown.");
        computeIfNeeded();
    }

    /**
     * Computes the statistics of the trace on screen if something shows them (this tab, or the
     * queue-depth tracks) and they are not computed or computing yet.
     */
    private void computeIfNeeded() {
        Trace t = timeline.trace();
        if (t == null
                || computedFor == t
                || !(tab.isSelected() || timeline.depthTracksShownProperty().get())) {
            return;
        }
        compute(t);
    }

    private void compute(Trace t) {
        computedFor = t;
        pane.showMessage("Computing the statistics…");
        CrashAnalysis crash = crashAnalysis.get();
        CrashAnalysis durability = crash != null && crash.trace() == t ? crash : null;
        computing.submit(
                "Could not compute the statistics",
                ticket -> {
                    // stops early when a newer trace is opened
                    StatsPane.Prepared p = preparer.prepare(t, durability, ticket.progress());
                    ticket.deliver(
                            () -> {
                                if (timeline.trace() != t) {
                                    return;
                                }
                                pane.show(p);
                                timeline.setDepthTracks(p.depth());
                                prepared.set(p);
                                int row = timeline.selected();
                                if (row >= 0) {
                                    pane.showRequest(row);
                                }
                            });
                },
                pane::showMessage);
    }
}
