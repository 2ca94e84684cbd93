package dev.orderlens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Names of requests on real captures and a hand-made pair: unique across files and layers, and read
 * back by {@code find}.
 */
class RequestNamesTest {
    static final Path SAMPLES = Path.of("sample-traces");

    static Trace load(String... files) throws Exception {
        List<TraceLoader.FileSpec> specs = new java.util.ArrayList<>();
        for (String f : files) {
            specs.add(TraceLoader.FileSpec.of(SAMPLES.resolve(f)));
        }
        return TraceLoader.load(specs, Progress.NONE);
    }

    @Test
    void aGuestAndQemuPairHasNoTwoRequestsOfOneName() throws Exception {
        Trace t = load("writeback.guest.blkparse.txt", "writeback.qemu.log");
        Requests r = t.requests();
        Set<String> names = new HashSet<>();
        Set<Integer> bareIds = new HashSet<>();
        int bareCollisions = 0;
        for (int row = 0; row < r.size(); row++) {
            names.add(t.names().id(row));
            if (!bareIds.add(r.id(row))) {
                bareCollisions++;
            }
        }
        // ids are line numbers per file: the bare numbers do collide across the two files ...
        assertTrue(bareCollisions > 0, "the pair is a real test of collisions");
        // ... the names do not
        assertEquals(r.size(), names.size());
        for (int row = 0; row < r.size(); row++) {
            assertArrayEquals(
                    new int[] {row}, t.names().find(t.names().id(row)), t.names().id(row));
        }
    }

    @Test
    void nameFormsAndSources() throws Exception {
        Trace t = load("writeback.guest.blkparse.txt", "writeback.qemu.log");
        Requests r = t.requests();
        // the guest file's first request: blkparse names it by the line of its first event, line 1
        // ("252,0 ... Q WS 81920 + 8"): guest#1, a write of 8 sectors at 81920
        int row = t.names().find("guest#1")[0];
        assertEquals("guest", t.layerId(row));
        assertEquals(81920, r.sector(row));
        assertEquals("guest#1", t.names().id(row));
        assertEquals("guest#1 write", t.names().label(row));
        assertEquals("writeback.guest.blkparse.txt:1", t.names().source(row));
        assertArrayEquals(new int[] {row}, t.names().find("GUEST:1"));
        assertArrayEquals(new int[] {row}, t.names().find(" guest#1 "));
        assertEquals(0, t.names().find("nolayer#1").length);
        assertEquals(0, t.names().find("guest#x").length);
        assertEquals(0, t.names().find("").length);
        // a bare number names every request with that id, at every layer
        for (int hit : t.names().find("#" + r.id(row))) {
            assertEquals(r.id(row), r.id(hit));
        }
    }

    @Test
    void twoFilesOfOneLayerAreToldApartByFile() throws Exception {
        Trace t = load("writeback.guest.blkparse.txt", "unsafe.guest.blkparse.txt");
        Requests r = t.requests();
        Set<String> names = new HashSet<>();
        for (int row = 0; row < r.size(); row++) {
            String n = t.names().id(row);
            String file = RequestNames.baseName(t.sources().get(r.file(row)).path());
            assertEquals(t.layerId(row) + "@" + file + "#" + r.id(row), n);
            names.add(n);
            assertArrayEquals(new int[] {row}, t.names().find(n));
        }
        assertEquals(r.size(), names.size());
        // the first line of each file is a request: both rows
        assertEquals(2, t.names().find(t.layerId(0) + "#1").length);
    }

    /**
     * A hand-made pair: one file with a guest write and a virtio write that both carry id 7 (as a
     * guest blkparse line 7 and a QEMU log line 7 would). Their names tell them apart by layer, a
     * qualified name finds one, the bare id finds both, and an unknown layer finds none.
     */
    @Test
    void oneIdInTwoLayersIsNamedByItsLayer() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("pair.json", "test"));
        int g = b.lane(b.layer(Layer.GUEST), f, "vda");
        int v = b.lane(b.layer(Layer.VIRTIO), f, "vq0");
        int guest = b.requests().add(g, Op.WRITE, 0, 0, 8, 0, 1, 10, Status.OK);
        int virtio = b.requests().add(v, Op.WRITE, 0, 0, 8, 2, 3, 9, Status.OK);
        b.requests().setId(guest, 7);
        b.requests().setId(virtio, 7);
        b.requests().setParent(virtio, guest);
        Trace t = b.build();
        int gRow = t.names().find("guest#7")[0];
        int vRow = t.names().find("virtio#7")[0];
        assertEquals("guest", t.layerId(gRow));
        assertEquals("virtio", t.layerId(vRow));
        assertEquals("guest#7", t.names().id(gRow));
        assertEquals("virtio#7", t.names().id(vRow));
        assertArrayEquals(new int[] {gRow, vRow}, sorted(t.names().find("7")));
        assertArrayEquals(new int[] {gRow, vRow}, sorted(t.names().find("#7")));
        assertEquals(0, t.names().find("host#7").length);
        assertEquals(0, t.names().find("guest#8").length);
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
