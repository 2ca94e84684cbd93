package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped QEMU 7.2 trace-events layouts: each line parses, the keys are the words the log
 * importer looks for, and a layout prints values exactly as the log backend printed them on the
 * real captures in sample-traces/ (glibc printf of the same format).
 */
class QemuEventLayoutTest {
    static final Path SAMPLES = Path.of("sample-traces");

    @Test
    void everyShippedLineParses() throws Exception {
        long lines;
        try (InputStream in =
                QemuEventLayouts.class.getResourceAsStream(QemuEventLayouts.RESOURCE)) {
            lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank() && !l.startsWith("#"))
                            .count();
        }
        assertEquals(lines, QemuEventLayouts.size());
        assertTrue(lines > 60, "the block, virtio, backend and qcow2 events: " + lines);
    }

    @Test
    void keysAreTheWordsBeforeEachConversion() {
        // block/trace-events: "blk %p bs %p offset %"PRId64" bytes %" PRId64 " flags 0x%x"
        assertArrayEquals(
                new String[] {"blk", "bs", "offset", "bytes", "flags"},
                QemuEventLayouts.get("blk_co_pwritev").keys());
        // "LuringState %p luringcb %p ret %d": the C names (s, aiocb) are not what is printed
        assertArrayEquals(
                new String[] {"LuringState", "luringcb", "ret"},
                QemuEventLayouts.get("luring_process_completion").keys());
        // "event=%d data=%p": glued to '=', the log importer finds neither; "(%s)" neither
        assertArrayEquals(
                new String[] {null, null},
                QemuEventLayouts.get("monitor_protocol_event_emit").keys());
        assertArrayEquals(
                new String[] {"running", "reason", null},
                QemuEventLayouts.get("vm_state_notify").keys());
        // "pool %p: %s: cluster_type %d ...": the key may end in ':'; the string after it has none
        QemuEventLayout task = QemuEventLayouts.get("qcow2_add_task");
        assertEquals("pool", task.keys()[2]);
        assertEquals(null, task.keys()[3]);
        assertTrue(task.strings()[3]);
    }

    @Test
    void valuesArePrintedAsTheLogBackendPrintedThem() {
        // werror-report.qemu.log line 127: ret is an int; -28 arrives as the u64 0x...ffe4
        QemuEventLayout l = QemuEventLayouts.get("thread_pool_complete");
        long[] v = {0x5592ad1d9500L, 0x5592ae16a590L, 0x7f54d2ffb7a0L, 0};
        v[3] = l.value(3, 0xffff_ffff_ffff_ffe4L);
        assertEquals(-28, v[3]);
        assertEquals(
                "pool 0x5592ad1d9500 req 0x5592ae16a590 opaque 0x7f54d2ffb7a0 ret -28",
                l.render(v, new String[4]));
        // writeback.qemu.log line 63
        assertEquals(
                "blk 0x561880a9b3a0 bs 0x561880a9dc70 offset 41943040 bytes 4096 flags 0x8",
                QemuEventLayouts.get("blk_co_pwritev")
                        .render(
                                new long[] {0x561880a9b3a0L, 0x561880a9dc70L, 41943040, 4096, 8},
                                new String[5]));
        // qcow2-alloc.qemu.log line 99: a NULL pointer is "(nil)", the string between colons
        assertEquals(
                "co 0x562310841220 bs 0x56230f9aed60 pool (nil): write: cluster_type 0"
                        + " file_cluster_offset 327680 offset 0 bytes 4096 qiov 0x56231083b498"
                        + " qiov_offset 0",
                QemuEventLayouts.get("qcow2_add_task")
                        .render(
                                new long[] {
                                    0x562310841220L,
                                    0x56230f9aed60L,
                                    0,
                                    0,
                                    0,
                                    327680,
                                    0,
                                    4096,
                                    0x56231083b498L,
                                    0
                                },
                                new String[] {
                                    null, null, null, "write", null, null, null, null, null, null
                                }));
        // an unsigned int printed with %u keeps its 32 bits: (uint64_t)(unsigned)-1
        assertEquals(0xffff_ffffL, QemuEventLayouts.get("virtqueue_fill").value(2, 0xffff_ffffL));
    }

    /**
     * Every event line of the real QEMU logs in sample-traces/ whose event has a layout and whose
     * every argument has a key: read its values back by key from the text and print them through
     * the layout: the result must be the line's own text, character for character.
     */
    @Test
    void everyKeyedLineOfTheRealLogsPrintsBackIdentically() throws Exception {
        int checked = 0;
        QemuLineArgs args = new QemuLineArgs();
        Fields f = new Fields();
        for (String name :
                List.of(
                        "writeback.qemu.log",
                        "none.qemu.log",
                        "qcow2-alloc.qemu.log",
                        "werror-stop.qemu.log",
                        "werror-report.qemu.log")) {
            for (String line : Files.readAllLines(SAMPLES.resolve(name))) {
                int colon = line.indexOf(':');
                int space = line.indexOf(' ', colon);
                if (colon < 0 || space < 0) {
                    continue;
                }
                QemuEventLayout l = QemuEventLayouts.get(line.substring(colon + 1, space));
                if (l == null || java.util.Arrays.asList(l.keys()).contains(null)) {
                    continue;
                }
                byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
                f.reset(b, 0, b.length);
                args.split(f, space + 1);
                long[] v = new long[l.arity()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = args.get(l.keys()[i]);
                }
                assertEquals(line.substring(space + 1), l.render(v, new String[v.length]), name);
                checked++;
            }
        }
        assertTrue(checked > 2000, "lines checked: " + checked);
    }
}
