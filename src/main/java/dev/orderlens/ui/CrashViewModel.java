package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModes;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.StateTimeline;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The crash point's state, without nodes: the trace's {@link CrashAnalysis} (prepared once per
 * trace as soon as it is shown), the point the user chose (time, kind, cache mode, tearing; null =
 * no crash point), the newest {@link CrashResult}, the states and counts on screen and their {@link
 * CrashOverlay}. Queries run on {@code worker}, never on the FX thread; while a drag moves the
 * point faster than queries finish, only the newest point waits (at most one pending query), so the
 * FX thread never queues stale work.
 *
 * <p>Once the trace's {@link StateTimeline} for the point's kind and cache mode is built (in the
 * background, after the analysis), a move is a lookup per write: the colours and counts come from
 * it, and the full {@link CrashResult} (block map, reasons, crash states) is computed only for a
 * point the user has not already left (ADR 0240).
 */
public final class CrashViewModel {
    private final Latest preparation;
    private final Latest queries;
    private final Latest timelines;
    private final ReadOnlyObjectWrapper<CrashAnalysis> analysis =
            new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyObjectWrapper<CrashPoint> point =
            new ReadOnlyObjectWrapper<>(this, "point");
    private final ReadOnlyObjectWrapper<CrashResult> result =
            new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<CrashOverlay> overlay =
            new ReadOnlyObjectWrapper<>(this, "overlay");
    private final ReadOnlyBooleanWrapper preparing = new ReadOnlyBooleanWrapper(this, "preparing");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyObjectWrapper<int[]> counts = new ReadOnlyObjectWrapper<>(this, "counts");

    /**
     * The newest finished preparation, set on the worker the moment it is done (a query queued
     * behind it on the same thread reads it without waiting for the FX thread); it may belong to a
     * trace no longer shown, so it is read through {@link #prepared()}.
     */
    private volatile CrashAnalysis preparedLast;

    /** The trace on screen (FX thread). */
    private Trace trace;

    /**
     * Completed when the shown trace's preparation has ended, however; see {@link #awaitPrepared}.
     */
    private volatile Preparing preparingNow = new Preparing(null);

    private record Preparing(Trace trace, java.util.concurrent.CompletableFuture<Void> done) {
        Preparing(Trace trace) {
            this(trace, new java.util.concurrent.CompletableFuture<>());
        }
    }

    /** The state timeline of {@link #prepared()} for one kind and cache mode, or null. */
    private volatile Lookup lookup;

    private record Lookup(CrashAnalysis analysis, StateTimeline timeline) {
        boolean answers(CrashAnalysis a, CrashPoint p) {
            return analysis == a
                    && timeline.kind() == p.kind()
                    && timeline.cacheModes().equals(p.cacheModes());
        }
    }

    private long queriesShown;
    private long lookupsShown;

    /** The crash time the states on screen were computed for (they may trail the marker). */
    private long statesAtNs = Time.NONE;

    /**
     * The kind, cache mode and tearing the user chose (null: the trace's default), kept when the
     * point is removed and applied to the next one dropped on the same trace.
     */
    private CrashKind chosenKind;

    private CacheModes chosenCacheModes;
    private Tearing chosenTearing;

    /** With one thread for the queries and the state timelines (tests). */
    public CrashViewModel(TimelineViewModel timeline, Executor worker, Executor fx) {
        this(timeline, worker, worker, fx);
    }

    /**
     * @param worker runs the preparation and the queries (one thread, so a query never races a
     *     newer trace's preparation)
     * @param timelineWorker builds the state timelines, so queries are answered meanwhile
     * @param fx runs results on the FX thread
     */
    public CrashViewModel(
            TimelineViewModel timeline, Executor worker, Executor timelineWorker, Executor fx) {
        preparation = new Latest(worker, fx, Latest.Show.NEWEST_ONLY);
        // colours follow a drag even when queries are slower than the mouse
        queries = new Latest(worker, fx, Latest.Show.NEWEST_FINISHED);
        timelines = new Latest(timelineWorker, fx, Latest.Show.NEWEST_ONLY);
        timeline.traceProperty().addListener((o, a, b) -> setTrace(b));
        if (timeline.trace() != null) {
            setTrace(timeline.trace());
        }
    }

    public ReadOnlyObjectProperty<CrashAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public CrashAnalysis analysis() {
        return analysis.get();
    }

    /** The crash point the user chose, or null: none. Changes at once; the result follows. */
    public ReadOnlyObjectProperty<CrashPoint> pointProperty() {
        return point.getReadOnlyProperty();
    }

    public CrashPoint point() {
        return point.get();
    }

