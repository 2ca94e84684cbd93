package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * On every real guest+QEMU capture with one disk, per-disk cache modes give exactly the verdicts of
 * the one mode the analysis took before (the trace's, else the disk's inferred mode, else
 * writeback): with one disk the per-disk default is that mode for every write, so no state of any
 * write at any of the crash times below may change, under every crash kind.
 */
class SingleDiskVerdictsUnchangedTest {
    @Test
    void oneDiskCapturesKeepTheirVerdicts() throws Exception {
        List<Path> guests;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            guests = s.filter(p -> p.toString().endsWith(".guest.blkparse.txt")).sorted().toList();
        }
        List<String> checked = new ArrayList<>();
        for (Path g : guests) {
            String name = g.getFileName().toString().replace(".guest.blkparse.txt", "");
            Path q = g.resolveSibling(name + ".qemu.log");
            if (!Files.exists(q)) {
                continue;
            }
            Trace t =
                    TraceLoader.load(
                            List.of(TraceLoader.FileSpec.of(g), TraceLoader.FileSpec.of(q)),
                            Progress.NONE);
            List<CacheModeInference.DiskMode> disks = CacheModeInference.of(t);
            if (disks.size() != 1) {
                continue; // two-disks: TwoDiskCacheModesTest
            }
            CrashAnalysis a = CrashAnalysis.of(t);
            CacheMode before = CacheModeInference.defaultMode(disks);
            CacheMode one = before == null ? CacheMode.WRITEBACK : before;
            assertEquals(one, a.defaultCacheModes().uniform(), name);
            long start = t.requests().size() == 0 ? 0 : t.startNs();
            long span = t.endNs() - start;
            for (CrashKind kind : CrashKind.values()) {
                for (int i = 0; i <= 20; i++) {
                    long at = start + span * i / 20;
                    CrashPoint p = a.defaultPoint(at).withKind(kind);
                    assertArrayEquals(
                            a.at(p.withCacheMode(one)).stateCodes(),
                            a.at(p).stateCodes(),
                            name + " " + kind.jsonName() + " at " + at);
                }
            }
            checked.add(name);
        }
        assertTrue(checked.size() >= 10, "the one-disk captures are found: " + checked);
    }
}
