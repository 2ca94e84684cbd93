package dev.orderlens.cli;

import dev.orderlens.export.TraceCache;
import dev.orderlens.importer.BlktraceImporter;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.Importers;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The files and per-file choices every trace-reading command takes: {@code FILE... [--format F]
 * [--layer FILE=L] [--offset FILE=S]}.
 */
public final class TraceInputOptions {
    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "Trace files (blkparse text, QEMU log, QEMU simpletrace binary, trace JSON,"
                            + " block tracepoints as text from ftrace, trace-cmd or perf script,"
                            + " blktrace binary: its per-CPU files, their folder, or - with --format"
                            + " blktrace for a pipe; .gz/.xz ok).")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "F",
            description =
                    "Input format for all files instead of detecting it: json, blkparse, qemu-log,"
                            + " blktrace, tracepoints, simpletrace.")
    String format;

    @Option(
            names = "--layer",
            paramLabel = "FILE=L",
            mapFallbackValue = "",
            description = "Layer a file describes: guest, virtio, host or device.")
    Map<String, String> layers = new LinkedHashMap<>();

    @Option(
            names = "--offset",
            paramLabel = "FILE=S",
            description = "Clock offset in seconds added to a file's times.")
    Map<String, String> offsets = new LinkedHashMap<>();

    @Option(
            names = "--no-cache",
            description =
                    "Import the files even when the trace cache holds them, and store nothing"
                            + " there (the cache: $XDG_CACHE_HOME/orderlens, default"
                            + " ~/.cache/orderlens).")
    boolean noCache;

    /**
     * Loads the files as one trace, from the trace cache when it holds them unchanged (and into it
     * after an import); problems become {@link UserError}s with exit code 2.
     */
    public Trace load() {
        if (format != null && Importers.byId(format) == null) {
            throw new UserError(
                    "--format: unknown format '"
                            + format
                            + "' (known: "
                            + String.join(", ", Importers.ids())
                            + ")");
        }
        checkKeys(layers, "--layer");
        checkKeys(offsets, "--offset");
        List<TraceLoader.FileSpec> specs = new ArrayList<>();
        try {
            for (Path p : files) {
                TraceLoader.FileSpec spec =
                        new TraceLoader.FileSpec(
                                p.toString().equals("-") && BlktraceImporter.ID.equals(format)
                                        ? TraceLoader.blktraceStdin()
                                        : TraceLoader.open(p),
                                format,
                                valueFor(layers, p),
                                offsetFor(p));
                specs.add(spec);
            }
            TraceCache cache = noCache ? null : TraceCache.userDefault();
            if (cache == null) {
                return TraceLoader.load(specs, Progress.NONE);
            }
            TraceCache.Loaded loaded = cache.open(specs, Progress.NONE);
            if (loaded.toWrite() != null) {
                cache.write(loaded.toWrite(), loaded.trace());
            }
            return loaded.trace();
        } catch (ImportException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(readError(e));
        }
    }

    /**
     * One line naming the file (the only one, or all given) and, for a JSON error, its line: an
     * IOException from a decompressor or Jackson knows neither ("cannot read input: null" for a
     * truncated .gz, issue 17 item 13).
     */
    private String readError(IOException e) {
        String where = String.join(", ", files.stream().map(Path::toString).toList());
        String what;
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            var loc = j.getLocation();
            if (loc != null && loc.getLineNr() > 0 && files.size() == 1) {
                where += ":" + loc.getLineNr();
            }
            what = "not valid JSON: " + j.getOriginalMessage();
        } else if (e instanceof java.io.EOFException || e.getMessage() == null) {
            what = "ends too early (a truncated file or compressed stream?)";
        } else {
            what = "cannot be read: " + e.getMessage();
        }
        return where + ": " + what.lines().findFirst().orElse("");
    }

    private void checkKeys(Map<String, String> map, String option) {
        for (String key : map.keySet()) {
            boolean known = files.stream().anyMatch(p -> matches(p, key));
            if (!known) {
                throw new UserError(
                        option + " " + key + "=...: " + key + " is not one of the input files");
            }
        }
    }

    private static boolean matches(Path p, String key) {
        return p.toString().equals(key)
                || p.getFileName().toString().equals(key)
                || p.toAbsolutePath().normalize().equals(Path.of(key).toAbsolutePath().normalize());
    }

    private static String valueFor(Map<String, String> map, Path p) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (matches(p, e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private Double offsetFor(Path p) {
        String v = valueFor(offsets, p);
        if (v == null) {
            return null;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UserError(
                    "--offset " + p + "=" + v + ": expected seconds, e.g. 0.25 or -1.5");
        }
        if (Double.isNaN(seconds) || Math.abs(seconds) > MAX_OFFSET_SECONDS) {
            // NaN was taken as 0 and 1e300 wrapped the file's times (issue 17, item 11)
            throw new UserError(
                    "--offset "
                            + p
                            + "="
                            + v
                            + ": expected seconds between -4.6e9 and 4.6e9, e.g. 0.25 or -1.5");
        }
        return seconds;
    }

    /**
     * Times are 64-bit nanoseconds and a file's own times stay under 2^62 ns (about 4.6e9 s), so an
     * offset of up to that much in either direction cannot wrap a shifted time.
     */
    static final double MAX_OFFSET_SECONDS = 4.6e9;
}
