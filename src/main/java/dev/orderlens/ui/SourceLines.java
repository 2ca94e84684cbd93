package dev.orderlens.ui;

import dev.orderlens.importer.ImportInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a request's raw source lines back from its file, by line number. Compressed files are read
 * through {@link ImportInput} like the import did; the bundled sample is read from the jar. Call
 * off the FX thread: reaching line 5,000,000 of a big log takes a moment.
 */
final class SourceLines {
    /** Lines longer than this are cut (binary junk, huge JSON lines). */
    static final int MAX_LINE = 2000;

    private SourceLines() {}

    /**
     * Opens a source file as the import did: the bundled sample from the jar, anything else from
     * disk.
     */
    static ImportInput open(String sourcePath) throws IOException {
        if (MainWindow.EMBEDDED_NAME.equals(sourcePath)) {
            return ImportInput.ofResource(
                    sourcePath, SourceLines.class, MainWindow.EMBEDDED_RESOURCE);
        }
        Path p;
        try {
            p = Path.of(sourcePath);
        } catch (InvalidPathException e) {
            throw new IOException(sourcePath + ": not a file path");
        }
        if (!Files.isReadable(p)) {
            throw new IOException(
                    sourcePath + ": " + (Files.exists(p) ? "cannot be read" : "no longer exists"));
        }
        return ImportInput.of(p);
    }

    /**
     * The text of each wanted line (1-based), in line order; lines past the end of the file are
     * missing.
     */
    static Map<Integer, String> read(String sourcePath, int[] lines) throws IOException {
        int[] wanted = lines.clone();
        Arrays.sort(wanted);
        Map<Integer, String> out = new LinkedHashMap<>();
        if (wanted.length == 0) {
            return out;
        }
        try (BufferedReader r = open(sourcePath).openReader()) {
            int next = 0;
            int lineNo = 0;
            String line;
            while (next < wanted.length && (line = r.readLine()) != null) {
                lineNo++;
                while (next < wanted.length && wanted[next] < lineNo) {
                    next++;
                }
                if (next < wanted.length && wanted[next] == lineNo) {
                    out.put(
                            lineNo,
                            line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " …" : line);
                    next++;
                }
            }
        }
        return out;
    }
}
