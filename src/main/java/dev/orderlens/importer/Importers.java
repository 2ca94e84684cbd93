package dev.orderlens.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The registry of importers and the format detector. */
public final class Importers {
    /** How many lines {@link TraceImporter#sniff} sees. */
    public static final int SNIFF_LINES = 64;

    private static final int MAX_SNIFF_LINE = 4096;

    private static final List<TraceImporter> ALL =
            List.of(
                    new JsonTraceImporter(),
                    new BlkparseImporter(),
                    new QemuLogImporter(),
                    new BlktraceImporter(),
                    new TracepointImporter(),
                    new SimpletraceImporter());

    private Importers() {}

    public static List<TraceImporter> all() {
        return ALL;
    }

    /** The importer with this id ("json", "blkparse", "qemu-log"), or null. */
    public static TraceImporter byId(String id) {
        String n = id.toLowerCase(Locale.ROOT);
        for (TraceImporter i : ALL) {
            if (i.id().equals(n)) {
                return i;
            }
        }
        return null;
    }

    public static List<String> ids() {
        return ALL.stream().map(TraceImporter::id).toList();
    }

    /** The importer chosen for a file and how sure the detector was. */
    public record Detection(TraceImporter importer, int score) {}

    /**
     * Picks the importer whose {@link TraceImporter#sniff} scores the first lines highest. A binary
     * file or a file no importer recognises gives one clear {@link ImportException}.
     */
    public static Detection detect(ImportInput input) throws IOException, ImportException {
        byte[] start = start(input);
        if (BlktraceImporter.isBlktrace(start)) { // binary: told by the record magic
            return new Detection(byId(BlktraceImporter.ID), 100);
        }
        if (SimpletraceImporter.isSimpletrace(start)) { // binary: told by its header
            return new Detection(byId(SimpletraceImporter.ID), 100);
        }
        checkText(input);
        List<String> head = head(input);
        if (head.stream().allMatch(String::isBlank)) {
            throw new ImportException(input.name(), 0, "the file is empty");
        }
        TraceImporter best = null;
        int bestScore = 0;
        for (TraceImporter i : ALL) {
            int s = i.sniff(head);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        if (best == null) {
            throw new ImportException(
                    input.name(),
                    1,
                    "not a trace OrderLens knows (expected "
                            + String.join(", ", ids())
                            + "); first line: "
                            + abbreviate(
                                    head.stream()
                                            .filter(l -> !l.isBlank())
                                            .findFirst()
                                            .orElse("")));
        }
        return new Detection(best, bestScore);
    }

    /**
     * Throws one clear {@link ImportException} when the file is binary (a blktrace dump,
     * simpletrace, ...).
     */
    public static void checkText(ImportInput input) throws IOException, ImportException {
        byte[] start = start(input);
        String binary = binaryKind(start);
        if (binary != null) {
            throw new ImportException(input.name(), 0, binary);
        }
        if (start.length < 8192
                && new String(start, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            throw new ImportException(input.name(), 0, "the file is empty");
        }
    }

    /** The first 8 KiB of the decompressed bytes. */
    static byte[] start(ImportInput input) throws IOException {
        try (InputStream in = input.openStream()) {
            return in.readNBytes(8192);
        }
    }

    /** The first {@link #SNIFF_LINES} lines of the decompressed text, each cut at 4 KiB. */
    public static List<String> head(ImportInput input) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = input.openReader()) {
            char[] buf = new char[MAX_SNIFF_LINE];
            StringBuilder line = new StringBuilder();
            int n;
            outer:
            while ((n = r.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                        if (lines.size() >= SNIFF_LINES) {
                            break outer;
                        }
                    } else if (c != '\r' && line.length() < MAX_SNIFF_LINE) {
                        line.append(c);
                    }
                }
                if (lines.size() >= SNIFF_LINES) {
                    break;
                }
            }
            if (line.length() > 0 && lines.size() < SNIFF_LINES) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** Why the bytes are not a text trace, or null when they look like text. */
    static String binaryKind(byte[] b) {
        if (BlktraceImporter.isBlktrace(b)) {
            return "this is a binary blktrace file; open it with --format blktrace (or without"
                    + " --format)";
        }
        if (SimpletraceImporter.isSimpletrace(b)) {
            return "this is a QEMU simpletrace binary; open it with --format simpletrace (or without"
                    + " --format)";
        }
        int control = 0;
        for (byte x : b) {
            int c = x & 0xff;
            if (c == 0) {
                return "binary data (NUL bytes), not a text trace";
            }
            if (c < 0x09 || (c > 0x0d && c < 0x20)) {
                control++;
            }
        }
        if (b.length > 0 && control * 10 > b.length) {
            return "binary data, not a text trace";
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
