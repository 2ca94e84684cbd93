package dev.orderlens.ui;

import dev.orderlens.model.Progress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Background work where only the newest submission matters: a crash query per mouse event, a model
 * per filter change, a comparison per click. Submitting replaces the job still waiting (it never
 * runs), so at most one job runs and one waits whatever the rate of submissions. What a job hands
 * to the FX thread, and the error it throws, are dropped once they are stale:
 *
 * <ul>
 *   <li>{@link Show#NEWEST_ONLY}: stale as soon as anything newer was submitted (a comparison, a
 *       rebuilt model: an older answer would be wrong on screen);
 *   <li>{@link Show#NEWEST_FINISHED}: a superseded job's result is still shown if nothing newer was
 *       shown yet, so colours keep following a drag whose queries are slower than the mouse; stale
 *       only after {@link #cancel()} (e.g. another trace).
 * </ul>
 *
 * Everything here runs on the executors given: with {@code Runnable::run} for both (tests), a
 * submission runs and delivers before {@code submit} returns.
 */
final class Latest {
    private static final System.Logger LOG = System.getLogger("dev.orderlens.ui");

    /** Which results of superseded jobs reach the FX thread. */
    enum Show {
        NEWEST_ONLY,
        NEWEST_FINISHED
    }

    /** A job: runs on the worker, hands results to the FX thread through its ticket. */
    @FunctionalInterface
    interface Job {
        void run(Ticket ticket);
    }

    private record Pending(long id, Job job, Consumer<String> onError, String what) {}

    private final Executor worker;
    private final Executor fx;
    private final Show show;
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final AtomicLong submitted = new AtomicLong();
    private volatile long cancelledThrough;

    /** The newest id whose delivery reached the FX thread (FX thread only). */
    private long shown;

    Latest(Executor worker, Executor fx, Show show) {
        this.worker = worker;
        this.fx = fx;
        this.show = show;
    }

    /** One submission as seen by its job: is it still wanted, and delivery to the FX thread. */
    final class Ticket {
        private final long id;

        private Ticket(long id) {
            this.id = id;
        }

        /**
         * True once the job's results would be dropped; long work may stop early. Under {@link
         * Show#NEWEST_FINISHED} only a cancel makes a job stale.
         */
        boolean stale() {
            return id <= cancelledThrough || (show == Show.NEWEST_ONLY && id != submitted.get());
        }

        /**
         * True once a newer job was submitted, whatever {@link Show} says: work that only refines
         * what was already delivered (a drag's full result after its colours) can be skipped.
         */
        boolean superseded() {
            return id != submitted.get();
        }

        /** A {@link Progress} that reports this job cancelled once it is stale. */
        Progress progress() {
            return new Progress() {
                @Override
                public void update(long done, long total) {}

                @Override
                public boolean isCancelled() {
                    return stale();
                }
            };
        }

        /** Runs {@code onFx} on the FX thread unless the job is stale by then. */
        void deliver(Runnable onFx) {
            fx.execute(
                    () -> {
                        if (!stale() && id >= shown) {
                            shown = id;
                            onFx.run();
                        }
                    });
        }
    }

    /**
     * Submits a job; the one waiting, if any, is dropped. A {@link RuntimeException} or {@link
     * OutOfMemoryError} from the job is logged and, unless stale, reaches {@code onError} (on the
     * FX thread) as one line starting with {@code what}. A job that stops on {@link
     * Progress.CancelledException} is simply over.
     */
    void submit(String what, Job job, Consumer<String> onError) {
        Pending p = new Pending(submitted.incrementAndGet(), job, onError, what);
        if (pending.getAndSet(p) == null) {
            worker.execute(this::runPending);
        }
    }

    /** Runs {@code work} on the worker and hands its value to {@code onResult} unless stale. */
    <T> void submit(String what, Supplier<T> work, Consumer<T> onResult, Consumer<String> onError) {
        submit(
                what,
                ticket -> {
                    T value = work.get();
                    ticket.deliver(() -> onResult.accept(value));
                },
                onError);
    }

    /** Makes every job submitted so far stale: the waiting one never runs, none delivers. */
    void cancel() {
        cancelledThrough = submitted.get();
        pending.set(null);
    }

    private void runPending() {
        Pending p = pending.getAndSet(null);
        if (p == null) {
            return;
        }
        Ticket ticket = new Ticket(p.id());
        if (ticket.stale()) {
            return;
        }
        try {
            p.job().run(ticket);
        } catch (Progress.CancelledException e) {
            // stopped because it went stale
        } catch (RuntimeException | OutOfMemoryError e) {
            // out of memory included: never leave "computing…" up without saying what stopped it
            if (ticket.stale()) {
                LOG.log(System.Logger.Level.DEBUG, p.what() + " (stale, not shown)", e);
                return;
            }
            String line = Failures.report(p.what(), e);
            ticket.deliver(() -> p.onError().accept(line));
        }
    }
}
