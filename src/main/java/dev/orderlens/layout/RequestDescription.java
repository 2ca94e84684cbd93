package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Words for one request: the one-line name, the tooltip, and every field for the details pane. */
public final class RequestDescription {
    private RequestDescription() {}

    /** A labelled value. */
    public record Field(String label, String value) {}

    /** "guest#5 write (vda)": the request's name ({@link dev.orderlens.model.RequestNames}). */
    public static String name(Trace t, int row) {
        Lane lane = t.lanes().get(t.requests().lane(row));
        return t.names().label(row) + " (" + lane.name() + ")";
    }

    /** A time as the ruler would show it, relative to the trace's zero, with ns precision. */
    public static String time(long ns) {
        return ns == Time.NONE ? "—" : Time.formatSeconds(ns) + " s";
    }

    public static String sectors(Requests r, int row) {
        if (r.count(row) == 0) {
            return r.sector(row) == 0 ? "none" : "at " + r.sector(row);
        }
        long bytes = r.count(row) * 512L;
        return String.format(
                Locale.ROOT,
                "%,d – %,d (%,d sectors, %s)",
                r.sector(row),
                r.sector(row) + r.count(row) - 1,
                r.count(row),
                bytes >= 1 << 20
                        ? bytes / (1 << 20) + " MiB"
                        : bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B");
    }

    /** Tooltip text: name, sectors, times, flags, findings. */
    public static String tooltip(Trace t, OrderingFindings f, int row, int inPixel) {
        Requests r = t.requests();
        StringBuilder sb = new StringBuilder(name(t, row));
        sb.append('\n').append("sectors ").append(sectors(r, row));
        long end = r.complete(row);
        sb.append('\n')
                .append(Time.formatSeconds(r.submit(row)))
                .append(" s → ")
                .append(
                        end == Time.NONE
                                ? "never completed"
                                : Time.formatSeconds(end)
                                        + " s  ("
                                        + Time.formatDuration(end - r.submit(row))
                                        + ")");
        if (r.flags(row) != 0) {
            sb.append('\n').append(Flags.display(r.flags(row)));
        }
        String marks = marks(f, row);
        if (!marks.isEmpty()) {
            sb.append('\n').append(marks);
        }
        if (inPixel > 1) {
            sb.append('\n')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "%,d requests in this pixel: zoom in to tell them apart",
                                    inPixel));
        }
        return sb.toString();
    }

    /** The findings that concern a request, in words ("crossing write", ...), or "". */
    public static String marks(OrderingFindings f, int row) {
        if (f == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        if (f.is(row, OrderingFindings.DEPENDED_ON)) {
            out.add("crossing write a later durable FUA write depends on");
        } else if (f.is(row, OrderingFindings.CROSSING)) {
            out.add("crossing write");
        }
        if (f.is(row, OrderingFindings.OVERTAKING)) {
            out.add("overtaking write");
        }
        if (f.is(row, OrderingFindings.CONCURRENT)) {
            out.add("concurrent overlapping write");
        }
        if (f.is(row, OrderingFindings.DRAIN_VIOLATION)) {
            out.add("in flight across a drain");
        }
        return String.join(", ", out);
    }

    /** Every field of a request, in the order the details pane shows them. */
    public static List<Field> fields(Trace t, OrderingFindings f, int row) {
        Requests r = t.requests();
        Lane lane = t.lanes().get(r.lane(row));
        List<Field> out = new ArrayList<>();
        out.add(new Field("id", t.names().id(row)));
        out.add(new Field("op", r.op(row).jsonName()));
        out.add(new Field("flags", r.flags(row) == 0 ? "none" : Flags.display(r.flags(row))));
        out.add(
                new Field(
                        "layer",
                        t.layers().get(lane.layer()).name()
                                + " ("
                                + t.layers().get(lane.layer()).id()
                                + ")"));
        out.add(new Field("lane", lane.name()));
        out.add(new Field("sectors", sectors(r, row)));
        long s = r.submit(row);
        long i = r.issue(row);
        long c = r.complete(row);
        out.add(new Field("submit", time(s)));
        out.add(new Field("issue", time(i)));
        out.add(new Field("complete", c == Time.NONE ? "never (not in the trace)" : time(c)));
        if (i != Time.NONE) {
            out.add(new Field("queued", Time.formatDuration(i - s)));
        }
        if (i != Time.NONE && c != Time.NONE) {
            out.add(new Field("service", Time.formatDuration(c - i)));
        }
        if (c != Time.NONE) {
            out.add(new Field("latency", Time.formatDuration(c - s)));
        }
        out.add(new Field("status", r.status(row).jsonName()));
        String proc = r.process(row);
        out.add(
                new Field(
                        "process",
                        proc == null && r.pid(row) < 0
                                ? "—"
                                : (proc == null ? "?" : proc)
                                        + (r.pid(row) >= 0 ? " (pid " + r.pid(row) + ")" : "")));
        if (r.dataTag(row) != null) {
            out.add(new Field("data", r.dataTag(row)));
        }
        if (f != null) {
            String marks = marks(f, row);
            out.add(new Field("findings", marks.isEmpty() ? "none" : marks));
            addPairs(out, t, f.crossing(), row, true, "not covered by");
            addPairs(out, t, f.overtaking(), row, true, "overtook");
            addPairs(out, t, f.concurrentOverlaps(), row, false, "concurrent with");
        }
        SourceFile src = t.sources().get(r.file(row));
        int[] lines = r.sourceLines(row);
        out.add(
                new Field(
                        "source", src.path() + (lines.length == 0 ? "" : ":" + joinLines(lines))));
        return out;
    }

    private static void addPairs(
            List<Field> out, Trace t, PairList pairs, int row, boolean firstOnly, String label) {
        List<String> names = new ArrayList<>();
        int total = 0;
        for (int k = 0; k < pairs.size(); k++) {
            int other =
                    pairs.first(k) == row
                            ? pairs.second(k)
                            : (!firstOnly && pairs.second(k) == row ? pairs.first(k) : -1);
            if (other >= 0) {
                total++;
                if (names.size() < 5) {
                    names.add(t.names().label(other));
                }
            }
        }
        if (total > 0) {
            out.add(
                    new Field(
                            label,
                            String.join(", ", names)
                                    + (total > names.size()
                                            ? String.format(
                                                    Locale.ROOT,
                                                    " and %,d more",
                                                    total - names.size())
                                            : "")));
        }
    }

    private static String joinLines(int[] lines) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < lines.length && k < 12; k++) {
            sb.append(k == 0 ? "" : ",").append(lines[k]);
        }
        if (lines.length > 12) {
            sb.append(",…");
        }
        return sb.toString();
    }
}
