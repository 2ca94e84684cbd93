package dev.orderlens.importer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A test fixture, not a capture: writes simpletrace bytes the way QEMU's trace/simple.c lays them
 * out (header; type-0 mapping records; type-1 event records of id, timestamp, length, pid and the
 * arguments as u64 or u32 length + bytes), little endian, so each importer rule can be given a
 * small hand-made file. {@link #fromLog} re-encodes a QEMU log through the shipped layouts (for the
 * benchmark's generated input).
 */
public final class SimpletraceWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Long> ids = new HashMap<>();

    /** Writes the header: ~0, the magic, {@code version}. */
    public SimpletraceWriter header(long version) {
        u64(-1L);
        u64(SimpletraceReader.MAGIC);
        u64(version);
        return this;
    }

    public SimpletraceWriter header() {
        return header(4);
    }

    /** A type-0 record: {@code id} is {@code name}. */
    public SimpletraceWriter mapping(long id, String name) {
        ids.put(name, id);
        u64(0);
        u64(id);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        u32(n.length);
        out.writeBytes(n);
        return this;
    }

    /**
     * A type-1 record of event {@code id} at {@code ns}: each argument a Long (u64) or a String
     * (u32 length + bytes); the length field counts the 24-byte header and the arguments.
     */
    public SimpletraceWriter event(long id, long ns, Object... args) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        for (Object o : args) {
            if (o instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                put(a, b.length, 4);
                a.writeBytes(b);
            } else {
                put(a, ((Number) o).longValue(), 8);
            }
        }
        u64(1);
        u64(id);
        u64(ns);
        u32(24 + a.size());
        u32(4242); // pid
        out.writeBytes(a.toByteArray());
        return this;
    }

    /** An event of a name mapped before. */
    public SimpletraceWriter event(String name, long ns, Object... args) {
        return event(ids.get(name), ns, args);
    }

    /** QEMU's dropped-events record ({@code DROPPED_EVENT_ID}, one u64: the count). */
    public SimpletraceWriter dropped(long ns, long count) {
        return event(SimpletraceReader.DROPPED_EVENT_ID, ns, count);
    }

    /** Raw bytes, each given as an int 0..255 (for corrupt input). */
    public SimpletraceWriter raw(int... b) {
        for (int x : b) {
            out.write(x);
        }
        return this;
    }

    /** The byte offset the next record starts at. */
    public int position() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void u64(long v) {
        put(out, v, 8);
    }

    private void u32(long v) {
        put(out, v, 4);
    }

    private static void put(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) {
            o.write((int) (v >>> (8 * i)));
        }
    }

    /**
     * Re-encodes a QEMU log ({@code tid@sec.usec:name args}) as simpletrace: each line of an event
     * with a shipped layout becomes a record whose arguments are read back by their keys (keyless
     * ones are 0, strings empty); other lines are dropped. Returns the number of records.
     */
    public static int fromLog(Path log, Path bin) throws IOException {
        SimpletraceWriter w = new SimpletraceWriter().header();
        Map<String, Long> ids = new HashMap<>();
        int records = 0;
        QemuLineArgs args = new QemuLineArgs();
        Fields f = new Fields();
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1);
                OutputStream o = Files.newOutputStream(bin)) {
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf('@');
                int colon = line.indexOf(':', at);
                int space = line.indexOf(' ', colon);
                if (at < 0 || colon < 0) {
                    continue;
                }
                String name = line.substring(colon + 1, space < 0 ? line.length() : space);
                QemuEventLayout l = QemuEventLayouts.get(name);
                if (l == null) {
                    continue;
                }
                String[] secUsec = line.substring(at + 1, colon).split("\\.");
                long ns =
                        Long.parseLong(secUsec[0]) * 1_000_000_000L
                                + Long.parseLong(secUsec[1]) * 1_000L;
                byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
                f.reset(b, 0, b.length);
                args.split(f, space < 0 ? b.length : space + 1);
                Object[] values = new Object[l.arity()];
                for (int i = 0; i < values.length; i++) {
                    if (l.strings()[i]) {
                        values[i] = "";
                    } else {
                        long v = l.keys()[i] == null ? Fields.BAD : args.get(l.keys()[i]);
                        values[i] = v == Fields.BAD ? 0L : v;
                    }
                }
                Long id = ids.get(name);
                if (id == null) {
                    id = (long) ids.size();
                    ids.put(name, id);
                    w.mapping(id, name);
                }
                w.event(id, ns, values);
                records++;
                if (w.out.size() > 1 << 20) {
                    w.out.writeTo(o);
                    w.out.reset();
                }
            }
            w.out.writeTo(o);
        }
        return records;
    }
}
