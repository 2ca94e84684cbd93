package dev.orderlens.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The argument layouts of the QEMU trace events OrderLens reads, from QEMU's own {@code
 * trace-events} lines shipped as {@code qemu-trace-events.txt} (QEMU 7.2.0; each block names its
 * source file, and scripts/capture/qemu-trace-layouts.sh remakes it from a source tree). A
 * simpletrace file names its events but not their arguments, so these lines are what decodes them,
 * as the {@code trace-events-all} file does for QEMU's scripts/simpletrace.py.
 */
final class QemuEventLayouts {
    static final String RESOURCE = "qemu-trace-events.txt";

    /** The QEMU version the shipped lines come from (their first comment line says so). */
    static final String VERSION = "7.2.0";

    private static final Map<String, QemuEventLayout> BUILT_IN = load();

    private QemuEventLayouts() {}

    /** The layout of the event called {@code name}, or null when none is shipped. */
    static QemuEventLayout get(String name) {
        return BUILT_IN.get(name);
    }

    static int size() {
        return BUILT_IN.size();
    }

    private static Map<String, QemuEventLayout> load() {
        Map<String, QemuEventLayout> m = new HashMap<>();
        try (InputStream in = QemuEventLayouts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    QemuEventLayout l = QemuEventLayout.parse(line);
                    m.put(l.name(), l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
