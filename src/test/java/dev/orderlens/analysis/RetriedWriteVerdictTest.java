package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A write QEMU failed (host tmpfs full, werror=stop) and retried after {@code cont} is as durable
 * as its retry: the failed attempt's unknown landing is overwritten by the retry of the same range.
 * Expectations from the raw lines of sample-traces/werror-stop.* (sample-traces/expectations/
 * werror-stop.txt): the guest write 22528+2048 (G:34 Q, G:40 C [0]) is covered by the guest flush
 * G:73–74 (completed OK at 2.095817590 s); on the host its first attempt failed with -28
 * (Q:129–130), the retry (Q:141–151) completed OK, and the host fdatasync of Q:215–217 followed it.
 */
class RetriedWriteVerdictTest {
    @Test
    void aRetriedWriteIsDurableOnceItsFlushCompleted() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/werror-stop.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/werror-stop.qemu.log"))),
                        Progress.NONE);
        int[] found = t.names().find("guest#34");
        assertEquals(1, found.length, "guest#34 names one request");
        int row = found[0];
        assertEquals(22528, t.requests().sector(row));
        CrashAnalysis a = CrashAnalysis.of(t);
        // after the guest flush G:74 completed: durable through every layer
        assertEquals(
                WriteState.DURABLE,
                a.at(CrashPoint.powerLoss(Time.ofSeconds(2.1))).state(row),
                a.at(CrashPoint.powerLoss(Time.ofSeconds(2.1))).reasonText(row));
    }

    /**
     * Between the retry and the next host flush the retried data is only in the host's page cache.
     * In the QEMU log's own order (one clock, so ground truth): the flush QEMU made while the VM
     * was stopped is Q:135 (thread_pool_submit, …713.340726) and Q:136 (complete ret 0,
     * …713.365676); the retry is submitted after it, Q:145 (…714.524243), and completes at Q:149
     * (…714.528369). So that flush cannot cover the retry; the next host flush is the fdatasync of
     * Q:215–217, which follows the guest's flush G:73 (2.095200660 s, after the crash at 2.0 s).
     * The guest saw the write complete (G:40, 1.543719680 s), so at 2.0 s it is volatile, not
     * durable.
     */
    @Test
    void aRetriedWriteIsVolatileUntilAHostFlushAfterTheRetry() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/werror-stop.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/werror-stop.qemu.log"))),
                        Progress.NONE);
        int row = t.names().find("guest#34")[0];
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashResult at = a.at(CrashPoint.powerLoss(Time.ofSeconds(2.0)));
        assertEquals(WriteState.VOLATILE, at.state(row), at.reasonText(row));
    }
}
