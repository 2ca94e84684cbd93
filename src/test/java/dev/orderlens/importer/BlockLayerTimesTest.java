package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The block layer's G and I times and a merged bio's Q time (what btt's phases need) survive
 * import, sorting, clock offsets and a trace JSON round trip.
 */
class BlockLayerTimesTest {
    private static final String TEXT =
            String.join(
                            "\n",
                            "8,0 0 1 0.000005000 10 Q W 200 + 8 [dd]",
                            "8,0 0 2 0.000006000 10 G W 200 + 8 [dd]",
                            "8,0 0 3 0.000001000 10 Q W 100 + 8 [dd]",
                            "8,0 0 4 0.000003000 10 G W 100 + 8 [dd]",
                            "8,0 0 5 0.000004000 10 Q W 108 + 8 [dd]",
                            "8,0 0 6 0.000004500 10 M W 108 + 8 [dd]",
                            "8,0 0 7 0.000010000 10 I W 100 + 16 [dd]",
                            "8,0 0 8 0.000020000 10 D W 100 + 16 [dd]",
                            "8,0 0 9 0.000030000 10 D W 200 + 8 [dd]",
                            "8,0 0 10 0.000050000 0 C W 100 + 16 [0]",
                            "8,0 0 11 0.000060000 0 C W 200 + 8 [0]")
                    + "\n";

    private static Trace read(String text) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("t.txt", text),
                        new ImportOptions(null, false),
                        Progress.NONE);
    }

    @Test
    void blkparseKeepsGetRequestInsertAndTheMergedBiosQueueTime() throws Exception {
        Trace t = read(TEXT);
        Requests r = t.requests();
        assertEquals(2, r.size());
        // rows are sorted by submit: the request queued at 1 µs comes first although written later
        assertEquals(100, r.sector(0));
        assertEquals(3000, r.allocate(0));
        assertEquals(10000, r.insert(0));
        assertEquals(200, r.sector(1));
        assertEquals(6000, r.allocate(1));
        assertEquals(Time.NONE, r.insert(1), "issued without an I");
        assertEquals(List.of(4000L), mergeQueueTimes(t.events()));
    }

    @Test
    void aTraceJsonRoundTripKeepsThem() throws Exception {
        Trace t = read(TEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(t, out);
        String json = out.toString(StandardCharsets.UTF_8);
        Trace back =
                new JsonTraceImporter()
                        .read(
                                ImportInput.ofString("t.json", json),
                                new ImportOptions(null, false),
                                Progress.NONE);
        for (int i = 0; i < t.requests().size(); i++) {
            assertEquals(t.requests().allocate(i), back.requests().allocate(i));
            assertEquals(t.requests().insert(i), back.requests().insert(i));
        }
        assertEquals(mergeQueueTimes(t.events()), mergeQueueTimes(back.events()));
    }

    @Test
    void aClockOffsetShiftsThemWithTheRest() throws Exception {
        Trace t = read(TEXT);
        Trace shifted = TraceMerger.merge(List.of(t, read(TEXT)), new long[] {0, 1_000_000});
        Requests r = shifted.requests();
        assertEquals(4, r.size());
        assertEquals(1_003_000, r.allocate(2));
        assertEquals(1_010_000, r.insert(2));
        assertEquals(Time.NONE, r.insert(3));
        assertEquals(List.of(4000L, 1_004_000L), mergeQueueTimes(shifted.events()));
    }

    @Test
    void aMergedBiosQueueTimeAfterTheMergeIsABadField() throws Exception {
        String json =
                "{\"format\": \"orderlens-trace\", \"requests\": [],\n"
                        + "\"events\": [{\"t\": 10, \"kind\": \"merge\", \"queued\": 20}]}";
        Trace t =
                new JsonTraceImporter()
                        .read(
                                ImportInput.ofString("m.json", json),
                                new ImportOptions(null, false),
                                Progress.NONE);
        assertEquals(1, t.skippedLines());
        assertEquals(
                "m.json:2: events[0].queued: 20 is after t 10",
                t.sources().get(0).problems().get(0).toString());
    }

    @Test
    void aBioQueuedSecondsBeforeItsMergeKeepsItsExactQueueTime() throws Exception {
        String json =
                "{\"format\": \"orderlens-trace\", \"requests\": [],\n\"events\": [\n"
                        + "{\"t\": 9000000000, \"kind\": \"merge\", \"queued\": 1000000001},\n"
                        + "{\"t\": 20, \"kind\": \"merge\", \"queued\": 15},\n"
                        + "{\"t\": 30, \"kind\": \"merge\"}]}";
        Trace t =
                new JsonTraceImporter()
                        .read(
                                ImportInput.ofString("m.json", json),
                                new ImportOptions(null, false),
                                Progress.NONE);
        // sorted by time: the events at 20 and 30 come first; the 8 s interval does not fit an int
        assertEquals(List.of(15L, Time.NONE, 1_000_000_001L), mergeQueueTimes(t.events()));
    }

    private static List<Long> mergeQueueTimes(Events e) {
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.MERGE) {
                out.add(e.queued(i));
            }
        }
        return out;
    }
}
