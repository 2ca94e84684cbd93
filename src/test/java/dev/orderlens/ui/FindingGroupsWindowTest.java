package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.layout.Highlight;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The findings groups in the app (issue 12, ADR 0202): the Findings side tab lists the groups
 * ranked as {@code analyze --group-by} ranks them, with their counts, and a click on a group
 * highlights its writes, selects one and zooms to them.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class FindingGroupsWindowTest {
    /**
     * The bundled sample (sample-traces/journal-commit.json). Line 16: device#14, the data write
     * data#3, submitted at 206 µs and completed at 258 µs; line 17: device#15, the commit's
     * preflush, submitted at 211 µs while #14 is in flight (a crossing); line 18: device#16, the
     * commit's FUA write, submitted at 300 µs (after #14 and #15 completed at 258 and 295 µs),
     * completed at 398 µs, and no device flush follows: the commit is durable while data#3 never
     * is, so the crossing is depended on. Lines 9-10: guest#4 (data#3, 205-260 µs) is in flight
     * when guest#5, the PREFLUSH+FUA commit, is submitted at 210 µs: a crossing, and no FUA write
     * without PREFLUSH follows it in the guest, so nothing depends on it. Ranked: the flush
     * device#15's group first (1 depended on), then guest#5's.
     */
    private static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");

    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTabListsTheRankedGroupsAndAClickShowsAGroupsWrites(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(List.of(SAMPLE)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != null
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get());
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> window.findingGroups().groups().size() == 2);
        Trace t = vm.trace();
        TabPane side = (TabPane) window.findingGroups().tab().getTabPane();
        robot.interact(() -> side.getSelectionModel().select(window.findingGroups().tab()));
        WaitForAsyncUtils.waitForFxEvents();

        TableView<FindingGroups.Group> table =
                robot.lookup("#finding-groups-table").queryAs(TableView.class);
        List<String> shown =
                table.getItems().stream()
                        .map(
                                g ->
                                        g.key()
                                                + ": "
                                                + g.dependedOn()
                                                + " depended on, "
                                                + g.crossing()
                                                + " crossing, "
                                                + g.overtaking()
                                                + " overtaking, "
                                                + g.writes()
                                                + " writes")
                        .toList();
        assertEquals(
                List.of(
                        "flush device#15 submitted at 0.000211000 s: 1 depended on, 1 crossing, 0"
                                + " overtaking, 1 writes",
                        "flush guest#5 submitted at 0.000210000 s: 0 depended on, 1 crossing, 0"
                                + " overtaking, 1 writes"),
                shown);
        // the same model and order as analyze --group-by flush
        FindingGroups cli =
                FindingGroups.of(t, OrderingAnalysis.analyze(t), FindingGroups.By.FLUSH);
        assertEquals(
                cli.groups().stream().map(FindingGroups::line).toList(),
                table.getItems().stream().map(FindingGroups::line).toList());
        assertEquals(cli.text(), robot.lookup("#finding-groups-summary").queryLabeled().getText());

        // a click on the first group: device#14 highlighted and selected, all of it in view
        robot.interact(() -> vm.goTo(400_000, 490_000));
        TableRow<?> first =
                robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                        .filter(r -> r.getItem() == table.getItems().get(0))
                        .findFirst()
                        .orElseThrow();
        robot.clickOn(first);
        WaitForAsyncUtils.waitForFxEvents();
        int data = t.requests().rowOfId(0, 14);
        Highlight h = vm.highlight();
        assertArrayEquals(new int[] {data}, h.rows());
        assertEquals(data, vm.selectedProperty().get());
        TimelineViewModel.Window w = vm.window();
        assertTrue(w.start() <= 206_000 && w.end() >= 295_000, "data#3 and the flush: " + w);

        // grouped by process: the same two pairs, one group per submitting process
        ChoiceBox<FindingGroups.By> by =
                robot.lookup("#finding-groups-by").queryAs(ChoiceBox.class);
        robot.interact(() -> by.setValue(FindingGroups.By.PROCESS));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () ->
                        window.findingGroups().groups().stream()
                                .allMatch(g -> g.key().startsWith("process ")));
        assertEquals(
                FindingGroups.of(t, OrderingAnalysis.analyze(t), FindingGroups.By.PROCESS)
                        .groups()
                        .stream()
                        .map(FindingGroups::line)
                        .toList(),
                window.findingGroups().groups().stream().map(FindingGroups::line).toList());
    }
}
