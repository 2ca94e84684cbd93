package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Progress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The newest-only coalescer, driven by hand: the worker and the FX thread are queues the test runs,
 * so a submission can be made while another waits, runs, or has finished but not landed.
 */
class LatestTest {
    private final Queue<Runnable> worker = new ArrayDeque<>();
    private final Queue<Runnable> fx = new ArrayDeque<>();
    private final List<String> ran = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private void submit(Latest l, String name) {
        l.submit(
                "job " + name,
                () -> {
                    ran.add(name);
                    return name;
                },
                shown::add,
                errors::add);
    }

    private void failing(Latest l, String name) {
        l.<String>submit(
                "job " + name,
                () -> {
                    ran.add(name);
                    throw new IllegalStateException("broke " + name);
                },
                shown::add,
                errors::add);
    }

    private static void drain(Queue<Runnable> q) {
        while (!q.isEmpty()) {
            q.poll().run();
        }
    }

    @Test
    void manySubmissionsWhileTheWorkerIsBusyRunOnlyTheNewest() {
        Latest l = new Latest(worker::add, fx::add, Latest.Show.NEWEST_ONLY);
        for (int i = 0; i < 100; i++) {
            submit(l, "p" + i);
        }
        assertEquals(1, worker.size(), "one task queued, not a backlog of 100");
        drain(worker);
        drain(fx);
        assertEquals(List.of("p99"), ran);
        assertEquals(List.of("p99"), shown);
    }

    @Test
    void newestOnlyDropsAResultSupersededBeforeItLands() {
        Latest l = new Latest(worker::add, fx::add, Latest.Show.NEWEST_ONLY);
        submit(l, "a");
        drain(worker); // a ran; its result waits for the FX thread
        submit(l, "b");
        drain(fx);
        assertEquals(List.of(), shown, "a is stale: b was asked for");
        drain(worker);
        drain(fx);
        assertEquals(List.of("a", "b"), ran);
        assertEquals(List.of("b"), shown);
    }

    @Test
    void newestFinishedShowsASupersededResultButNeverGoesBack() {
        Latest l = new Latest(worker::add, fx::add, Latest.Show.NEWEST_FINISHED);
        submit(l, "a");
        drain(worker);
        submit(l, "b");
        drain(fx); // a is older than b but nothing newer was shown: a drag's colours follow
        assertEquals(List.of("a"), shown);
        drain(worker);
        submit(l, "c");
        drain(worker);
        // b's and c's results land together; both are newer than a, shown in order
        drain(fx);
        assertEquals(List.of("a", "b", "c"), shown);
    }

    @Test
    void cancelDropsTheWaitingJobAndAFinishedResult() {
        for (Latest.Show show : Latest.Show.values()) {
            ran.clear();
            shown.clear();
            Latest l = new Latest(worker::add, fx::add, show);
            submit(l, "a");
            drain(worker);
            submit(l, "b"); // waiting
            l.cancel();
            drain(worker);
            drain(fx);
            assertEquals(List.of("a"), ran, show + ": b never runs");
            assertEquals(List.of(), shown, show + ": a's result is stale after cancel");
            submit(l, "c");
            drain(worker);
            drain(fx);
            assertEquals(List.of("c"), shown, show + ": work after a cancel is shown");
        }
    }

    @Test
    void aStaleErrorIsDroppedAndACurrentOneShownAsOneLine() {
        Latest l = new Latest(worker::add, fx::add, Latest.Show.NEWEST_ONLY);
        failing(l, "a");
        drain(worker); // a failed; its error waits for the FX thread
        submit(l, "b");
        drain(fx);
        assertEquals(List.of(), errors, "a's error is stale once b was asked for");
        drain(worker);
        drain(fx);
        assertEquals(List.of("b"), shown);

        failing(l, "c");
        drain(worker);
        drain(fx);
        assertEquals(List.of("job c: broke c"), errors);

        failing(l, "d");
        l.cancel();
        drain(worker);
        drain(fx);
        assertEquals(List.of("job c: broke c"), errors, "a cancelled job reports nothing");
    }

    @Test
    void aLongJobSeesItIsStaleThroughItsProgress() {
        Latest l = new Latest(worker::add, fx::add, Latest.Show.NEWEST_ONLY);
        boolean[] cancelledSeen = new boolean[3];
        l.submit(
                "long job",
                ticket -> {
                    Progress p = ticket.progress();
                    cancelledSeen[0] = p.isCancelled();
                    submit(l, "newer"); // the user moves on while it runs
                    cancelledSeen[1] = p.isCancelled();
                    cancelledSeen[2] = ticket.superseded();
                    p.checkCancelled(); // throws: the job ends quietly
                    ticket.deliver(() -> shown.add("long"));
                },
                errors::add);
        drain(worker);
        drain(fx);
        assertFalse(cancelledSeen[0]);
        assertTrue(cancelledSeen[1]);
        assertTrue(cancelledSeen[2]);
        assertEquals(List.of("newer"), shown);
        assertEquals(List.of(), errors, "cancelling is not an error");
    }

    @Test
    void sameThreadRunsAndDeliversBeforeSubmitReturns() {
        TaskThreads threads = TaskThreads.sameThread();
        Latest l = threads.latest(TaskThreads.CRASH, Latest.Show.NEWEST_ONLY);
        submit(l, "a");
        assertEquals(List.of("a"), shown);
        assertEquals(List.of(), threads.started(), "no thread was started");
    }

    @Test
    void windowThreadsAreNamedAndAllStopTogether() throws InterruptedException {
        TaskThreads threads = TaskThreads.forWindow();
        CountDownLatch done = new CountDownLatch(2);
        String[] names = new String[2];
        threads.thread(TaskThreads.CRASH)
                .execute(
                        () -> {
                            names[0] = Thread.currentThread().getName();
                            done.countDown();
                        });
        threads.thread(TaskThreads.LAYOUT)
                .execute(
                        () -> {
                            names[1] = Thread.currentThread().getName();
                            done.countDown();
                        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals("orderlens-crash", names[0]);
        assertEquals("orderlens-layout", names[1]);
        assertEquals(List.of(TaskThreads.CRASH, TaskThreads.LAYOUT), threads.started());
        threads.shutdown();
        boolean refused = false;
        try {
            threads.thread(TaskThreads.STATS);
        } catch (IllegalStateException e) {
            refused = true;
        }
        assertTrue(refused, "no thread starts after the window closed");
    }
}
