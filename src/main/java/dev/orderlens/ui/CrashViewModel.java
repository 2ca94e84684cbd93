package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.model.Trace;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The crash point's state, without nodes: the trace's {@link CrashAnalysis} (prepared once per
 * trace on {@code worker}), the point the user chose (time, kind, cache mode, tearing; null = no
 * crash point), the newest {@link CrashResult} and its {@link CrashOverlay}. Queries run on {@code
 * worker}, never on the FX thread; while a drag moves the point faster than queries finish, only
 * the newest point waits (at most one pending query), so the FX thread never queues stale work.
 */
public final class CrashViewModel {
    private final Executor worker;
    private final Executor fx;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<CrashPoint> pending = new AtomicReference<>();
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
    private volatile CrashAnalysis prepared;
    private long queries;

    /**
     * The kind, cache mode and tearing the user chose (null: the trace's default), kept when the
     * point is removed and applied to the next one dropped on the same trace.
     */
    private CrashKind chosenKind;

    private CacheMode chosenCacheMode;
    private Tearing chosenTearing;

    /**
     * @param worker runs the preparation and the queries (one thread, so a query never races a
     *     newer trace's preparation)
     * @param fx runs results on the FX thread
     */
    public CrashViewModel(TimelineViewModel timeline, Executor worker, Executor fx) {
        this.worker = worker;
        this.fx = fx;
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

    /** Queries finished so far (tests and the benchmark read it). */
    long queries() {
        return queries;
    }

    private void setTrace(Trace t) {
        long gen = generation.incrementAndGet();
        prepared = null;
        pending.set(null);
        // another trace: its own defaults (its crash event's kind, its cache mode) apply again
        chosenKind = null;
        chosenCacheMode = null;
        chosenTearing = null;
        analysis.set(null);
        result.set(null);
        point.set(null);
        overlay.set(null);
        problem.set(null);
        if (t == null) {
            preparing.set(false);
            return;
        }
        preparing.set(true);
        worker.execute(
                () -> {
                    try {
                        CrashAnalysis a = CrashAnalysis.of(t);
                        fx.execute(
                                () -> {
                                    if (generation.get() == gen) {
                                        prepared = a;
                                        // not preparing any more when analysis listeners run
                                        preparing.set(false);
                                        analysis.set(a);
                                        if (point.get() != null) {
                                            query(point.get());
                                        }
                                    }
                                });
                    } catch (RuntimeException | OutOfMemoryError e) {
                        String line = Failures.report("Could not prepare the crash analysis", e);
                        fx.execute(
                                () -> {
                                    if (generation.get() == gen) {
                                        preparing.set(false);
                                        problem.set(line);
                                    }
                                });
                    }
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
        if (chosenCacheMode != null) {
            p = p.withCacheMode(chosenCacheMode);
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
            chosenCacheMode = p.cacheMode();
            chosenTearing = p.tearing();
        }
        point.set(p);
        if (p == null) {
            pending.set(null);
            result.set(null);
            overlay.set(null);
            return;
        }
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

    public void setCacheMode(CacheMode m) {
        chosenCacheMode = m;
        if (point.get() != null) {
            setPoint(point.get().withCacheMode(m));
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
        return p.kind().jsonName() + " · " + p.cacheMode().jsonName();
    }

    private void query(CrashPoint p) {
        CrashAnalysis a = prepared;
        if (a == null) {
            return; // runs when the preparation lands
        }
        long gen = generation.get();
        if (pending.getAndSet(p) == null) {
            worker.execute(() -> runPending(a, gen));
        }
    }

    private void runPending(CrashAnalysis a, long gen) {
        CrashPoint p = pending.getAndSet(null);
        if (p == null || generation.get() != gen) {
            return;
        }
        CrashResult r;
        try {
            r = a.at(p);
        } catch (RuntimeException | OutOfMemoryError e) {
            String line = Failures.report("Crash query failed", e);
            fx.execute(
                    () -> {
                        if (generation.get() == gen) {
                            problem.set(line);
                        }
                    });
            return;
        }
        CrashOverlay o = CrashOverlay.of(r, label(p));
        fx.execute(
                () -> {
                    if (generation.get() != gen || point.get() == null) {
                        return;
                    }
                    queries++;
                    result.set(r);
                    CrashPoint now = point.get();
                    // while a newer point waits, keep the marker where the user has it and the
                    // colours just computed
                    overlay.set(
                            now.equals(p)
                                    ? o
                                    : new CrashOverlay(now.atNs(), label(now), o.writeStates()));
                });
    }
}
