package dev.orderlens.importer;

import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.util.List;

/**
 * One input format. {@link #sniff} scores the first lines cheaply; {@link #read} turns one file
 * into a trace whose single {@link dev.orderlens.model.SourceFile} records what the import found.
 */
public interface TraceImporter {
    /** Short id used by {@code --format}: "json", "blkparse", "qemu-log". */
    String id();

    /** One line for help text and the open dialog. */
    String description();

    /**
     * Confidence 0..100 that the file is in this format, from its first lines (at most {@link
     * Importers#SNIFF_LINES}, already decompressed). 0 = certainly not.
     */
    int sniff(List<String> head);

    /**
     * Whether the format records a Linux block layer (blkparse, blktrace, the block tracepoints):
     * opened together with a QEMU log, such a file is the guest's view.
     */
    default boolean linuxBlockLayer() {
        return false;
    }

    /** The layer a file of this format describes when the user does not say (e.g. "guest"). */
    default String defaultLayer() {
        return null;
    }

    /**
     * Reads a whole file. Bad lines are skipped and recorded on the trace's source file; a file
     * that cannot be read at all throws {@link ImportException} naming the file and line.
     */
    Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException;
}
