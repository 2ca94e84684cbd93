package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The highlight and the queue-depth tracks in the timeline's state, driven without a window. */
class HighlightAndTracksViewModelTest {
    private final Trace sample = load("sample-traces/journal-commit.json");
    private final TimelineViewModel vm = new TimelineViewModel(Runnable::run, Runnable::run);

    private static Trace load(String path) {
        try {
            return TraceLoader.load(Path.of(path));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int row(int id) {
        return sample.requests().rowOfId(0, id);
    }

    @Test
    void nextAndPreviousHighlightedFollowSubmitOrderAndSkipFilteredRequests() {
        vm.setViewSize(1184, 400);
        vm.setTrace(sample);
        int[] rows = {row(16), row(2), row(7)};
        vm.highlight(rows, "three");
        int[] order = rows.clone();
        java.util.Arrays.sort(order); // rows are in submit order
        assertArrayEquals(order, vm.highlight().rows());
        assertTrue(vm.selectHighlighted(1));
        assertEquals(order[0], vm.selected());
        assertTrue(vm.selectHighlighted(1));
        assertEquals(order[1], vm.selected());
        assertTrue(vm.selectHighlighted(-1));
        assertEquals(order[0], vm.selected());
        assertTrue(vm.selectHighlighted(-1));
        assertEquals(order[2], vm.selected(), "wraps to the last");
        // request 7 is a flush: with only writes shown, it is skipped
        vm.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "write"));
        int[] writes = java.util.Arrays.stream(order).filter(r -> r != row(7)).toArray();
        vm.select(writes[0]);
        assertTrue(vm.selectHighlighted(1));
        assertEquals(writes[1], vm.selected());
        assertTrue(vm.selectHighlighted(1));
        assertEquals(writes[0], vm.selected(), "around, past the hidden flush");
        vm.clearHighlight();
        assertFalse(vm.selectHighlighted(1), "nothing highlighted");
    }

    @Test
    void aNewTraceClearsTheHighlightAndTheTracksAndStaleTracksAreRefused() {
        vm.setViewSize(1184, 400);
        vm.setTrace(sample);
        vm.depthTracksShownProperty().set(true);
        assertNull(
                vm.layout().depthTracks(),
                "shown, but not computed yet: the lanes keep their places");
        DepthTracks tracks = DepthTracks.of(sample);
        vm.setDepthTracks(tracks);
        LaneLayout tracked = vm.layout();
        assertEquals(tracks, tracked.depthTracks());
        assertNotNull(tracked.depthTrackOfLane(0));
        vm.toggleLane(0);
        assertEquals(tracks, vm.layout().depthTracks(), "a relayout keeps them");
        vm.depthTracksShownProperty().set(false);
        assertNull(vm.layout().depthTracks());
        vm.depthTracksShownProperty().set(true);
        vm.highlight(new int[] {row(1)}, "one");

        Trace other = load("sample-traces/writeback.guest.blkparse.txt");
        vm.setTrace(other);
        assertNull(vm.highlight());
        assertNull(vm.depthTracksProperty().get());
        vm.setDepthTracks(tracks);
        assertNull(vm.depthTracksProperty().get(), "the previous trace's tracks are not taken");
        vm.setDepthTracks(DepthTracks.of(other));
        assertNotNull(vm.layout().depthTracks());
        assertEquals(
                List.of(),
                vm.layout().bands().stream()
                        .filter(
                                b ->
                                        b.kind() == LaneLayout.Kind.DEPTH_TRACK
                                                && b.sub().lane().layer()
                                                        != b.layer().layer().index())
                        .toList(),
                "each track sits in its own layer");
    }
}
