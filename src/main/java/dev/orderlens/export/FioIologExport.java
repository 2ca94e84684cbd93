package dev.orderlens.export;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes one layer's requests as a fio iolog version 3 (fio's HOWTO, "I/O replay" / "Trace file
 * format"; fio's iolog.c {@code log_io_u}: {@code "<usec> <file> <action> <offset> <length>"}), so
 * {@code fio --read_iolog=out.log --replay_redirect=/dev/sdX} replays the I/O on another device.
 *
 * <ul>
 *   <li>one entry per request at its submit time (microseconds from the layer's first request):
 *       read, write (write-zeroes too: fio has no such action), trim for a discard, sync for a
 *       flush;
 *   <li>a PREFLUSH write becomes {@code sync} then {@code write}, a FUA write {@code write} then
 *       {@code sync} (fio cannot issue either flag; a flush before, a flush after is what the flags
 *       promise). fio's own blktrace replay keeps only one of the two for a {@code FWFS} bio; here
 *       both are kept;
 *   <li>a flush the block layer issued for such a write (a machinery flush, linked to it in the
 *       same layer) is already covered by those syncs and is not repeated;
 *   <li>requests of op "other" (passthrough, GET_ID) have no fio action and are left out;
 *   <li>one file per flush domain (the device part of the lane name), named after it.
 * </ul>
 */
public final class FioIologExport {
    public static final String HEADER = "fio version 3 iolog";

    private FioIologExport() {}

    /** The layer written when none is chosen: the topmost one that has requests. */
    public static String defaultLayer(Trace t) {
        Requests r = t.requests();
        int best = -1;
        for (int i = 0; i < r.size(); i++) {
            if (best < 0 || r.layer(i) < best) {
                best = r.layer(i);
            }
        }
        return best < 0 ? Layer.GUEST : t.layers().get(best).id();
    }

    public static void write(Trace trace, String layer, Path target) throws IOException {
        AtomicFiles.write(
                target,
                out -> {
                    Writer w =
                            new BufferedWriter(
                                    new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                    write(trace, layer, w);
                    w.flush();
                });
    }

    /**
     * Writes the iolog of {@code layer} (a layer id) to {@code out}.
     *
     * @throws IllegalArgumentException when the trace has no such layer
     */
    public static void write(Trace trace, String layer, Appendable out) throws IOException {
        int li = trace.layerIndex(layer);
        if (li < 0) {
            throw new IllegalArgumentException(
                    "the trace has no layer '"
                            + layer
                            + "' (it has: "
                            + String.join(", ", trace.layers().stream().map(Layer::id).toList())
                            + ")");
        }
        Requests r = trace.requests();
        long t0 = Long.MIN_VALUE;
        long last = 0;
        Set<String> files = new LinkedHashSet<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == li && emitted(r, i)) {
                t0 = t0 == Long.MIN_VALUE ? r.submit(i) : t0;
                files.add(fileOf(trace, i));
            }
        }
        out.append(HEADER).append('\n');
        for (String f : files) {
            out.append("0 ").append(f).append(" add\n");
        }
        for (String f : files) {
            out.append("0 ").append(f).append(" open\n");
        }
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) != li || !emitted(r, i)) {
                continue;
            }
            long us = Math.max(0, (r.submit(i) - t0) / 1000);
            last = Math.max(last, us);
            String f = fileOf(trace, i);
            long offset = r.sector(i) * 512;
            long length = (long) r.count(i) * 512;
            int flags = r.flags(i);
            switch (r.op(i)) {
                case READ -> entry(out, us, f, "read", offset, length);
                case WRITE, WRITE_ZEROES -> {
                    if ((flags & Flags.PREFLUSH) != 0) {
                        entry(out, us, f, "sync", 0, 0);
                    }
                    entry(out, us, f, "write", offset, length);
                    if ((flags & Flags.FUA) != 0) {
                        entry(out, us, f, "sync", 0, 0);
                    }
                }
                case DISCARD -> entry(out, us, f, "trim", offset, length);
                case FLUSH -> entry(out, us, f, "sync", 0, 0);
                default -> throw new IllegalStateException("not emitted: " + r.op(i));
            }
        }
        for (String f : files) {
            out.append(Long.toString(last)).append(' ').append(f).append(" close\n");
        }
    }

    /**
     * Whether a request has a fio action of its own: not "other", and not a flush the block layer
     * issued for a PREFLUSH/FUA request of the same layer (its sync is already written).
     */
    static boolean emitted(Requests r, int i) {
        Op op = r.op(i);
        if (op == Op.OTHER) {
            return false;
        }
        int p = r.parent(i);
        return !(op == Op.FLUSH && p >= 0 && r.layer(p) == r.layer(i));
    }

    private static void entry(
            Appendable out, long us, String file, String action, long offset, long length)
            throws IOException {
        out.append(Long.toString(us))
                .append(' ')
                .append(file)
                .append(' ')
                .append(action)
                .append(' ')
                .append(Long.toString(offset))
                .append(' ')
                .append(Long.toString(length))
                .append('\n');
    }

    /** The flush domain of the request's lane, as a file name without spaces or slashes. */
    static String fileOf(Trace t, int row) {
        String lane = t.lanes().get(t.requests().lane(row)).name();
        int slash = lane.indexOf('/');
        String device = slash > 0 ? lane.substring(0, slash) : lane;
        StringBuilder sb = new StringBuilder(device.length());
        for (int i = 0; i < device.length(); i++) {
            char c = device.charAt(i);
            sb.append(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
