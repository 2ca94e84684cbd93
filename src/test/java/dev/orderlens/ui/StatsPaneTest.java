package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.Phase;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.LatencyHistogram;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The statistics panes on a real capture (sample-traces/btt/writeback), driven headless: the
 * numbers they show are btt's where btt has them (writeback.btt.avg), and the histogram, waterfall
 * and queue-depth strips show what the analysis computed.
 */
@ExtendWith(ApplicationExtension.class)
class StatsPaneTest {
    private static final Path DIR = Path.of("sample-traces/btt");
    private StatsPane pane;
    private Trace trace;
    private LatencyStats stats;

    @Start
    void start(Stage stage) throws Exception {
        trace =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        DIR.resolve("writeback.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(DIR.resolve("writeback.qemu.log"))),
                        Progress.NONE);
        stats = LatencyStats.of(trace);
        pane = new StatsPane();
        pane.show(trace, stats);
        stage.setScene(new Scene(pane, 960, 720)); // within Monocle's 1280x800 headless screen
        stage.show();
    }

    @Test
    void theTableHasBttsCountsAndTheCrossLayerLineItsMeans() {
        String table = pane.tableText();
        assertTrue(table.contains("guest 254,0 83 52 1.60"), table);
        String q2c =
                Time.formatDuration(
                        Math.round(stats.device("guest", "254,0").summary(Phase.Q2C).avg()));
        assertTrue(table.contains("1.60 " + q2c), table);
        String cross = pane.crossLayerText();
        assertTrue(
                cross.startsWith("Across the layers: 73 requests, 73 reached QEMU, 67 a host I/O"),
                cross);
        assertTrue(
                cross.contains(
                        Time.formatDuration(
                                        Math.round(
                                                stats.crossLayer()
                                                        .summary(CrossLayer.Segment.HOST)
                                                        .avg()))
                                + " in the host I/O"),
                cross);
    }

    @Test
    void clickingAHistogramBarSelectsItsRequestsAndShowsTheFirstOnesWaterfall(FxRobot robot) {
        LatencyHistogramPane h = pane.histogram();
        robot.interact(() -> h.choose("guest 254,0", "Q2M"));
        // btt: Q2M 0.000000850 0.000019657 0.000272410 31
        assertTrue(
                h.summaryText().startsWith("Q2M: N 31, min 850 ns, avg 19.7 µs"), h.summaryText());
        assertTrue(h.summaryText().endsWith("max 272 µs"), h.summaryText());
        LatencyHistogram hist = h.histogram();
        int bucket = hist.bucketOf(stats.device("guest", "254,0").summary(Phase.Q2M).p50());
        robot.interact(() -> pane.setVvalue(0.5));
        robot.interact(() -> h.canvas().requestFocus());
        Point2D p =
                h.canvas()
                        .localToScreen(
                                h.barX(bucket) + h.barWidth() / 2, h.canvas().getHeight() - 30);
        robot.clickOn(p);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(bucket, h.selectedBucket());
        assertArrayEquals(hist.rows(bucket), pane.selectedRowsProperty().get());
        assertEquals(
                String.format(
                        "Selected %s: %d samples, %d requests",
                        hist.label(bucket), hist.count(bucket), hist.rows(bucket).length),
                h.selectionText());
        Requests r = trace.requests();
        int first = hist.rows(bucket)[0];
        assertTrue(
                pane.waterfall().lines().get(0).startsWith(trace.names().id(first) + " "),
                pane.waterfall().lines().toString());

        robot.type(KeyCode.RIGHT);
        assertEquals(bucket + 1, h.selectedBucket());
        robot.type(KeyCode.ESCAPE);
        assertEquals(0, pane.selectedRowsProperty().get().length);
    }

    @Test
    void theWaterfallOfAJournalCommitListsEveryRequestOfItsChainWithItsDurations(FxRobot robot) {
        Requests r = trace.requests();
        int commit = r.rowOfId(0, 206); // Q FWFSM 152 + 8 [jbd2/vda-8]
        robot.interact(() -> pane.showRequest(commit));
        List<String> lines = pane.waterfall().lines();
        assertEquals(10, lines.size(), lines.toString());
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "guest#206 FUA|PREFLUSH write 152+8: "
                                        + Time.formatDuration(
                                                r.complete(commit) - r.submit(commit))),
                lines.get(0));
        int entry = stats.crossLayer().entryOf(commit);
        long virtqueue = r.submit(stats.crossLayer().virtio(entry)) - r.issue(commit);
        assertEquals(40_860, virtqueue, "guest D 0.103627450 to virtqueue_pop");
        assertTrue(
                lines.get(9).startsWith("between the layers: virtqueue 40.9 µs, qemu "),
                lines.get(9));
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("host#\\d+ write 152\\+8.*")),
                lines.toString());
    }

    @Test
    void theQueueDepthStripDrawsTheDeepestColumnToTheTop(FxRobot robot) {
        QueueDepthStrip strip = robot.lookup("#queue-depth-0").queryAs(QueueDepthStrip.class);
        assertEquals(4, strip.bins().peak(), "the guest had up to 4 requests at the device");
        int peakColumn = -1;
        int idleColumn = -1;
        for (int c = 0; c < strip.bins().columns(); c++) {
            if (strip.bins().max()[c] == 4 && peakColumn < 0) {
                peakColumn = c;
            }
            if (strip.bins().max()[c] == 0 && idleColumn < 0) {
                idleColumn = c;
            }
        }
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = strip.snapshot(null, null));
        PixelReader px = img[0].getPixelReader();
        assertEquals(
                QueueDepthStrip.MAX_COLOR,
                px.getColor(peakColumn, 0),
                "a max of 4 = the scale fills the column");
        Color bottom = px.getColor(idleColumn, (int) strip.getHeight() - 1);
        assertTrue(
                !bottom.equals(QueueDepthStrip.MAX_COLOR)
                        && !bottom.equals(QueueDepthStrip.MEAN_COLOR),
                "an idle column stays empty");
    }
}
