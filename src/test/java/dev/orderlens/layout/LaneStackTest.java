package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lanes of one layer are drawn as the stack their parent links make (issue 12): a device whose
 * requests carry another device's (dm remaps, loop writes written back) is below it, whatever order
 * the devices first appear in the file.
 */
class LaneStackTest {
    private static List<String> labels(Trace t) {
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        return m.layers().get(0).subLanes().stream().map(TimelineModel.SubLane::label).toList();
    }

    private static Trace guest(String... lines) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("g.txt", String.join("\n", lines) + "\n"),
                        new ImportOptions("guest", false),
                        Progress.NONE);
    }

    @Test
    void aDmDeviceFirstSeenAfterTheDiskIsDrawnAboveIt() throws Exception {
        // line 1 makes 8,0 the first lane; line 3 remaps dm-0's bio of line 2 to 8,0 (line 4)
        Trace t =
                guest(
                        "  8,0 0 1 0.000000000 9 Q R 4000 + 8 [cat]",
                        "253,0 0 1 0.000001000 112 Q WS 256 + 8 [jbd2]",
                        "  8,0 0 2 0.000002000 112 A WS 4352 + 8 <- (253,0) 256",
                        "  8,0 0 3 0.000003000 112 Q WS 4352 + 8 [kcryptd]",
                        "  8,0 0 4 0.000004000 112 D WS 4352 + 8 [kworker]",
                        "  8,0 0 5 0.000020000 0 C WS 4352 + 8 [0]",
                        "253,0 0 2 0.000021000 0 C WS 256 + 8 [0]");
        assertEquals("8,0", t.lanes().get(0).name(), "the file shows the disk first");
        assertEquals(List.of("253,0 on 8,0", "8,0"), labels(t));
    }

    @Test
    void theRealLoopAndDmCapturesShowTheUpperDeviceFirst() throws Exception {
        // loop.txt "Stack mapping": loop0 (7,0) over vda (254,0); dmcrypt: dm-0 (253,0) over vda
        assertEquals(List.of("7,0 on 254,0", "254,0"), labels(load("loop.guest.blkparse.txt")));
        assertEquals(
                List.of("253,0 on 254,0", "254,0"), labels(load("dmcrypt.guest.blkparse.txt")));
    }

    private static Trace load(String name) throws Exception {
        return TraceLoader.load(
                List.of(TraceLoader.FileSpec.of(Path.of("sample-traces", name))), Progress.NONE);
    }
}
