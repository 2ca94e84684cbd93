package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on a guest trace of a device-mapper device and the disk below it (issue 12): the remap
 * (A) links make one stack of the two lanes, so an upper write's verdict follows the lower requests
 * carrying its data and the flushes of the lower device. Inputs are the raw-line shapes of
 * capture-notes (dm-crypt, dm-thin); expected states by the writeback rules (a write is durable
 * once a flush submitted after it completed has completed, or once it completed with FUA).
 */
class StackedDevicesCrashTest {
    private static Trace guest(String... lines) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("guest.txt", String.join("\n", lines) + "\n"),
                        new ImportOptions("guest", false),
                        Progress.NONE);
    }

    private static WriteState state(Trace t, long atNs, int id) {
        CrashResult r =
                CrashAnalysis.of(t)
                        .at(
                                new CrashPoint(
                                        atNs,
                                        CrashKind.POWER_LOSS,
                                        CacheMode.WRITEBACK,
                                        Tearing.SECTOR));
        return r.state(t.requests().rowOfId(0, id));
    }

    /** Two dm-0 journal blocks remapped to vda, merged there into one request, then a flush. */
    private static final String[] MERGED = {
        "253,0 0 1 0.000000000 112 Q WS 256 + 8 [jbd2]",
        "253,0 0 2 0.000001000 112 Q WS 264 + 8 [jbd2]",
        "  8,0 0 1 0.000002000 112 A WS 4352 + 8 <- (253,0) 256",
        "  8,0 0 2 0.000003000 112 Q WS 4352 + 8 [kcryptd]",
        "  8,0 0 3 0.000004000 112 G WS 4352 + 8 [kcryptd]",
        "  8,0 0 4 0.000005000 112 A WS 4360 + 8 <- (253,0) 264",
        "  8,0 0 5 0.000006000 112 Q WS 4360 + 8 [kcryptd]",
        "  8,0 0 6 0.000007000 112 M WS 4360 + 8 [kcryptd]",
        "  8,0 0 7 0.000008000 43 D WS 4352 + 16 [kworker]",
        "  8,0 0 8 0.000020000 0 C WS 4352 + 16 [0]",
        "253,0 0 3 0.000021000 0 C WS 256 + 8 [0]",
        "253,0 0 4 0.000022000 0 C WS 264 + 8 [0]",
        "  8,0 0 9 0.000030000 500 Q FWS [sync]",
        "  8,0 0 10 0.000031000 43 D FN [kworker]",
        "  8,0 0 11 0.000040000 0 C FN 0 [0]",
        "  8,0 0 12 0.000041000 0 C WS 0 [0]"
    };

    @Test
    void everyMergedUpperWriteFollowsTheLowerRequestAndItsFlush() throws Exception {
        Trace t = guest(MERGED);
        // at 25 µs all three completed (lines 10-12), no flush yet: volatile
        assertEquals(WriteState.VOLATILE, state(t, 25_000, 1));
        assertEquals(WriteState.VOLATILE, state(t, 25_000, 2));
        assertEquals(WriteState.VOLATILE, state(t, 25_000, 3));
        // vda's flush (lines 13-16, submitted at 30 µs after the merged write completed at 20)
        // completed at 40 µs: the vda request is on media, and with it both journal blocks
        assertEquals(WriteState.DURABLE, state(t, 50_000, 3));
        assertEquals(WriteState.DURABLE, state(t, 50_000, 1));
        assertEquals(WriteState.DURABLE, state(t, 50_000, 2), "the second merged block too");
    }

    @Test
    void aFuaWriteThroughDmThinSplitsEndsDurable() throws Exception {
        Trace t =
                guest(
                        "253,2 0 1 0.000000000 600 Q WFS 16256 + 384 [dd]",
                        "253,2 0 2 0.000001000 600 X WFS 16384 / 16384 [dd]",
                        "253,2 0 3 0.000002000 600 X WFS 16512 / 16512 [dd]",
                        "253,2 1 1 0.000500000 0 C WFS 16512 + 128 [0]");
        // one bio (line 1), its one completion (line 4) OK with FUA: durable after 500 µs
        assertEquals(1, t.requests().size());
        assertEquals(WriteState.IN_FLIGHT, state(t, 400_000, 1));
        assertEquals(WriteState.DURABLE, state(t, 600_000, 1));
    }

    @Test
    void remappedEmptyFlushesAddNoWrites() throws Exception {
        Trace t =
                guest(
                        "253,0 0 1 0.000000000 112 Q FWFSM 256 + 8 [jbd2/dm-0-8]",
                        "  8,0 0 1 0.000001000 112 A FWFSM 256 + 0 <- (253,0) 256",
                        "  8,0 0 2 0.000002000 112 Q FWFSM [jbd2/dm-0-8]",
                        "  8,0 0 3 0.000003000 43 D FN [kworker/0:1H]",
                        "  8,0 0 4 0.000010000 0 C FN 0 [0]",
                        "  8,0 0 5 0.000011000 0 C WS 256 [0]",
                        "  8,0 0 6 0.000040000 500 A FWS 16384 + 0 <- (253,1) 0",
                        "  8,0 0 7 0.000041000 500 Q FWS [dd]",
                        "  8,0 0 8 0.000042000 43 D FN [kworker/0:1H]",
                        "  8,0 0 9 0.000050000 0 C FN 0 [0]",
                        "  8,0 0 10 0.000051000 0 C WS 16384 [0]");
        int writes = 0;
        for (int i = 0; i < t.requests().size(); i++) {
            writes += t.requests().op(i) == Op.WRITE ? 1 : 0;
        }
        // the only write is dm-0's commit (line 1); the A lines (2, 7) add none
        assertEquals(1, writes);
        assertEquals(1, CrashAnalysis.of(t).writeCount());
    }

    private static final Path DMCRYPT = Path.of("sample-traces/dmcrypt.guest.blkparse.txt");

    /** The real dm-crypt capture (sample-traces/expectations/dmcrypt.txt has the line numbers). */
    private static Trace dmcrypt() throws Exception {
        return guest(Files.readAllLines(DMCRYPT).toArray(String[]::new));
    }

    @Test
    void theRealDmCryptCaptureHasNoPhantomWrites() throws Exception {
        Trace t = dmcrypt();
        int writes = 0;
        for (int i = 0; i < t.requests().size(); i++) {
            writes += t.requests().op(i) == Op.WRITE ? 1 : 0;
        }
        // 59 dm-0 write bios + (59 vda write bios - 22 back merges); the 6 "A FWFSM s + 0" lines
        // (G:129, 233, 299, 365, 414 and at umount) are flushes
        assertEquals(59 + 59 - 22, writes);
    }

    @Test
    void theRealMergedVdaRequestCarriesSixDmBiosAndTheirVerdictsFollowIt() throws Exception {
        Trace t = dmcrypt();
        Requests r = t.requests();
        // G:94-113: vda 136 + 48 (first line 94) made of the dm-0 bios queued at G:88-93
        int vda = r.rowOfId(0, 94);
        assertEquals(48, r.count(vda));
        assertEquals(
                List.of(88, 89, 90, 91, 92, 93),
                Arrays.stream(r.parents(vda)).map(r::id).sorted().boxed().toList());
        // it completed at G:121 (0.324668390), before vda's preflush was issued (G:132,
        // 0.326423450), which completed at G:133 (0.337374960): every block is durable then
        for (int id = 88; id <= 93; id++) {
            assertEquals(WriteState.VOLATILE, state(t, 337_300_000L, id), "G:" + id);
            assertEquals(WriteState.DURABLE, state(t, 337_400_000L, id), "G:" + id);
        }
    }

    @Test
    void theRealCommitBlockIsDurableAfterItsPostFlush() throws Exception {
        Trace t = dmcrypt();
        // G:128 dm-0 Q FWFSM 184 + 8; its data below completed at G:141 (0.340327770), the
        // post-flush at G:143 (0.342240380), the FUA bio at G:144 (0.342266020)
        assertEquals(WriteState.IN_FLIGHT, state(t, 341_000_000L, 128));
        assertEquals(WriteState.DURABLE, state(t, 342_400_000L, 128));
    }
}
