package dev.orderlens.ui;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.FitSpan;
import dev.orderlens.layout.Highlight;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.RequestSearch;
import dev.orderlens.layout.TimeScale;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The timeline's state, without any node: the trace and its findings, the model under the current
 * filter, the lane arrangement, the visible window, the vertical scroll, the selection, the find
 * results, the highlighted requests and whether the lanes' queue-depth tracks are shown. The view
 * binds to it; tests drive it directly. Heavy work (analysis, packing, levels of detail) runs on
 * {@code background} and lands on {@code fx}; a newer request makes an older result stale, so
 * results never arrive out of order.
 */
public final class TimelineViewModel {
    /** The narrowest window (ns): 20 ns across the view is already a few pixels per ns. */
    public static final long MIN_SPAN_NS = 20;

    /** Zoom factor of one key press or toolbar click. */
    public static final double ZOOM_STEP = 2;

    /** A visible time window [start, end). */
    public record Window(long start, long end) {
        public long span() {
            return end - start;
        }

        public boolean contains(long t) {
            return t >= start && t < end;
        }
    }

    private static final String LAYOUT_FAILED = "Could not lay out the trace";

    /** Model builds: a newer trace or filter makes an older build's result stale. */
    private final Latest builds;

    private final Metrics metrics = Metrics.DEFAULT;

    private final ReadOnlyObjectWrapper<Trace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final ReadOnlyObjectWrapper<OrderingFindings> findings =
            new ReadOnlyObjectWrapper<>(this, "findings");
    private final ReadOnlyObjectWrapper<TimelineModel> model =
            new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<LaneLayout> layout =
            new ReadOnlyObjectWrapper<>(this, "layout");
    private final ReadOnlyObjectWrapper<LaneView> laneView =
            new ReadOnlyObjectWrapper<>(this, "laneView", LaneView.DEFAULT);
    private final ReadOnlyObjectWrapper<RequestFilter> filter =
            new ReadOnlyObjectWrapper<>(this, "filter", RequestFilter.ALL);
    private final ReadOnlyObjectWrapper<Window> window =
            new ReadOnlyObjectWrapper<>(this, "window", new Window(0, 1));
    private final ReadOnlyIntegerWrapper selected =
            new ReadOnlyIntegerWrapper(this, "selected", -1);
    private final ReadOnlyObjectWrapper<int[]> findResults =
            new ReadOnlyObjectWrapper<>(this, "findResults", new int[0]);
    private final ReadOnlyIntegerWrapper findIndex =
            new ReadOnlyIntegerWrapper(this, "findIndex", -1);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final BooleanProperty absoluteTime = new SimpleBooleanProperty(this, "absoluteTime");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final BooleanProperty legendShown =
            new SimpleBooleanProperty(this, "legendShown", true);
    private final DoubleProperty scrollY = new SimpleDoubleProperty(this, "scrollY");
    private final ReadOnlyObjectWrapper<Highlight> highlight =
            new ReadOnlyObjectWrapper<>(this, "highlight");
    private final BooleanProperty depthTracksShown =
            new SimpleBooleanProperty(this, "depthTracksShown");
    private final ReadOnlyObjectWrapper<DepthTracks> depthTracks =
            new ReadOnlyObjectWrapper<>(this, "depthTracks");
    private final ReadOnlyObjectWrapper<FitSpan> fitSpan =
            new ReadOnlyObjectWrapper<>(this, "fitSpan");
    private final TimeMarksModel marks = new TimeMarksModel();

    /** Runs on the worker between the first frame and the findings (ADR 0370). */
    private volatile java.util.function.Consumer<Trace> beforeFindings = t -> {};

    private double viewWidth = 1000;
    private double viewHeight = 600;

