package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lanes named from blkparse's summary (issue 13, defect 8) on real captures. */
class DeviceNamesTest {
    private static List<String> shown(String file) throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces", file));
        return t.lanes().stream().map((Lane l) -> DeviceNames.of(t, l)).toList();
    }

    @Test
    void oneDeviceTakesTheNameItsSummaryGivesIt() throws Exception {
        // every event line names 254,0; the summary's blocks are "CPU0 (vda):", "CPU1 (vda):",
        // "Total (vda):"
        assertEquals(List.of("vda"), shown("writeback.guest.blkparse.txt"));
        // only "CPU0 (vda):" (one CPU, no Total block)
        assertEquals(List.of("vda"), shown("werror-stop-multi.guest.blkparse.txt"));
    }

    @Test
    void severalDevicesKeepTheirNumbers() throws Exception {
        // 253,0 (dm-crypt) and 254,0 in the events, "Total (dm-0):" and "Total (vda):" in the
        // summary: which name is which number is not written anywhere, so neither is guessed
        List<String> lanes = shown("dmcrypt.guest.blkparse.txt");
        assertEquals(2, lanes.size(), lanes.toString());
        assertEquals(List.of("253,0", "254,0"), lanes.stream().sorted().toList());
    }

    @Test
    void theTimelineModelLabelsTheLaneByItsName() throws Exception {
        Trace t = TraceLoader.load(Path.of("sample-traces/writeback.guest.blkparse.txt"));
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        assertEquals("vda", m.layers().get(0).subLanes().get(0).label());
        assertEquals("254,0", t.lanes().get(0).name(), "the trace keeps the number");
    }
}
