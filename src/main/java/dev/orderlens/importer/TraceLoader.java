package dev.orderlens.importer;

import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one or more files as one trace: detects (or takes) each file's format, reads it with the
 * layer the user chose, shifts it by its clock offset and merges everything. The CLI and the GUI
 * both load through here.
 */
public final class TraceLoader {
    private TraceLoader() {
    }

    /**
     * One file and the user's choices for it.
     *
     * @param format importer id, or null to detect
     * @param layer layer id, or null for the importer's default
     * @param offsetSeconds clock offset to add, or null for none/estimated
     */
    public record FileSpec(ImportInput input, String format, String layer, Double offsetSeconds) {
        public static FileSpec of(Path path) throws ImportException {
            return new FileSpec(open(path), null, null, null);
        }

        public FileSpec withFormat(String f) {
            return new FileSpec(input, f, layer, offsetSeconds);
        }

        public FileSpec withLayer(String l) {
            return new FileSpec(input, format, l, offsetSeconds);
        }

        public FileSpec withOffset(Double s) {
            return new FileSpec(input, format, layer, s);
        }
    }

    /** Opens a path as an input, with a one-line error for missing, unreadable or directory paths. */
    public static ImportInput open(Path path) throws ImportException {
        if (Files.isDirectory(path)) {
            throw new ImportException(path.toString(), 0, "is a directory, not a trace file");
        }
        if (!Files.isReadable(path)) {
            throw new ImportException(path.toString(), 0,
                    Files.exists(path) ? "cannot be read (permissions?)" : "no such file");
        }
        try {
            return ImportInput.of(path);
        } catch (NoSuchFileException e) {
            throw new ImportException(path.toString(), 0, "no such file");
        } catch (IOException e) {
            throw new ImportException(path.toString(), 0, "cannot be read: " + e.getMessage());
        }
    }

    public static Trace load(Path path) throws IOException, ImportException {
        return load(List.of(FileSpec.of(path)), Progress.NONE);
    }

    /** Loads and merges the files; progress counts raw bytes over all files. */
    public static Trace load(List<FileSpec> files, Progress progress) throws IOException, ImportException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files");
        }
        long total = 0;
        for (FileSpec f : files) {
            total += f.input().sizeBytes();
        }
        List<Trace> parts = new ArrayList<>();
        long[] offsets = new long[files.size()];
        long done = 0;
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            TraceImporter importer = importerFor(f);
            long base = done;
            long grand = total;
            Progress part = new Progress() {
                @Override
                public void update(long d, long t) {
                    progress.update(base + d, grand);
                }

                @Override
                public boolean isCancelled() {
                    return progress.isCancelled();
                }
            };
            String layer = f.layer() != null ? f.layer() : importer.defaultLayer();
            Trace t = importer.read(f.input(), new ImportOptions(layer, false), part);
            if (f.layer() != null) {
                t = TraceMerger.relabelLayer(t, f.layer());
            }
            done += f.input().sizeBytes();
            progress.update(done, total);
            offsets[i] = f.offsetSeconds() == null ? 0 : Time.ofSeconds(f.offsetSeconds());
            for (SourceFile sf : t.sources()) {
                sf.offset(offsets[i], false);
            }
            parts.add(t);
        }
        return TraceMerger.merge(parts, offsets);
    }

    private static TraceImporter importerFor(FileSpec f) throws IOException, ImportException {
        if (f.format() != null) {
            TraceImporter i = Importers.byId(f.format());
            if (i == null) {
                throw new ImportException(f.input().name(), 0, "unknown format '" + f.format() + "' (known: "
                        + String.join(", ", Importers.ids()) + ")");
            }
            return i;
        }
        return Importers.detect(f.input()).importer();
    }
}
