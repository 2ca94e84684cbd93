package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detection, layers chosen per file, progress and cancellation, and the offset estimate's
 * arithmetic.
 */
class TextImportersTest {
    private static final Path GUEST = Path.of("sample-traces/none.guest.blkparse.txt");
    private static final Path QEMU = Path.of("sample-traces/none.qemu.log");
    private static final Path FIX = Path.of("src/test/resources/fixtures");

    @Test
    void detectsEachFormatFromItsFirstLines() throws Exception {
        assertEquals("blkparse", Importers.detect(ImportInput.of(GUEST)).importer().id());
        assertEquals(
                "blkparse",
                Importers.detect(ImportInput.of(FIX.resolve("blkparse/summary.txt")))
                        .importer()
                        .id());
        assertEquals(
                "blkparse",
                Importers.detect(ImportInput.of(FIX.resolve("blkparse/compressed.txt.xz")))
                        .importer()
                        .id());
        for (String log :
                List.of(
                        "prefix-tid.log",
                        "prefix-none.log",
                        "prefix-iso.log",
                        "prefix-context.log")) {
            assertEquals(
                    "qemu-log",
                    Importers.detect(ImportInput.of(FIX.resolve("qemu-log/" + log)))
                            .importer()
                            .id(),
                    log);
        }
        assertEquals("qemu-log", Importers.detect(ImportInput.of(QEMU)).importer().id());
        assertEquals(
                "json",
                Importers.detect(ImportInput.of(Path.of("sample-traces/journal-commit.json")))
                        .importer()
                        .id());
    }

    @Test
    void blkparseIsTheDeviceAloneAndTheGuestNextToAQemuLog() throws Exception {
        var alone = TraceLoader.plan(List.of(TraceLoader.FileSpec.of(GUEST)));
        assertEquals("device", alone.get(0).layer());
        var pair =
                TraceLoader.plan(
                        List.of(TraceLoader.FileSpec.of(GUEST), TraceLoader.FileSpec.of(QEMU)));
        assertEquals("guest", pair.get(0).layer());
        assertEquals("qemu-log", pair.get(1).importer().id());
        var given =
                TraceLoader.plan(
                        List.of(
                                TraceLoader.FileSpec.of(GUEST).withLayer("host"),
                                TraceLoader.FileSpec.of(QEMU)));
        assertEquals("host", given.get(0).layer());
    }

    @Test
    void theEstimateFollowsAKnownShiftExactly() throws Exception {
        List<Trace> parts =
                TraceLoader.read(
                        TraceLoader.plan(
                                List.of(
                                        TraceLoader.FileSpec.of(GUEST),
                                        TraceLoader.FileSpec.of(QEMU))),
                        Progress.NONE);
        OffsetEstimator.Estimate e = OffsetEstimator.estimate(parts.get(0), parts.get(1));
        long shift = 123_456_789L;
        Trace shifted = TraceMerger.merge(List.of(parts.get(1)), new long[] {shift});
        OffsetEstimator.Estimate s = OffsetEstimator.estimate(parts.get(0), shifted);
        assertEquals(e.offsetNs() - shift, s.offsetNs());
        assertEquals(e.matches(), s.matches());
        // a file with nothing in common gives no estimate, and the loader says so
        Trace unrelated =
                new BlkparseImporter()
                        .read(
                                ImportInput.of(FIX.resolve("blkparse/lifecycle.txt")),
                                ImportOptions.DEFAULT,
                                Progress.NONE);
        assertEquals(null, OffsetEstimator.estimate(parts.get(0), unrelated));
        long[] offsets =
                TraceLoader.offsets(
                        List.of(parts.get(0), unrelated), java.util.Arrays.asList(null, null));
        assertEquals(0, offsets[1]);
        assertTrue(
                unrelated
                        .sources()
                        .get(0)
                        .warnings()
                        .get(0)
                        .startsWith("could not estimate this file's clock offset"));
    }

    private static String bigBlkparse(int requests) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            String t = String.format("%5d.%09d", i / 1000, (i % 1000) * 1000);
            sb.append("  8,0    0 ")
                    .append(i)
                    .append(' ')
                    .append(t)
                    .append("   100  Q   W ")
                    .append(i * 8L)
                    .append(" + 8 [dd]\n");
            sb.append("  8,0    0 ")
                    .append(i)
                    .append(' ')
                    .append(t)
                    .append("   100  C   W ")
                    .append(i * 8L)
                    .append(" + 8 [0]\n");
        }
        return sb.toString();
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() throws Exception {
        String text = bigBlkparse(40_000);
        List<Long> seen = new ArrayList<>();
        Progress recording =
                new Progress() {
                    @Override
                    public void update(long done, long total) {
                        seen.add(done);
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }
                };
        Trace t =
                new BlkparseImporter()
                        .read(
                                ImportInput.ofString("big.txt", text),
                                ImportOptions.DEFAULT,
                                recording);
        assertEquals(40_000, t.requests().size());
        assertTrue(seen.size() >= 4, "progress reported " + seen.size() + " times");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1));
        }
        Progress cancelled =
                new Progress() {
                    @Override
                    public void update(long done, long total) {}

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                };
        assertThrows(
                Progress.CancelledException.class,
                () ->
                        new BlkparseImporter()
                                .read(
                                        ImportInput.ofString("big.txt", text),
                                        ImportOptions.DEFAULT,
                                        cancelled));
        assertThrows(
                Progress.CancelledException.class,
                () ->
                        new QemuLogImporter()
                                .read(
                                        ImportInput.ofString(
                                                "big.log",
                                                "virtqueue_pop vq 0x1 elem 0x2 in_num 1 out_num 1\n"
                                                        .repeat(20_000)),
                                        ImportOptions.DEFAULT,
                                        cancelled));
    }
}