    /** The newest finished query (may trail {@link #point()} while a query runs), or null. */
    public ReadOnlyObjectProperty<CrashResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public CrashResult result() {
        return result.get();
    }

    /**
     * What the timeline draws: the marker at the point and the result's write states (null: none).
     */
    public ReadOnlyObjectProperty<CrashOverlay> overlayProperty() {
        return overlay.getReadOnlyProperty();
    }

    /** True while the analysis of a new trace is being prepared. */
    public ReadOnlyBooleanProperty preparingProperty() {
        return preparing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * Per {@link WriteState} ordinal, how many writes are in it at the point on screen (from the
     * state timeline while dragging, else from the result); null: no point or not answered yet.
     */
    public ReadOnlyObjectProperty<int[]> countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** Queries finished so far (tests and the benchmark read it). */
    long queries() {
        return queriesShown;
    }

    /** Answers shown that were looked up in the state timeline (tests and the benchmark). */
    long lookups() {
        return lookupsShown;
    }

    /** The crash time the shown states belong to (the marker may be ahead of it while dragging). */
    long statesAtNs() {
        return statesAtNs;
    }

    /** Whether the state timeline for the point's (or the default) kind and cache mode is ready. */
    boolean timelineReady() {
        CrashAnalysis a = prepared();
        Lookup l = lookup;
        CrashPoint p = point.get() != null ? point.get() : defaultPoint(0);
        return a != null && l != null && l.answers(a, p);
    }

    /** The shown trace's analysis once prepared (FX thread), else null. */
    private CrashAnalysis prepared() {
        CrashAnalysis a = preparedLast;
        return a != null && trace != null && a.trace() == trace ? a : null;
    }

    /**
     * Blocks the calling (background) thread until the preparation of {@code t} has ended, {@code
     * t} is no longer the trace shown, or the timeout passes. The window's ordering analysis waits
     * here, so the crash preparation has the cores to itself and the first crash answer is not held
     * up by work that takes seconds (ADR 0370).
     */
    void awaitPrepared(Trace t, long timeoutMs) {
        Preparing p = preparingNow;
        if (p.trace() != t) {
            return;
        }
        try {
            p.done().get(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException
                | java.util.concurrent.ExecutionException e) {
            // go on: the findings must not wait for ever on a preparation that is stuck or failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void setTrace(Trace t) {
        trace = t;
        preparingNow.done().complete(null); // nothing waits for an older trace's preparation
        Preparing now = new Preparing(t);
        preparingNow = now;
        preparedLast = null; // not kept alive with the trace it belongs to
        lookup = null;
        queries.cancel();
        timelines.cancel();
        // another trace: its own defaults (its crash event's kind, its cache mode) apply again
        chosenKind = null;
        chosenCacheModes = null;
        chosenTearing = null;
        analysis.set(null);
        result.set(null);
        point.set(null);
        overlay.set(null);
        counts.set(null);
        problem.set(null);
        if (t == null) {
            preparation.cancel();
            preparing.set(false);
            return;
        }
        preparing.set(true);
        preparation.submit(
                "Could not prepare the crash analysis",
                ticket -> {
                    try {
                        CrashAnalysis a = CrashAnalysis.of(t);
                        if (!ticket.stale()) {
                            preparedLast = a; // a query queued behind this job answers at once
                        }
                        ticket.deliver(
                                () -> {
                                    // not preparing any more when analysis listeners run
                                    preparing.set(false);
                                    analysis.set(a);
                                    wantTimeline();
                                });
                    } finally {
                        now.done().complete(null);
                    }
                },
                line -> {
                    preparing.set(false);
                    problem.set(line);
                });
    }

    /**
     * A point with the trace's defaults (its crash event's kind, its cache mode, sector tearing).
     */
    public CrashPoint defaultPoint(long atNs) {
        CrashAnalysis a = analysis.get();
        CrashPoint p = a != null ? a.defaultPoint(atNs) : CrashPoint.powerLoss(atNs);
        if (chosenKind != null) {
            p = p.withKind(chosenKind);
        }
        if (chosenCacheModes != null) {
            p = p.withCacheModes(chosenCacheModes);
        }
        if (chosenTearing != null) {
            p = p.withTearing(chosenTearing);
        }
        return p;
    }

    /**
     * Sets (or with null removes) the crash point and asks for its result. Its kind, cache mode and
     * tearing become the choices for the next point.
     */
    public void setPoint(CrashPoint p) {
        if (p != null) {
            chosenKind = p.kind();
            chosenCacheModes = p.cacheModes();
            chosenTearing = p.tearing();
        }
        point.set(p);
        if (p == null) {
            queries.cancel();
            result.set(null);
            overlay.set(null);
            counts.set(null);
            return;
        }
        wantTimeline();
        // the marker moves at once; the colours follow when the query is done
        CrashOverlay shown = overlay.get();
        overlay.set(
                new CrashOverlay(p.atNs(), label(p), shown == null ? null : shown.writeStates()));
        query(p);
    }

    /** Moves the crash point (or drops one with the trace's defaults) to a time. */
    public void setTime(long ns) {
        CrashPoint p = point.get();
        setPoint(p == null ? defaultPoint(ns) : p.at(ns));
    }

    /** Chooses the kind: for the point shown, and for the next one dropped on this trace. */
    public void setKind(CrashKind k) {
        chosenKind = k;
        if (point.get() != null) {
            setPoint(point.get().withKind(k));
        }
    }

    /** Chooses one cache mode for every disk. */
    public void setCacheMode(CacheMode m) {
        setCacheModes(defaultPoint(0).cacheModes().withAll(m));
    }

    /** Chooses one disk's cache mode ("blk1"), the others kept. */
    public void setCacheMode(String disk, CacheMode m) {
        CrashPoint p = point.get() != null ? point.get() : defaultPoint(0);
        setCacheModes(p.cacheModes().with(disk, m));
    }

    /** Chooses every disk's cache mode: for the point shown, and for the next one dropped. */
    public void setCacheModes(CacheModes m) {
        chosenCacheModes = m;
        if (point.get() != null) {
            setPoint(point.get().withCacheModes(m));
        }
    }

    public void setTearing(Tearing t) {
        chosenTearing = t;
        if (point.get() != null) {
            setPoint(point.get().withTearing(t));
        }
    }

    public void clear() {
        setPoint(null);
    }

    static String label(CrashPoint p) {
        return p.kind().jsonName() + " · " + p.cacheModes().label();
    }

    /**
     * Builds the state timeline for the kind and cache mode of the point (or of the next one), if
     * the one held is for others.
     */
    private void wantTimeline() {
        CrashAnalysis a = prepared();
        if (a == null) {
            return;
        }
        CrashPoint p = point.get() != null ? point.get() : defaultPoint(0);
        Lookup l = lookup;
        if (l != null && l.answers(a, p)) {
            return;
        }
        timelines.submit(
                "Could not prepare the crash timeline",
                () -> new Lookup(a, StateTimeline.of(a, p.kind(), p.cacheModes())),
                built -> {
                    if (built.analysis() == prepared()) {
                        lookup = built;
                    }
                },
                problem::set);
    }

    private void query(CrashPoint p) {
        Trace t = trace;
        if (t == null) {
            return;
        }
        String label = label(p);
        queries.submit(
                "Crash query failed",
                ticket -> {
                    // queued behind the preparation on the same thread: it is done by now
                    CrashAnalysis a = preparedLast;
                    if (a == null || a.trace() != t) {
                        return; // it failed, or another trace came
                    }
                    Lookup l = lookup;
                    if (l != null && l.answers(a, p)) {
                        byte[] codes = new byte[l.timeline().rows()];
                        int[] perState = new int[WriteState.values().length];
                        l.timeline().statesAt(p.atNs(), codes, perState);
                        CrashOverlay o = new CrashOverlay(p.atNs(), label, codes);
                        ticket.deliver(() -> showLookup(p, o, perState));
                        if (ticket.superseded()) {
                            return; // the user has moved on: the next point's colours first
                        }
                    }
                    CrashResult r = a.at(p);
                    Answer answer = new Answer(p, r, CrashOverlay.of(r, label));
                    ticket.deliver(() -> show(answer));
                },
                problem::set);
    }

    private record Answer(CrashPoint point, CrashResult result, CrashOverlay overlay) {}

    private void showLookup(CrashPoint p, CrashOverlay o, int[] perState) {
        if (showOverlay(p, o)) {
            lookupsShown++;
            counts.set(perState);
        }
    }

    private void show(Answer answer) {
        if (!showOverlay(answer.point(), answer.overlay())) {
            return;
        }
        queriesShown++;
        result.set(answer.result());
        int[] perState = new int[WriteState.values().length];
        for (WriteState s : WriteState.values()) {
            perState[s.ordinal()] = answer.result().count(s);
        }
        counts.set(perState);
    }

    /**
     * Shows the states computed for {@code p}; while a newer point waits, under the marker where
     * the user has it. False if there is no point any more.
     */
    private boolean showOverlay(CrashPoint p, CrashOverlay o) {
        CrashPoint now = point.get();
        if (now == null) {
            return false;
        }
        statesAtNs = p.atNs(); // before the overlay's listeners run
        overlay.set(now.equals(p) ? o : new CrashOverlay(now.atNs(), label(now), o.writeStates()));
        return true;
    }
}
