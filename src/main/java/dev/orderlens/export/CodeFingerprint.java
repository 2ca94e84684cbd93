package dev.orderlens.export;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which build of the importers made a cached trace: the version, and the size and modification time
 * of the jar (or, run from a classes folder, of the importer and model classes) they were loaded
 * from. Part of every cache key, so a fixed importer never serves a trace its older self built —
 * even between two builds that both say "dev".
 */
final class CodeFingerprint {
    private CodeFingerprint() {}

    private static volatile String value;

    static String get() {
        String v = value;
        if (v == null) {
            v = Version.version() + " " + of(codeLocation());
            value = v;
        }
        return v;
    }

    private static Path codeLocation() {
        try {
            var source = TraceLoader.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (Exception e) {
            return null; // an unusual class loader: the version alone names the build
        }
    }

    static String of(Path location) {
        if (location == null) {
            return "unknown";
        }
        try {
            if (Files.isRegularFile(location)) {
                return Files.size(location) + " " + Files.getLastModifiedTime(location).toMillis();
            }
            long count = 0;
            long bytes = 0;
            long newest = 0;
            for (String pkg : new String[] {"model", "importer"}) {
                Path dir = location.resolve("dev/orderlens").resolve(pkg);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (var files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        count++;
                        bytes += Files.size(p);
                        newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
                    }
                }
            }
            return count + " classes " + bytes + " " + newest;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
