package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code orderlens info guest.blkparse.txt host.qemu.log} on a real capture: both layers, one
 * timeline.
 */
class InfoRealCaptureTest {
    static final String GUEST = "sample-traces/writeback.guest.blkparse.txt";
    static final String QEMU = "sample-traces/writeback.qemu.log";

    @Test
    void jsonShowsBothLayersAndTheEstimatedOffset() throws Exception {
        CliRunner r = CliRunner.run("info", GUEST, QEMU, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("blkparse", j.get("files").get(0).get("format").asText());
        assertEquals("qemu-log", j.get("files").get(1).get("format").asText());
        assertEquals(
                "guest",
                j.get("layers").get(0).get("id").asText(),
                "a blkparse file next to a QEMU log is the guest");
        assertEquals("virtio", j.get("layers").get(1).get("id").asText());
        assertEquals("host", j.get("layers").get(2).get("id").asText());
        JsonNode qemu = j.get("files").get(1);
        assertTrue(qemu.get("offsetEstimated").asBoolean());
        assertEquals(44, qemu.get("offsetMatches").asInt(), "the 44 data writes of the workload");
        assertEquals(44, qemu.get("offsetAgreeing").asInt());
        // the guest trace starts after QEMU booted the guest: the QEMU log is shifted back by
        // seconds
        double offset = qemu.get("offsetSeconds").asDouble();
        assertTrue(offset < -1 && offset > -60, "offset " + offset);
        assertEquals(0, j.get("skippedLines").asInt());
        assertEquals(
                j.get("byLayer").get("guest").asInt()
                        + j.get("byLayer").get("virtio").asInt()
                        + j.get("byLayer").get("host").asInt(),
                j.get("requests").asInt());
    }

    @Test
    void textSaysTheOffsetWasEstimatedAndFromWhat() {
        CliRunner r = CliRunner.run("info", GUEST, QEMU);
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*offset -\\d+\\.\\d{9} s estimated from 44 matched writes, 44 agree.*"),
                r.out());
    }

    /**
     * The werror-stop pair's pause (issue 12 item 4): QEMU logs `vm_state_notify running 0 reason 3
     * (io-error)` at 1796192713.340154 (Q:132) and `running 1` at 1796192714.523945 (Q:139), a
     * 1.183791 s stop; `info` says the file's clock is aligned in a segment after it.
     */
    @Test
    void textShowsThePauseSegmentsOfTheWerrorStopPair() {
        CliRunner r =
                CliRunner.run(
                        "info",
                        "sample-traces/werror-stop.guest.blkparse.txt",
                        "sample-traces/werror-stop.qemu.log");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*\\n  after a 1\\.183791000 s VM pause, from .* s of this file:"
                                        + " offset -\\d+\\.\\d{9} s.*"),
                r.out());
    }

    @Test
    void layerAndOffsetCanBeGiven() throws Exception {
        CliRunner r = CliRunner.run("info", GUEST, "--layer", GUEST + "=device", "--json");
        assertEquals(
                "device",
                new ObjectMapper().readTree(r.out()).get("layers").get(0).get("id").asText());
        CliRunner alone = CliRunner.run("info", GUEST, "--json");
        assertEquals(
                "device",
                new ObjectMapper().readTree(alone.out()).get("layers").get(0).get("id").asText(),
                "a blkparse file alone describes a device");
        CliRunner both = CliRunner.run("info", GUEST, QEMU, "--layer", QEMU + "=host", "--json");
        assertTrue(
                new ObjectMapper()
                        .readTree(both.out())
                        .get("files")
                        .get(1)
                        .get("warnings")
                        .get(0)
                        .asText()
                        .startsWith("the layer given for this file (host) is ignored"),
                both.out());
        CliRunner given = CliRunner.run("info", GUEST, QEMU, "--offset", QEMU + "=-2.5", "--json");
        JsonNode q = new ObjectMapper().readTree(given.out()).get("files").get(1);
        assertEquals(-2.5, q.get("offsetSeconds").asDouble(), 1e-9);
        assertEquals(false, q.get("offsetEstimated").asBoolean());
    }

    @Test
    void wrongFormatGivesOneClearError() {
        CliRunner r = CliRunner.run("info", GUEST, "--format", "qemu-log");
        assertEquals(2, r.exit());
        assertTrue(
                r.err().startsWith("orderlens: " + GUEST + ":1: not a QEMU trace-event log"),
                r.err());
    }
}
