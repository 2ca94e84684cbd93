package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The timeline's state driven without a window or a toolkit: work runs on the calling thread. */
class TimelineViewModelTest {
    private final Trace sample = load();
    private final TimelineViewModel vm = new TimelineViewModel(Runnable::run, Runnable::run);

    private static Trace load() {
        try {
            return TraceLoader.load(Path.of("sample-traces/journal-commit.json"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int row(int id) {
        return sample.requests().rowOfId(0, id);
    }

    private void open() {
        vm.setViewSize(1184, 400);
        vm.setTrace(sample);
    }

    @Test
    void openingATraceFitsItAndAnalysesIt() {
        open();
        assertNotNull(vm.model());
        assertNotNull(vm.findingsProperty().get(), "findings arrive after the first frame's model");
        assertTrue(vm.model().columns().findings() != null, "and the model is rebuilt with them");
        TimelineViewModel.Window w = vm.window();
        assertTrue(
                w.start() < sample.startNs() && w.end() > sample.endNs(),
                "the whole trace is in view: " + w);
        assertTrue(
                w.span() < (sample.endNs() - sample.startNs()) * 1.1, "with a small margin: " + w);
    }

    @Test
    void workSetToComeFirstRunsBetweenTheFirstFrameAndTheFindings() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        vm.beforeFindings(
                t -> {
                    assertSame(sample, t);
                    seen.add(
                            "lanes "
                                    + (vm.model() != null)
                                    + ", findings "
                                    + (vm.findingsProperty().get() != null));
                });
        open();
        assertEquals(java.util.List.of("lanes true, findings false"), seen);
        assertNotNull(vm.findingsProperty().get(), "the findings follow");
    }

    @Test
    void zoomingKeepsTheAnchorWhereItWas() {
        open();
        TimelineViewModel.Window before = vm.window();
        long anchor = 300_000;
        double frac = (double) (anchor - before.start()) / before.span();
        vm.zoom(4, anchor);
        TimelineViewModel.Window after = vm.window();
        assertEquals(before.span() / 4, after.span(), 1);
        assertEquals(frac, (double) (anchor - after.start()) / after.span(), 1e-6);
        vm.zoomOut();
        assertEquals(before.span() / 2, vm.window().span(), 2);
        for (int i = 0; i < 80; i++) {
            vm.zoomIn();
        }
        assertEquals(
                TimelineViewModel.MIN_SPAN_NS,
                vm.window().span(),
                "zoom stops at the narrowest window");
        for (int i = 0; i < 80; i++) {
            vm.zoomOut();
        }
        assertTrue(
                vm.window().span() <= 2 * (sample.endNs() - sample.startNs()),
                "and at twice the trace");
    }

    @Test
    void panningHomeEndAndGoToMoveTheWindowButKeepItNearTheTrace() {
        open();
        vm.goTo(100_000, 200_000);
        assertEquals(new TimelineViewModel.Window(100_000, 200_000), vm.window());
        vm.panBy(0.5);
        assertEquals(new TimelineViewModel.Window(150_000, 250_000), vm.window());
        vm.panNs(-50_000);
        assertEquals(new TimelineViewModel.Window(100_000, 200_000), vm.window());
        vm.home();
        assertTrue(
                vm.window().start() <= sample.startNs() && vm.window().span() == 100_000,
                vm.window().toString());
        vm.end();
        assertTrue(
                vm.window().end() >= sample.endNs() && vm.window().span() == 100_000,
                vm.window().toString());
        vm.goTo(10_000_000_000L, 10_000_100_000L);
        assertTrue(
                vm.window().start() < sample.endNs(),
                "far past the end is pulled back: " + vm.window());
        vm.fit();
        assertTrue(vm.window().contains(0) && vm.window().contains(sample.endNs()));
    }

    @Test
    void zoomToSelectionFramesTheRequest() {
        open();
        vm.select(row(14));
        vm.zoomToSelection();
        TimelineViewModel.Window w = vm.window();
        assertTrue(w.start() < 206_000 && w.end() > 258_000, w.toString());
        assertTrue(w.span() < 2 * (258_000 - 206_000), "close around it: " + w);
    }

    @Test
    void selectingARequestOutOfViewBringsItIn() {
        vm.setViewSize(1184, 60); // room for about one row
        vm.setTrace(sample);
        vm.goTo(0, 50_000);
        vm.selectAndReveal(row(17));
        assertEquals(row(17), vm.selected());
        assertTrue(
                vm.window().contains(411_000) || vm.window().contains(468_000),
                vm.window().toString());
        LaneLayout.Band b = vm.layout().bandOf(row(17));
        double y = vm.scrollYProperty().get();
        assertTrue(
                b.y() >= y && b.bottom() <= y + 60,
                "its row is scrolled into view: " + b.y() + " at scroll " + y);
    }

    @Test
    void filtersRebuildTheModelAndDropAHiddenSelection() {
        open();
        vm.select(row(4));
        vm.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "flush"));
        assertEquals(3, vm.model().shownCount());
        assertEquals(-1, vm.selected(), "the selected write is filtered out");
        vm.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.LAYER, "device"));
        assertEquals(2, vm.model().shownCount());
        assertEquals(1, vm.model().layers().size(), "the guest layer is hidden");
        vm.removeFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "flush"));
        assertEquals(8, vm.model().shownCount());
        vm.clearFilters();
        assertEquals(15, vm.model().shownCount());
    }

    @Test
    void findSelectsTheFirstMatchAndCyclesThroughTheRest() {
        open();
        assertEquals(4, vm.find("sector:1000"));
        assertEquals(row(1), vm.selected());
        vm.findNext(1);
        assertEquals(row(11), vm.selected());
        vm.findNext(-1);
        vm.findNext(-1);
        assertEquals(row(17), vm.selected(), "wraps around");
        assertEquals(0, vm.find("nothing-like-this"));
    }

    @Test
    void lanesCollapseAndReorder() {
        open();
        vm.toggleLayer("guest");
        assertEquals(LaneLayout.Kind.LAYER_SUMMARY, vm.layout().bands().get(1).kind());
        vm.moveLayer("device", -1);
        assertEquals("device", vm.layout().bands().get(0).layer().layer().id());
        vm.select(row(5));
        assertEquals("guest", vm.selectedLayerId());
        vm.selectNeighbour(1);
        assertTrue(
                vm.selected() != row(5) && vm.selected() >= 0,
                "the next request in its (summary) row");
    }

    @Test
    void aNewerRequestMakesAnOlderResultStale() {
        Queue<Runnable> work = new ArrayDeque<>();
        Queue<Runnable> fx = new ArrayDeque<>();
        TimelineViewModel slow = new TimelineViewModel(work::add, fx::add);
        slow.setTrace(sample);
        assertEquals(1, work.size());
        work.poll().run(); // the full-trace build ran; its models wait for the FX thread
        assertEquals(2, fx.size(), "first frame and the model with findings");
        slow.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "write"));
        while (!fx.isEmpty()) {
            fx.poll().run();
        }
        assertNull(slow.model(), "the full-trace models are stale once the filter changed");
        assertTrue(slow.busyProperty().get(), "the filtered build is still to come");
        work.poll().run();
        fx.poll().run();
        assertEquals(12, slow.model().shownCount());
        assertTrue(!slow.busyProperty().get());
    }

    @Test
    void requestsWaitingBehindARunningOneCollapseToTheNewest() {
        Queue<Runnable> work = new ArrayDeque<>();
        TimelineViewModel slow = new TimelineViewModel(work::add, Runnable::run);
        slow.setTrace(sample);
        slow.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "write"));
        slow.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "flush"));
        // nothing ran yet: only one task is queued, and it builds the newest filter
        assertEquals(1, work.size());
        work.poll().run();
        assertTrue(work.isEmpty());
        RequestFilter newest = slow.filter();
        assertEquals(newest, slow.model().filter());
    }
}
