package dev.orderlens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A capture folder given instead of files (command line, drop, Open Recent): the trace files
 * directly inside it, by name, so a guest blkparse file and a QEMU log captured together open as
 * one trace. Hidden files and files of other kinds (READMEs, scripts, images) are left out.
 */
final class CaptureFolder {
    private static final List<String> TRACE_ENDINGS = List.of(".json", ".txt", ".log", ".blkparse");

    private CaptureFolder() {}

    /** The trace files in {@code dir} (not its sub-folders), sorted by name; empty when none. */
    static List<Path> traces(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isTraceName(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static boolean isTraceName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".gz") || n.endsWith(".xz")) {
            n = n.substring(0, n.length() - 3);
        }
        for (String e : TRACE_ENDINGS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }
}
