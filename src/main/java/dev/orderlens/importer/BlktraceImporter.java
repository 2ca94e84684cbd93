package dev.orderlens.importer;

import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads blktrace's binary output directly: the per-CPU files {@code sda.blktrace.0 ...} (an {@link
 * ImportInput} with {@link ImportInput#parts}), or one stream holding every CPU's records ({@code
 * blktrace -o -}, {@code blkparse -d}). Records are merged by time across CPUs as blkparse does in
 * file mode ({@code do_file}: the stream with the earliest next record goes first), times are made
 * relative to the first record, and each record blkparse would print is fed, through {@link
 * BlktraceFeed}, to the same {@link BlkRequests} the text importer uses, numbered as blkparse
 * numbers its output lines. So the result equals {@code blkparse -i} + {@link BlkparseImporter}.
 */
public final class BlktraceImporter implements TraceImporter {
    public static final String ID = "blktrace";

    /** A per-CPU file as blktrace names it: {@code <device>.blktrace.<cpu>}, maybe compressed. */
    static final Pattern PER_CPU = Pattern.compile("(.+)\\.blktrace\\.(\\d+)(\\.gz|\\.xz)?");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "blktrace binary (the per-CPU files sda.blktrace.N, or blktrace -o -)";
    }

    @Override
    public boolean linuxBlockLayer() {
        return true;
    }

    @Override
    public String defaultLayer() {
        return Layer.DEVICE;
    }

    /** Binary: never recognised from text lines ({@link Importers#detect} checks the magic). */
    @Override
    public int sniff(List<String> head) {
        return 0;
    }

    /** Whether the (decompressed) bytes start with a blktrace record. */
    public static boolean isBlktrace(byte[] start) {
        return BlktraceRecords.isBlktrace(start);
    }

    /** The CPU number of a per-CPU file name, or -1. */
    static int cpuOf(String fileName) {
        var m = PER_CPU.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        List<ImportInput> parts = input.parts().isEmpty() ? List.of(input) : input.parts();
        SourceFile source = new SourceFile(input.name(), ID);
        TraceBuilder b = new TraceBuilder();
        int file = b.addSource(source);
        String layer = options.layer() != null ? options.layer() : Layer.DEVICE;
        BlkRequests requests = new BlkRequests(b, source, file, b.layer(layer));
        Map<Integer, String> names = new HashMap<>();
        BlktraceFeed feed = new BlktraceFeed(requests, source, names);
        List<InputStream> opened = new ArrayList<>();
        try {
            List<BlktraceRecords> streams = new ArrayList<>();
            for (ImportInput part : parts) {
                InputStream in = part.openStream();
                opened.add(in);
                String name = Path.of(part.name()).getFileName().toString();
                if (parts.size() > 1 || cpuOf(name) >= 0) {
                    streams.add(new BlktraceRecords(name, in, source, names));
                } else {
                    streams.addAll(demultiplex(name, in, source, names));
                }
            }
            int events = merge(streams, feed, source, input, progress);
            requests.finish();
            source.lines(events);
            if (events == 0) {
                String why =
                        source.problems().isEmpty()
                                ? "no blktrace event records"
                                : source.problems().get(0).message();
                throw new ImportException(input.name(), 0, "not a usable blktrace file: " + why);
            }
            for (BlktraceRecords s : streams) {
                if (s.timestampSec >= 0) {
                    source.metadata()
                            .put(
                                    "Trace started at",
                                    s.timestampSec + "." + String.format("%09d", s.timestampNsec));
                    break;
                }
            }
        } finally {
            for (InputStream in : opened) {
                in.close();
            }
        }
        b.meta().source(ID).title(Path.of(input.name()).getFileName().toString());
        return b.build();
    }

    /**
     * Merges the streams by time: the stream whose next record is earliest goes first (ties: the
     * earlier stream), as blkparse's {@code ms_sort}/{@code handle} do. Returns the events fed.
     */
    private static int merge(
            List<BlktraceRecords> streams,
            BlktraceFeed feed,
            SourceFile source,
            ImportInput input,
            Progress progress)
            throws IOException {
        int n = streams.size();
        BlktraceRecords[] live = new BlktraceRecords[n];
        int alive = 0;
        for (BlktraceRecords s : streams) {
            if (s.next()) {
                live[alive++] = s;
            }
        }
        long genesis = Long.MAX_VALUE;
        for (int i = 0; i < alive; i++) {
            genesis = Long.compareUnsigned(live[i].time, genesis) < 0 ? live[i].time : genesis;
        }
        int line = 0;
        int fed = 0;
        while (alive > 0) {
            int best = 0;
            for (int i = 1; i < alive; i++) {
                if (Long.compareUnsigned(live[i].time, live[best].time) < 0) {
                    best = i;
                }
            }
            BlktraceRecords r = live[best];
            if (BlktraceFeed.printed(r) || isMessage(r)) {
                line++;
                if ((line & 0x3fff) == 0) {
                    progress.update(input.bytesRead(), input.sizeBytes());
                    progress.checkCancelled();
                }
                if (feed.feed(r, r.time - genesis, line)) {
                    fed++;
                }
            } else {
                feed.feed(r, r.time - genesis, 0); // warns once per action blkparse does not show
            }
            if (!r.next()) {
                System.arraycopy(live, best + 1, live, best, alive - best - 1);
                live[--alive] = null;
            }
        }
        return fed == 0 ? 0 : line;
    }

    private static boolean isMessage(BlktraceRecords r) {
        return (r.action & ~BlktraceRecords.CGROUP)
                == BlktraceRecords.notify(BlktraceRecords.TN_MESSAGE);
    }

    /**
     * One stream with every CPU's records (a pipe from {@code blktrace -o -}, or a {@code blkparse
     * -d} dump): split by (device, CPU) in memory, so they can be merged like per-CPU files.
     * Process-name notes are consumed while splitting.
     */
    private static List<BlktraceRecords> demultiplex(
            String name, InputStream in, SourceFile source, Map<Integer, String> names)
            throws IOException {
        BlktraceRecords all = new BlktraceRecords(name, in, source, names);
        Map<Long, ByteArrayOutputStream> perCpu = new LinkedHashMap<>();
        byte[] header = new byte[BlktraceRecords.HEADER];
        while (all.next()) {
            long key = (long) all.device << 32 | (all.cpu & 0xffffffffL);
            ByteArrayOutputStream out =
                    perCpu.computeIfAbsent(key, k -> new ByteArrayOutputStream());
            writeRecord(all, header, out);
        }
        List<BlktraceRecords> streams = new ArrayList<>();
        for (var e : perCpu.entrySet()) {
            int cpu = (int) (long) e.getKey();
            streams.add(
                    new BlktraceRecords(
                            name + " (cpu " + cpu + ")",
                            new ByteArrayInputStream(e.getValue().toByteArray()),
                            source,
                            names));
        }
        return streams;
    }

    /** Re-encodes the current record (little endian) for a demultiplexed stream. */
    private static void writeRecord(BlktraceRecords r, byte[] h, ByteArrayOutputStream out) {
        put32(h, 0, BlktraceRecords.MAGIC | BlktraceRecords.VERSION);
        put32(h, 4, r.sequence);
        put64(h, 8, r.time);
        put64(h, 16, r.sector);
        put32(h, 24, r.bytes);
        put32(h, 28, r.action);
        put32(h, 32, r.pid);
        put32(h, 36, r.device);
        put32(h, 40, r.cpu);
        h[44] = (byte) r.error;
        h[45] = (byte) (r.error >>> 8);
        h[46] = (byte) r.pduLen;
        h[47] = (byte) (r.pduLen >>> 8);
        out.write(h, 0, h.length);
        out.write(r.pdu, 0, r.pduLen);
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void put64(byte[] b, int at, long v) {
        put32(b, at, (int) v);
        put32(b, at + 4, (int) (v >>> 32));
    }
}