    public TimelineViewModel(Executor background, Executor fx) {
        this.builds = new Latest(background, fx, Latest.Show.NEWEST_ONLY);
        laneView.addListener((o, a, b) -> relayout());
        depthTracksShown.addListener((o, a, b) -> relayout());
        depthTracks.addListener(
                (o, a, b) -> {
                    if (depthTracksShown.get()) {
                        relayout();
                    }
                });
        scrollY.addListener(
                (o, a, b) -> {
                    double clamped = clampScroll(b.doubleValue());
                    if (clamped != b.doubleValue()) {
                        scrollY.set(clamped);
                    }
                });
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<Trace> traceProperty() {
        return trace.getReadOnlyProperty();
    }

    public Trace trace() {
        return trace.get();
    }

    /** Null until the analysis has run (the first frame comes before it). */
    public ReadOnlyObjectProperty<OrderingFindings> findingsProperty() {
        return findings.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TimelineModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public TimelineModel model() {
        return model.get();
    }

    public ReadOnlyObjectProperty<LaneLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }

    public LaneLayout layout() {
        return layout.get();
    }

    public ReadOnlyObjectProperty<LaneView> laneViewProperty() {
        return laneView.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RequestFilter> filterProperty() {
        return filter.getReadOnlyProperty();
    }

    public RequestFilter filter() {
        return filter.get();
    }

    public ReadOnlyObjectProperty<Window> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public Window window() {
        return window.get();
    }

    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public int selected() {
        return selected.get();
    }

    public ReadOnlyObjectProperty<int[]> findResultsProperty() {
        return findResults.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty findIndexProperty() {
        return findIndex.getReadOnlyProperty();
    }

    /** True while the model is being (re)built in the background. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last background failure (analysis or layout), or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanProperty absoluteTimeProperty() {
        return absoluteTime;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** Whether the legend under the lanes is shown (the toolbar's key button). */
    public BooleanProperty legendShownProperty() {
        return legendShown;
    }

    public DoubleProperty scrollYProperty() {
        return scrollY;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The requests marked on the lanes (a latency histogram bucket's), or null. */
    public ReadOnlyObjectProperty<Highlight> highlightProperty() {
        return highlight.getReadOnlyProperty();
    }

    public Highlight highlight() {
        return highlight.get();
    }

    /**
     * Whether a queue-depth track is drawn above each lane (once {@link #depthTracksProperty()} has
     * them).
     */
    public BooleanProperty depthTracksShownProperty() {
        return depthTracksShown;
    }

    /** The current trace's queue-depth tracks, or null until computed ({@link #setDepthTracks}). */
    public ReadOnlyObjectProperty<DepthTracks> depthTracksProperty() {
        return depthTracks.getReadOnlyProperty();
    }

    /**
     * The wall-clock time of the trace's zero when absolute labels are on and known, else {@link
     * Time#NONE}.
     */
    public long epochForLabels() {
        Trace t = trace.get();
        return absoluteTime.get() && t != null ? t.meta().startEpochNs() : Time.NONE;
    }

    public boolean hasWallClock() {
        Trace t = trace.get();
        return t != null && t.meta().startEpochNs() != Time.NONE;
    }

    /** The selected range and markers A and B. */
    public TimeMarksModel marks() {
        return marks;
    }

    /** Zooms onto the selected range, if any. */
    public void zoomToRange() {
        dev.orderlens.layout.TimeMarks m = marks.get();
        if (m.hasRange()) {
            goTo(m.rangeStart(), m.rangeEnd());
        }
    }

    /**
     * Where the current trace's requests are (what Fit shows), or null before it is computed or
     * when the trace has none.
     */
    public ReadOnlyObjectProperty<FitSpan> fitSpanProperty() {
        return fitSpan.getReadOnlyProperty();
    }

    /**
     * What the status bar says about Fit while the window is exactly the fitted one ("Fit: 96 % of
     * requests …"), else null.
     */
    public String fitNote() {
        FitSpan f = fitSpan.get();
        Trace t = trace.get();
        return f != null && t != null && window.get().equals(fitWindow(t, f)) ? f.describe() : null;
    }

    /** The view tells the model its size: zoom limits and "show this request" need it. */
    public void setViewSize(double width, double height) {
        viewWidth = Math.max(1, width - metrics.gutterWidth());
        viewHeight = Math.max(1, height - metrics.rulerHeight());
        scrollY.set(clampScroll(scrollY.get()));
    }

    /** The time scale of the lanes at the current window and view width. */
    public TimeScale scale() {
        Window w = window.get();
        return new TimeScale(w.start(), w.end(), metrics.gutterWidth(), viewWidth);
    }

    // ---- loading ----

    /** Lets work that must come first (the crash preparation) delay the ordering findings. */
    void beforeFindings(java.util.function.Consumer<Trace> hook) {
        beforeFindings = hook;
    }

    /** Shows a new trace: first frame from a model without findings, then again with them. */
    public void setTrace(Trace t) {
        selected.set(-1); // first: no listener may see the old row with the new trace
        highlight.set(null);
        depthTracks.set(null);
        fitSpan.set(null);
        marks.clearUserMarks();
        trace.set(t);
        problem.set(null);
        findings.set(null);
        model.set(null);
        layout.set(null);
        filter.set(RequestFilter.ALL);
        laneView.set(LaneView.DEFAULT);
        selected.set(-1);
        findResults.set(new int[0]);
        findIndex.set(-1);
        scrollY.set(0);
        if (t == null) {
            builds.cancel();
            busy.set(false);
            return;
        }
        Window whole = fitWindow(t);
        window.set(whole);
        busy.set(true);
        builds.submit(
                LAYOUT_FAILED,
                ticket -> {
                    FitSpan span = FitSpan.of(t);
                    TimelineModel first = TimelineModel.build(t, null, RequestFilter.ALL);
                    ticket.deliver( // the fitted window comes with the first frame
                            () -> {
                                fitSpan.set(span);
                                if (window.get().equals(whole)) { // not moved meanwhile
                                    window.set(fitWindow(t, span));
                                }
                                install(first);
                            });
                    beforeFindings.accept(t);
                    OrderingFindings f = OrderingAnalysis.analyze(t);
                    TimelineModel full = TimelineModel.build(t, f, RequestFilter.ALL);
                    ticket.deliver(
                            () -> {
                                findings.set(f);
                                install(full);
                                busy.set(false);
                            });
                },
                this::failed);
    }

    /** A background step failed: say so, stop the busy state, keep whatever is on screen. */
    private void failed(String line) {
        busy.set(false);
        problem.set(line);
    }

    private void rebuild() {
        Trace t = trace.get();
        if (t == null) {
            return;
        }
        OrderingFindings f = findings.get();
        RequestFilter rf = filter.get();
        busy.set(true);
        builds.submit(
                LAYOUT_FAILED,
                () -> TimelineModel.build(t, f, rf),
                m -> {
                    install(m);
                    busy.set(false);
                },
                this::failed);
    }

    private void install(TimelineModel m) {
        model.set(m);
        relayout();
        if (selected.get() >= 0 && !m.shown(selected.get())) {
            selected.set(-1);
        }
    }

    private void relayout() {
        TimelineModel m = model.get();
        DepthTracks d = depthTracksShown.get() ? depthTracks.get() : null;
        layout.set(m == null ? null : new LaneLayout(m, laneView.get(), metrics, d));
        scrollY.set(clampScroll(scrollY.get()));
    }

    private double clampScroll(double y) {
        LaneLayout l = layout.get();
        double max = l == null ? 0 : Math.max(0, l.contentHeight() - viewHeight);
        return Math.max(0, Math.min(max, y));
    }

    // ---- navigation ----

    private static Window fitWindow(Trace t) {
        long start = t.startNs();
        long end = Math.max(t.endNs(), start + MIN_SPAN_NS);
        long pad = Math.max(1, (end - start) / 50);
        return new Window(TimeScale.saturatedSub(start, pad), TimeScale.saturatedAdd(end, pad));
    }

    /** Fit: the span where the requests are ({@link FitSpan}), or the whole trace. */
    private static Window fitWindow(Trace t, FitSpan f) {
        if (f == null || f.all()) {
            return fitWindow(t);
        }
        long start = f.startNs();
        long end = Math.max(f.endNs(), start + MIN_SPAN_NS);
        long pad = Math.max(1, (end - start) / 50);
        return new Window(TimeScale.saturatedSub(start, pad), TimeScale.saturatedAdd(end, pad));
    }

    private long maxSpan() {
        Trace t = trace.get();
        long span = t == null ? 1_000_000_000L : Math.max(MIN_SPAN_NS, t.endNs() - t.startNs());
        return TimeScale.saturatedAdd(span, span);
    }

    /** Sets the window, keeping its span between the limits and its position near the trace. */
    public void goTo(long start, long end) {
        long span = Math.max(MIN_SPAN_NS, Math.min(maxSpan(), TimeScale.saturatedSub(end, start)));
        long mid = start + (TimeScale.saturatedSub(end, start) >> 1);
        long s = TimeScale.saturatedSub(mid, span / 2);
        Trace t = trace.get();
        if (t != null) {
            // keep at least half the window over the trace
            long lo = TimeScale.saturatedSub(t.startNs(), span / 2);
            long hi = TimeScale.saturatedSub(TimeScale.saturatedAdd(t.endNs(), span / 2), span);
            s = Math.max(lo, Math.min(Math.max(lo, hi), s));
        }
        window.set(new Window(s, TimeScale.saturatedAdd(s, span)));
    }

    /**
     * Shows where the requests are: all of them, or on a trace with outliers (a QEMU log's boot
     * reads) the dense span that holds nearly all ({@link FitSpan}).
     */
    public void fit() {
        Trace t = trace.get();
        if (t != null) {
            window.set(fitWindow(t, fitSpan.get()));
        }
    }

    /** Shows the whole trace, every request and event. */
    public void fitAll() {
        Trace t = trace.get();
        if (t != null) {
            window.set(fitWindow(t));
        }
    }

    /** Zooms by {@code factor} (> 1 in) keeping {@code anchor} at the same place on screen. */
    public void zoom(double factor, long anchor) {
        Window w = window.get();
        long span = w.span();
        long newSpan = (long) Math.max(MIN_SPAN_NS, Math.min(maxSpan(), span / factor));
        double left = (double) TimeScale.saturatedSub(anchor, w.start()) / span;
        long start = TimeScale.saturatedAdd(anchor, -left * newSpan);
        goTo(start, TimeScale.saturatedAdd(start, newSpan));
    }

    public void zoomIn() {
        zoom(ZOOM_STEP, centre());
    }

    public void zoomOut() {
        zoom(1 / ZOOM_STEP, centre());
    }

    private long centre() {
        Window w = window.get();
        return w.start() + w.span() / 2;
    }

    /** Moves the window by a fraction of its span (negative: earlier). */
    public void panBy(double fraction) {
        Window w = window.get();
        long d = (long) (w.span() * fraction);
        goTo(TimeScale.saturatedAdd(w.start(), d), TimeScale.saturatedAdd(w.end(), d));
    }

    public void panNs(long delta) {
        Window w = window.get();
        goTo(TimeScale.saturatedAdd(w.start(), delta), TimeScale.saturatedAdd(w.end(), delta));
    }

    /** Keeps the zoom, moves to the start of the trace. */
    public void home() {
        Trace t = trace.get();
        if (t != null) {
            long span = window.get().span();
            long s = TimeScale.saturatedSub(t.startNs(), span / 50);
            goTo(s, TimeScale.saturatedAdd(s, span));
        }
    }

    /** Keeps the zoom, moves to the end of the trace. */
    public void end() {
        Trace t = trace.get();
        if (t != null) {
            long span = window.get().span();
            long e = TimeScale.saturatedAdd(t.endNs(), span / 50);
            goTo(TimeScale.saturatedSub(e, span), e);
        }
    }

    /** Zooms onto the selected request with a margin on both sides. */
    public void zoomToSelection() {
        int row = selected.get();
        TimelineModel m = model.get();
        if (row < 0 || m == null) {
            return;
        }
        long s = m.columns().start(row);
        long e = Math.max(m.columns().end(row), s + MIN_SPAN_NS);
        long pad = Math.max(2, (e - s) / 4);
        goTo(TimeScale.saturatedSub(s, pad), TimeScale.saturatedAdd(e, pad));
        revealVertically(row);
    }

    public void scrollBy(double dy) {
        scrollY.set(clampScroll(scrollY.get() + dy));
    }

    public double pageHeight() {
        return viewHeight;
    }

    // ---- selection ----

    /** Selects a request row (-1: none). */
    public void select(int row) {
        selected.set(row);
    }

    /**
     * Selects a request and brings it into view: scrolls to its row, moves (or zooms out) the
     * window if needed.
     */
    public void selectAndReveal(int row) {
        select(row);
        TimelineModel m = model.get();
        if (row < 0 || m == null) {
            return;
        }
        long s = m.columns().start(row);
        long e = m.columns().end(row);
        Window w = window.get();
        if (!(s < w.end() && e >= w.start())) {
            long span = Math.max(w.span(), Math.min(maxSpan(), (e - s) * 2));
            long mid = s + (e - s) / 2;
            goTo(mid - span / 2, mid - span / 2 + span);
        }
        revealVertically(row);
    }

    private void revealVertically(int row) {
        LaneLayout l = layout.get();
        LaneLayout.Band b = l == null ? null : l.bandOf(row);
        if (b == null) {
            return;
        }
        double y = scrollY.get();
        // a row of margin when the view has room for it
        double margin = Math.max(0, Math.min(metrics.rowHeight(), (viewHeight - b.height()) / 2));
        if (b.y() < y) {
            scrollY.set(clampScroll(b.y() - margin));
        } else if (b.bottom() > y + viewHeight) {
            scrollY.set(clampScroll(b.bottom() - viewHeight + margin));
        }
    }

    /**
     * Selects the next (+1) or previous (-1) shown request in the selected request's screen row.
     */
    public void selectNeighbour(int direction) {
        LaneLayout l = layout.get();
        int row = selected.get();
        if (l == null || row < 0) {
            return;
        }
        LaneLayout.Band b = l.bandOf(row);
        if (b == null || b.sequence() == null) {
            return;
        }
        int pos = b.sequence().positionOf(row) + Integer.signum(direction);
        if (pos >= 0 && pos < b.sequence().size()) {
            selectAndReveal(b.sequence().row(pos));
        }
    }

    // ---- highlight ----

    /** Marks these request rows on the lanes (none: clears), labelled with what they are. */
    public void highlight(int[] rows, String label) {
        highlight.set(trace.get() == null ? null : Highlight.of(rows, label));
    }

    public void clearHighlight() {
        highlight.set(null);
    }

    /**
     * Selects and reveals the next (+1) or previous (-1) highlighted request that is shown, in
     * submit order from the selection, wrapping around. Returns false when there is none to go to.
     */
    public boolean selectHighlighted(int direction) {
        Highlight h = highlight.get();
        LaneLayout l = layout.get();
        if (h == null || l == null) {
            return false;
        }
        int row = h.neighbour(selected.get(), direction, r -> l.bandOf(r) != null);
        if (row < 0) {
            return false;
        }
        selectAndReveal(row);
        return true;
    }

    /**
     * The current trace's queue-depth tracks, computed off the FX thread; those of another trace
     * are ignored.
     */
    public void setDepthTracks(DepthTracks d) {
        if (d == null || d.trace() == trace.get()) {
            depthTracks.set(d);
        }
    }

    // ---- find ----

    /**
     * Finds matching shown requests and selects the first. Returns the number found (at most
     * 100,000).
     */
    public int find(String query) {
        Trace t = trace.get();
        if (t == null) {
            return 0;
        }
        int[] rows = RequestSearch.find(t, model.get(), query, 100_000);
        findResults.set(rows);
        findIndex.set(rows.length == 0 ? -1 : 0);
        if (rows.length > 0) {
            selectAndReveal(rows[0]);
        }
        return rows.length;
    }

    /** Moves to the next (+1) or previous (-1) find result, wrapping around. */
    public void findNext(int direction) {
        int[] rows = findResults.get();
        if (rows.length == 0) {
            return;
        }
        int i = Math.floorMod(findIndex.get() + Integer.signum(direction), rows.length);
        findIndex.set(i);
        selectAndReveal(rows[i]);
    }

    // ---- filters and lanes ----

    public void addFilter(RequestFilter.Criterion c) {
        RequestFilter f = filter.get().with(c);
        if (!f.equals(filter.get())) {
            filter.set(f);
            rebuild();
        }
    }

    public void removeFilter(RequestFilter.Criterion c) {
        RequestFilter f = filter.get().without(c);
        if (!f.equals(filter.get())) {
            filter.set(f);
            rebuild();
        }
    }

    public void clearFilters() {
        if (!filter.get().isEmpty()) {
            filter.set(RequestFilter.ALL);
            rebuild();
        }
    }

    public void toggleLayer(String layerId) {
        laneView.set(laneView.get().toggleLayer(layerId));
    }

    public void toggleLane(int lane) {
        laneView.set(laneView.get().toggleLane(lane));
    }

    /** Gives a lane a name of the user's (blank: its own name again). */
    public void renameLane(int lane, String name) {
        laneView.set(laneView.get().rename(lane, name));
    }

    public void moveLayer(String layerId, int delta) {
        TimelineModel m = model.get();
        if (m != null) {
            laneView.set(laneView.get().move(layerId, delta, m.layers()));
        }
    }

    /** The layer id of the selected request, or null. */
    public String selectedLayerId() {
        Trace t = trace.get();
        int row = selected.get();
        return t == null || row < 0 ? null : t.layerId(row);
    }
}
