package dev.orderlens.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;

/**
 * Every background thread of a window, in one place: one daemon thread per name ("orderlens-" +
 * name), created on first use, all stopped by {@link #shutdown()}. Each thread runs its tasks in
 * order, so work that must not race (a trace's preparation and its queries) shares a name. {@link
 * #sameThread()} runs everything on the caller instead, for tests without a toolkit.
 */
final class TaskThreads {
    /** The threads the window uses, by what they do. */
    static final String IMPORT = "import";

    static final String LAYOUT = "layout";
    static final String FRAMES = "frames";
    static final String CRASH = "crash";
    static final String CRASH_TIMELINE = "crash-timeline";
    static final String CRASH_DETAILS = "crash-details";
    static final String STATS = "stats";
    static final String EXPORT = "export";
    static final String OFFSET_ESTIMATE = "offset-estimate";
    static final String CACHE_WRITE = "cache-write";

    private final Executor fx;
    private final boolean inline;
    private final Map<String, ExecutorService> threads = new LinkedHashMap<>();
    private boolean shutDown;

    private TaskThreads(Executor fx, boolean inline) {
        this.fx = fx;
        this.inline = inline;
    }

    /** Real threads; results go to the FX thread with {@link Platform#runLater}. */
    static TaskThreads forWindow() {
        return new TaskThreads(Platform::runLater, false);
    }

    /** Everything runs on the calling thread at once (tests). */
    static TaskThreads sameThread() {
        return new TaskThreads(Runnable::run, true);
    }

    /** Runs on the FX thread (or the caller, for {@link #sameThread()}). */
    Executor fx() {
        return fx;
    }

    /** The single thread called {@code name}. */
    synchronized Executor thread(String name) {
        if (inline) {
            return Runnable::run;
        }
        if (shutDown) {
            throw new IllegalStateException("the window's threads are shut down");
        }
        return threads.computeIfAbsent(
                name,
                n ->
                        Executors.newSingleThreadExecutor(
                                r -> {
                                    Thread t = new Thread(r, "orderlens-" + n);
                                    t.setDaemon(true);
                                    return t;
                                }));
    }

    /** A {@link Latest} running on the thread called {@code name}, delivering on the FX thread. */
    Latest latest(String name, Latest.Show show) {
        return new Latest(thread(name), fx, show);
    }

    /** The names of the threads started so far (tests). */
    synchronized List<String> started() {
        return new ArrayList<>(threads.keySet());
    }

    /** Stops every thread (running tasks are interrupted); later use is an error. */
    synchronized void shutdown() {
        shutDown = true;
        for (ExecutorService s : threads.values()) {
            s.shutdownNow();
        }
    }
}
