package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.HeapBudget;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads QEMU's binary simpletrace files ({@code --enable-trace-backends=simple}, {@code -trace
 * events=FILE,file=trace.bin}; docs/importers.md). Each event record is decoded through its event's
 * {@code trace-events} layout ({@link QemuEventLayouts}) into the same {@link QemuEvent} the log
 * importer makes from a line, and fed to the same {@link QemuRequests}: one request reconstruction
 * for both backends. Request ids are record numbers (the n-th event record).
 *
 * <p>Times: trace/simple.c stamps each record with {@code get_clock()}, the host's CLOCK_MONOTONIC
 * in ns (include/qemu/timer.h), where the log backend prints gettimeofday's wall clock in µs. Both
 * are made relative to the file's first event, so a simpletrace file lines up with a guest trace
 * through the same offset estimate as a log; it has no wall-clock start.
 */
public final class SimpletraceImporter implements TraceImporter {
    public static final String ID = "simpletrace";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "QEMU simpletrace binary (simple backend, -trace events=FILE,file=trace.bin)";
    }

    @Override
    public String defaultLayer() {
        return Layer.VIRTIO;
    }

    /** Binary: never recognised from text lines ({@link Importers#detect} checks the header). */
    @Override
    public int sniff(List<String> head) {
        return 0;
    }

    /** Whether the (decompressed) bytes start with a simpletrace header. */
    public static boolean isSimpletrace(byte[] start) {
        return SimpletraceReader.isSimpletrace(start);
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        try (InputStream in = input.openStream()) {
            TraceBuilder b = new TraceBuilder();
            SourceFile source = new SourceFile(input.name(), ID);
            int file = b.addSource(source);
            QemuRequests requests = new QemuRequests(b, source, file);
            SimpletraceReader r = new SimpletraceReader(input.name(), in, source);
            r.header();
            Map<String, Integer> undecoded = new TreeMap<>();
            long first = Time.NONE;
            long last = 0;
            long dropped = 0;
            int records = 0;
            while (r.next()) {
                records++;
                if ((records & 0x3fff) == 0) {
                    HeapBudget.atLine(records);
                    progress.update(input.bytesRead(), input.sizeBytes());
                    progress.checkCancelled();
                }
                if (first == Time.NONE) {
                    first = r.timestamp;
                }
                // records are stamped before they take their place in QEMU's buffer, so threads
                // can write them slightly out of order: keep the timeline monotonic, as for logs
                long t = Math.max(r.timestamp - first, last);
                last = t;
                switch (r.kind) {
                    case EVENT -> requests.event(new QemuEvent(t, r.event, records, r.args));
                    case UNDECODED -> {
                        undecoded.merge(r.event, 1, Integer::sum);
                        requests.event(new QemuEvent(t, r.event, records, r.args));
                    }
                    case DROPPED -> {
                        dropped += r.dropped;
                        droppedMessage(b.events(), file, t, records, r.dropped);
                    }
                }
            }
            requests.finish();
            source.lines(records);
            if (records == 0) {
                String why =
                        source.problems().isEmpty()
                                ? "the file holds no event records"
                                : source.problems().get(0).message();
                throw new ImportException(input.name(), 0, "no usable simpletrace record: " + why);
            }
            warnings(source, undecoded, dropped, r);
            source.metadata().put("clock", "host CLOCK_MONOTONIC (trace/simple.c get_clock)");
            source.metadata().put("pid", Integer.toString(r.pid));
            b.meta().source(ID).title(Path.of(input.name()).getFileName().toString());
            return b.build();
        }
    }

    /** QEMU's own record of events its full trace buffer dropped, kept on the timeline. */
    private static void droppedMessage(EventTable events, int file, long t, int line, long n) {
        int e = events.add(t, EventKind.MESSAGE, -1, -1, file, -1, 0);
        events.setText(
                e,
                "QEMU dropped "
                        + Long.toUnsignedString(n)
                        + " trace events here (its simpletrace buffer was full)");
        events.setSourceLine(e, line);
    }

    private static void warnings(
            SourceFile source, Map<String, Integer> undecoded, long dropped, SimpletraceReader r) {
        if (dropped != 0) {
            source.warn(
                    "QEMU dropped "
                            + Long.toUnsignedString(dropped)
                            + " trace events (its simpletrace buffer was full): requests may be"
                            + " missing or unfinished; trace fewer events");
        }
        if (!undecoded.isEmpty()) {
            StringBuilder sb =
                    new StringBuilder("events kept without arguments (no QEMU ")
                            .append(QemuEventLayouts.VERSION)
                            .append(" layout shipped):");
            undecoded.forEach((k, v) -> sb.append(' ').append(k).append(" ×").append(v));
            source.warn(sb.toString());
        }
        if (!r.mismatched.isEmpty()) {
            StringBuilder sb =
                    new StringBuilder(
                            "records skipped because their arguments do not match QEMU "
                                    + QemuEventLayouts.VERSION
                                    + "'s trace-events (another QEMU version?):");
            new TreeMap<>(r.mismatched)
                    .forEach((k, v) -> sb.append(' ').append(k).append(" ×").append(v));
            source.warn(sb.toString());
        }
    }
}
