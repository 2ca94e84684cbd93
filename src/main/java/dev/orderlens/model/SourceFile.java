package dev.orderlens.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One input file of a trace and what its import found: format, clock offset, lines read, lines
 * skipped, the first problems and the warnings (reported once each).
 */
public final class SourceFile {
    /** Keep this many problems; the rest are only counted. */
    public static final int MAX_PROBLEMS = 20;

    private final String path;
    private String format;
    private long offsetNs;
    private boolean offsetEstimated;
    private List<ClockSegment> clockSegments = List.of();
    private long lines;
    private long skippedLines;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();

    public SourceFile(String path, String format) {
        this.path = path;
        this.format = format;
    }

    public String path() {
        return path;
    }

    public String format() {
        return format;
    }

    public void format(String f) {
        this.format = f;
    }

    /** Nanoseconds added to this file's own times to place it on the trace's timeline. */
    public long offsetNs() {
        return offsetNs;
    }

    public boolean offsetEstimated() {
        return offsetEstimated;
    }

    /** The clock segments when the file's offset changes at VM pauses; empty when it has one. */
    public List<ClockSegment> clockSegments() {
        return clockSegments;
    }

    public void clockSegments(List<ClockSegment> segments) {
        clockSegments = segments.size() > 1 ? List.copyOf(segments) : List.of();
    }

    public void offset(long ns, boolean estimated) {
        this.offsetNs = ns;
        this.offsetEstimated = estimated;
    }

    public long lines() {
        return lines;
    }

    public void lines(long n) {
        this.lines = n;
    }

    public long skippedLines() {
        return skippedLines;
    }

    /** Counts a skipped line and keeps the problem if fewer than {@link #MAX_PROBLEMS} are kept. */
    public void skip(int line, String message) {
        skippedLines++;
        problem(line, message);
    }

    /** Keeps a problem without counting a skipped line. */
    public void problem(int line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(path, line, message));
        }
    }

    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Adds a warning unless the same text was already given. */
    public void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** What the file said about itself (blkparse summary, QEMU version hints, ...). */
    public java.util.Map<String, String> metadata() {
        return metadata;
    }

    /** Sets what {@link #skip} and {@link #problem} counted, for a trace read from the cache. */
    void restore(long skipped, List<Problem> kept) {
        skippedLines = skipped;
        problems.clear();
        problems.addAll(kept);
    }
}
