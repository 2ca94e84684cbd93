package dev.orderlens.importer;

import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.HeapBudget;
import dev.orderlens.model.Layer;
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
    private TraceLoader() {}

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

    /**
     * Opens a path as an input, with a one-line error for missing, unreadable or directory paths.
     */
    public static ImportInput open(Path path) throws ImportException {
        if (Files.isDirectory(path)) {
            List<Path> perCpu = blktraceFiles(path, null);
            if (perCpu.isEmpty()) {
                throw new ImportException(
                        path.toString(),
                        0,
                        "is a directory with no blktrace files (<device>.blktrace.<cpu>), not a trace"
                                + " file");
            }
            return ofParts(path.toString(), perCpu);
        }
        var perCpu = BlktraceImporter.PER_CPU.matcher(path.getFileName().toString());
        if (perCpu.matches() && Files.isReadable(path)) {
            // like blkparse -i: one CPU's file stands for all of that device's files
            Path dir = path.toAbsolutePath().getParent();
            List<Path> siblings = blktraceFiles(dir, perCpu.group(1));
            if (siblings.size() > 1) {
                Path parent = path.getParent();
                String name = perCpu.group(1) + ".blktrace";
                return ofParts(parent == null ? name : parent.resolve(name).toString(), siblings);
            }
        }
        return openFile(path);
    }

    private static ImportInput openFile(Path path) throws ImportException {
        String unreadable = ImportInput.unreadableReason(path);
        if (unreadable != null) {
            throw new ImportException(
                    path.toString(),
                    0,
                    unreadable.equals("is a directory, not a file")
                            ? "is a directory, not a trace file"
                            : unreadable);
        }
        try {
            return ImportInput.of(path);
        } catch (NoSuchFileException e) {
            throw new ImportException(path.toString(), 0, "no such file");
        } catch (IOException e) {
            throw new ImportException(path.toString(), 0, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The blktrace per-CPU files in a directory (of one device, or of all when {@code device} is
     * null), ordered by device, then CPU.
     */
    static List<Path> blktraceFiles(Path dir, String device) throws ImportException {
        List<Path> found = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.forEach(
                    p -> {
                        var m = BlktraceImporter.PER_CPU.matcher(p.getFileName().toString());
                        if (m.matches()
                                && (device == null || m.group(1).equals(device))
                                && Files.isRegularFile(p)) {
                            found.add(p);
                        }
                    });
        } catch (IOException e) {
            throw new ImportException(dir.toString(), 0, "cannot be listed: " + e.getMessage());
        }
        found.sort(
                java.util.Comparator.comparing(
                                (Path p) -> {
                                    var m =
                                            BlktraceImporter.PER_CPU.matcher(
                                                    p.getFileName().toString());
                                    m.matches();
                                    return m.group(1);
                                })
                        .thenComparingInt(p -> BlktraceImporter.cpuOf(p.getFileName().toString())));
        return found;
    }

    /**
     * Standard input as one blktrace stream ({@code blktrace -o - | orderlens info --format
     * blktrace -}): read once, into memory, because an input is opened more than once. Only for an
     * explicit {@code --format blktrace}, so a bare {@code -} never waits on a terminal.
     */
    public static ImportInput blktraceStdin() throws ImportException {
        try {
            return ImportInput.ofBytes("-", System.in.readAllBytes());
        } catch (IOException e) {
            throw new ImportException("-", 0, "cannot read standard input: " + e.getMessage());
        }
    }

    private static ImportInput ofParts(String name, List<Path> files) throws ImportException {
        List<ImportInput> parts = new ArrayList<>();
        for (Path p : files) {
            parts.add(openFile(p));
        }
        return ImportInput.ofParts(name, parts);
    }

    public static Trace load(Path path) throws IOException, ImportException {
        return load(List.of(FileSpec.of(path)), Progress.NONE);
    }

    /**
     * What will be read for one file before it is read: its importer and the layer it gets. The
     * open dialog shows these as defaults.
     */
    public record Plan(FileSpec spec, TraceImporter importer, String layer) {}

    /**
     * Detects (or takes) each file's format and picks each file's layer: the user's, else the
     * importer's default, except that a Linux block-layer file (blkparse, blktrace, tracepoints)
     * opened together with a QEMU log or simpletrace is the guest's view ("guest"), while alone it
     * is taken to be a device ("device").
     */
    public static List<Plan> plan(List<FileSpec> files) throws IOException, ImportException {
        files = withoutRepeatedGroups(files);
        List<TraceImporter> importers = new ArrayList<>();
        for (FileSpec f : files) {
            importers.add(importerFor(f));
        }
        boolean withQemu =
                importers.stream()
                        .anyMatch(
                                i ->
                                        i.id().equals(QemuLogImporter.ID)
                                                || i.id().equals(SimpletraceImporter.ID));
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            TraceImporter imp = importers.get(i);
            String layer = files.get(i).layer();
            if (layer == null) {
                layer = imp.linuxBlockLayer() && withQemu ? Layer.GUEST : imp.defaultLayer();
            }
            plans.add(new Plan(files.get(i), imp, layer));
        }
        return plans;
    }

    /**
     * Several per-CPU files of one blktrace device open as one input each; keeps the first (so
     * {@code sda.blktrace.*} on a command line is read once).
     */
    private static List<FileSpec> withoutRepeatedGroups(List<FileSpec> files) {
        List<FileSpec> kept = new ArrayList<>();
        java.util.Set<String> groups = new java.util.HashSet<>();
        for (FileSpec f : files) {
            if (f.input().parts().isEmpty() || groups.add(f.input().name())) {
                kept.add(f);
            }
        }
        return kept;
    }

    /**
     * Reads each planned file on its own clock (no offsets applied); progress counts raw bytes. A
     * file too big for the Java heap is refused (an {@link ImportException} saying how far it got)
     * before the JVM runs out of memory: see {@link HeapBudget}.
     */
    public static List<Trace> read(List<Plan> plans, Progress progress)
            throws IOException, ImportException {
        try (HeapBudget budget = HeapBudget.open()) {
            return read(plans, progress, budget);
        }
    }

    private static List<Trace> read(List<Plan> plans, Progress progress, HeapBudget budget)
            throws IOException, ImportException {
        long total = 0;
        for (Plan p : plans) {
            total += p.spec().input().sizeBytes();
        }
        List<Trace> parts = new ArrayList<>();
        long done = 0;
        for (Plan plan : plans) {
            FileSpec f = plan.spec();
            long base = done;
            long grand = total;
            Progress part =
                    new Progress() {
                        @Override
                        public void update(long d, long t) {
                            progress.update(base + d, grand);
                            budget.check(base + d);
                        }

                        @Override
                        public boolean isCancelled() {
                            return progress.isCancelled();
                        }
                    };
            Trace t;
            try {
                t = plan.importer().read(f.input(), new ImportOptions(plan.layer(), false), part);
            } catch (HeapBudget.Exceeded | OutOfMemoryError e) {
                // the partial trace is garbage once we are here: the message can be built
                throw new ImportException(f.input().name(), 0, tooBig(budget, e, f.input()), e);
            }
            if (f.layer() != null && t.layers().size() > 1) {
                for (SourceFile sf : t.sources()) {
                    sf.warn(
                            "the layer given for this file ("
                                    + f.layer()
                                    + ") is ignored: the file holds several layers ("
                                    + String.join(
                                            ", ", t.layers().stream().map(l -> l.id()).toList())
                                    + ")");
                }
            } else if (f.layer() != null) {
                t = TraceMerger.relabelLayer(t, f.layer());
            }
            done += f.input().sizeBytes();
            progress.update(done, total);
            parts.add(t);
        }
        return parts;
    }

    /**
     * The clock offset of each part: the user's where given, else estimated by {@link
     * OffsetEstimator} against the earlier file it shares the most agreeing writes with (the first
     * file is the reference, offset 0 unless given). Records each offset, and for estimates the
     * matches, agreement and reference, on the part's {@link SourceFile}; a file whose offset
     * cannot be estimated gets offset 0 and a warning saying how to give one.
     */
    public static long[] offsets(List<Trace> parts, List<Double> givenSeconds) {
        List<List<ClockSegment>> a = alignments(parts, givenSeconds);
        long[] offsets = new long[a.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = a.get(i).get(0).offsetNs();
        }
        return offsets;
    }

    /**
     * Like {@link #offsets}, but each part's full clock alignment: one segment, or one per stretch
     * between VM pauses (recorded on the part's {@link SourceFile#clockSegments}).
     */
    public static List<List<ClockSegment>> alignments(
            List<Trace> parts, List<Double> givenSeconds) {
        List<List<ClockSegment>> result = new ArrayList<>();
        long[] offsets = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Double given = givenSeconds.get(i);
            offsets[i] = given == null ? 0 : Time.ofSeconds(given);
            OffsetEstimator.Alignment best = null;
            int bestRef = -1;
            for (int j = 0; given == null && j < i; j++) {
                OffsetEstimator.Alignment e = OffsetEstimator.align(parts.get(j), parts.get(i));
                if (e != null && (best == null || e.agreeing() > best.agreeing())) {
                    best = e;
                    bestRef = j;
                }
            }
            for (SourceFile sf : parts.get(i).sources()) {
                if (best != null) {
                    sf.metadata().put(OFFSET_MATCHES, Integer.toString(best.matches()));
                    sf.metadata().put(OFFSET_AGREEING, Integer.toString(best.agreeing()));
                    sf.metadata().put(OFFSET_REFERENCE, parts.get(bestRef).sources().get(0).path());
                    if (best.pausesDetected()) {
                        sf.metadata().put(OFFSET_PAUSES_FOUND, "true");
                    }
                } else if (given == null && i > 0) {
                    sf.warn(
                            "could not estimate this file's clock offset against the files before it"
                                    + " (fewer than "
                                    + OffsetEstimator.MIN_MATCHES
                                    + " writes matched by sector);"
                                    + " give it with --offset FILE=SECONDS");
                }
            }
            List<ClockSegment> segments = TraceMerger.constant(offsets[i]);
            if (best != null) {
                offsets[i] = offsets[bestRef] + best.baseOffsetNs();
                long base = offsets[bestRef];
                segments =
                        best.segments().stream()
                                .map(
                                        c ->
                                                new ClockSegment(
                                                        c.fromNs(),
                                                        base + c.offsetNs(),
                                                        c.pauseNs(),
                                                        c.pausedFromNs(),
                                                        c.estimated()))
                                .toList();
            }
            for (SourceFile sf : parts.get(i).sources()) {
                sf.offset(offsets[i], best != null);
                sf.clockSegments(segments);
            }
            result.add(segments);
        }
        return result;
    }

    /**
     * Metadata keys of an estimated offset: writes matched, writes that agree, the reference file.
     */
    public static final String OFFSET_MATCHES = "offset.matches";

    public static final String OFFSET_AGREEING = "offset.agreeing";
    public static final String OFFSET_REFERENCE = "offset.reference";

    /**
     * Metadata key set when the file's pauses were found from jumps in the matched offsets (its log
     * records no VM-state events).
     */
    public static final String OFFSET_PAUSES_FOUND = "offset.pausesFound";

    /** Loads and merges the files; progress counts raw bytes over all files. */
    public static Trace load(List<FileSpec> files, Progress progress)
            throws IOException, ImportException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files");
        }
        List<Plan> plans = plan(files);
        try (HeapBudget budget = HeapBudget.open()) {
            List<Trace> parts = read(plans, progress, budget);
            try {
                List<List<ClockSegment>> alignments =
                        alignments(
                                parts, plans.stream().map(p -> p.spec().offsetSeconds()).toList());
                Trace merged = TraceMerger.mergeAligned(parts, alignments);
                if (parts.size() > 1) {
                    // a guest blkparse + a QEMU log: link each guest request to its virtio request
                    int[] links = GuestVirtioLinks.parents(merged);
                    if (links != null) {
                        merged = TraceMerger.withParents(merged, links);
                    }
                }
                return merged;
            } catch (HeapBudget.Exceeded | OutOfMemoryError e) {
                String names =
                        String.join(
                                ", ", plans.stream().map(p -> p.spec().input().name()).toList());
                throw new ImportException(names, 0, budget.mergeRefusal(e), e);
            }
        }
    }

    /** The one-line reason an import was stopped by the heap: how far it got, how to go on. */
    private static String tooBig(HeapBudget budget, Throwable e, ImportInput in) {
        return budget.refusal(e, in.bytesRead(), in.sizeBytes(), in.decompressedBytesRead());
    }

    private static TraceImporter importerFor(FileSpec f) throws IOException, ImportException {
        if (f.format() != null) {
            TraceImporter i = Importers.byId(f.format());
            if (i == null) {
                throw new ImportException(
                        f.input().name(),
                        0,
                        "unknown format '"
                                + f.format()
                                + "' (known: "
                                + String.join(", ", Importers.ids())
                                + ")");
            }
            if (!i.id().equals(BlktraceImporter.ID) && !i.id().equals(SimpletraceImporter.ID)) {
                Importers.checkText(f.input()); // --format does not make a binary file readable
            }
            return i;
        }
        return Importers.detect(f.input()).importer();
    }
}
