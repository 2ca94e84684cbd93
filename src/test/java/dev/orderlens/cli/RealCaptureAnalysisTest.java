package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guest blkparse and a QEMU log opened together are linked request by request, so the crash
 * analysis follows a guest write down to the host: on the real cache=unsafe capture the guest was
 * told its writes were durable while QEMU never synced them (promise violations); on the
 * cache=writeback capture it was told the truth.
 */
class RealCaptureAnalysisTest {
    private static JsonNode analyze(String mode) throws Exception {
        CliRunner r =
                CliRunner.run(
                        "analyze",
                        "sample-traces/" + mode + ".guest.blkparse.txt",
                        "sample-traces/" + mode + ".qemu.log",
                        "--crash-at",
                        "0.2",
                        "--json");
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void everyGuestWriteThatReachedQemuIsLinkedToItsVirtioRequest() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/writeback.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/writeback.qemu.log"))),
                        Progress.NONE);
        Requests r = t.requests();
        int guest = t.layerIndex(Layer.GUEST);
        int virtio = t.layerIndex(Layer.VIRTIO);
        int guestWrites = 0;
        int linked = 0;
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == guest && r.op(i).modifiesData() && r.count(i) > 0) {
                guestWrites++;
            }
            if (r.layer(i) == virtio && r.op(i).modifiesData() && r.parent(i) >= 0) {
                int p = r.parent(i);
                assertEquals(guest, r.layer(p));
                assertEquals(r.sector(p), r.sector(i), "same range");
                assertEquals(r.count(p), r.count(i), "same range");
                assertTrue(
                        r.issue(p) <= r.submit(i) && r.submit(i) <= r.complete(p),
                        "popped while the guest request was issued");
                linked++;
            }
        }
        assertEquals(guestWrites, linked, "every guest data write found its virtio request");
    }

    @Test
    void cacheUnsafeBreaksTheGuestsDurabilityPromisesAndWritebackKeepsThem() throws Exception {
        JsonNode unsafe = analyze("unsafe").get("crash");
        assertTrue(unsafe.get("promiseViolations").size() > 0);
        JsonNode v = unsafe.get("promiseViolations").get(0);
        assertEquals("guest", v.get("layer").asText());
        assertEquals("host", v.get("belowLayer").asText());
        assertEquals(
                0, unsafe.get("counts").get("durable").asInt(), "no host fdatasync ever happened");

        JsonNode writeback = analyze("writeback").get("crash");
        assertEquals(0, writeback.get("promiseViolations").size());
        assertTrue(writeback.get("counts").get("durable").asInt() > 100);
    }
}
