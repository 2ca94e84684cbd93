package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bounds of request reconstruction on long lossy captures: what waits for a line that
 * never comes is kept for a bounded number of requests, and every request is still in the trace.
 */
class ReconstructionBoundsTest {
    private static BlkRequests requests(TraceBuilder b) {
        SourceFile source = new SourceFile("lossy.blkparse.txt", BlkparseImporter.ID);
        int file = b.addSource(source);
        return new BlkRequests(b, source, file, b.layer("device"));
    }

    /**
     * 10,000 FUA writes that complete their data (C with a size) but whose final data-less
     * completion after the post-flush was lost: each would wait for it forever; only the newest
     * MAX_AWAITING (4,096) do, and all 10,000 writes are requests that completed.
     */
    @Test
    void finalCompletionsThatNeverComeAreAwaitedForABoundedNumber() {
        TraceBuilder b = new TraceBuilder();
        BlkRequests r = requests(b);
        var d = r.dev(8, 0);
        int n = 10_000;
        int line = 0;
        for (int i = 0; i < n; i++) {
            long sector = 8L * i;
            long t = 1_000L * i;
            r.queue(
                    new BlkRequests.BioEvent(
                            d,
                            BlkRequests.L_WRITE,
                            Op.WRITE,
                            Flags.FUA | Flags.SYNC,
                            sector,
                            8,
                            t,
                            7,
                            "dd",
                            ++line));
            r.issue(
                    new BlkRequests.BioEvent(
                            d,
                            BlkRequests.L_WRITE,
                            Op.WRITE,
                            Flags.SYNC,
                            sector,
                            8,
                            t + 100,
                            7,
                            "dd",
                            ++line));
            r.complete(d, BlkRequests.L_WRITE, sector, 8, t + 200, 0, ++line);
            assertTrue(r.awaitingFinalCount() <= 4096, "bounded after write " + i);
        }
        assertEquals(4096, r.awaitingFinalCount(), "the newest 4,096 still wait");
        r.finish();
        Requests rows = b.build().requests();
        assertEquals(n, rows.size());
        for (int i = 0; i < n; i += 997) {
            assertEquals(Op.WRITE, rows.op(i));
            assertTrue(rows.complete(i) != Time.NONE, "write " + i + " completed its data");
        }
    }

    /**
     * 1,000 PREFLUSH writes queued on a device whose flush machinery never issues a flush in the
     * capture (the D FN lines were lost): only the newest MAX_FLUSH_WAITERS (256) wait for one.
     */
    @Test
    void preflushWaitersWithoutAFlushAreBounded() {
        TraceBuilder b = new TraceBuilder();
        BlkRequests r = requests(b);
        var d = r.dev(8, 0);
        for (int i = 0; i < 1_000; i++) {
            r.queue(
                    new BlkRequests.BioEvent(
                            d,
                            BlkRequests.L_WRITE,
                            Op.WRITE,
                            Flags.PREFLUSH | Flags.SYNC,
                            8L * i,
                            8,
                            1_000L * i,
                            7,
                            "jbd2",
                            i + 1));
            assertTrue(r.flushWaiterCount(d) <= 256, "bounded after write " + i);
        }
        assertEquals(256, r.flushWaiterCount(d));
        r.finish();
        assertEquals(1_000, b.build().requests().size());
    }

    /**
     * A QEMU log of 20,000 host writes (blk_co_pwritev, the shape of writeback.qemu.log line 3)
     * that never complete: the host tracker keeps at most MAX_HOST_PENDING (4,096) open and writes
     * the older ones out as never completed, in time linear in the file.
     */
    @Test
    void hostRequestsThatNeverCompleteAreWrittenOutAsTheyAge(@TempDir Path dir) throws Exception {
        int n = 20_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(
                    String.format(
                            "7996@1795302993.%06d:blk_co_pwritev blk 0x561880a9b3a0 bs 0x561880a9dc70"
                                    + " offset %d bytes 4096 flags 0x0%n",
                            i, 4096L * i));
        }
        Path f = dir.resolve("lossy.qemu.log");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        Trace t = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TraceLoader.load(f));
        Requests r = t.requests();
        assertEquals(n, r.size());
        for (int i = 0; i < n; i += 1999) {
            assertEquals(Time.NONE, r.complete(i));
            assertTrue(r.has(i, Flags.NO_COMPLETE), "row " + i + " flagged never completed");
        }
    }
}
