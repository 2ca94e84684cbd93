package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes a trace as Chrome/Perfetto trace-event JSON (the "JSON Array/Object Format" of the Trace
 * Event Format document that chrome://tracing and ui.perfetto.dev read), streamed with Jackson's
 * generator:
 *
 * <ul>
 *   <li>one process per layer (guest, virtio, host, device, in stack order), named by {@code M}
 *       metadata events;
 *   <li>per lane, one thread per packed row ("vda", "vda #2", ...): complete slices ({@code X})
 *       must nest on a thread, and requests in flight together overlap, so a lane is split into as
 *       many rows as it has requests in flight at once, like the timeline's packed rows;
 *   <li>a complete slice per request from submit to completion (name = op + range, args = every
 *       field, the write's state and reason at the crash point when one is set);
 *   <li>instant events ({@code i}) for flush completions, ordering findings, the crash point and
 *       the trace's own events (merges, plugs, ...);
 *   <li>flow events ({@code s}/{@code f}, bound to the enclosing slices) from each request to the
 *       requests linked below it (guest → virtio → host, a split's remainder, a machinery flush).
 * </ul>
 *
 * Times are microseconds ({@code ts}, {@code dur}) with nanosecond decimals.
 */
public final class PerfettoExport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PerfettoExport() {}

    public static void write(Trace trace, OrderingFindings findings, CrashResult crash, Path target)
            throws IOException {
        AtomicFiles.write(target, out -> write(trace, findings, crash, out));
    }

    public static void write(
            Trace trace, OrderingFindings findings, CrashResult crash, OutputStream out)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            new Writer(trace, findings, crash, g).write();
        }
    }

    /** Thread ids: lane index × ROWS + packed row (+1, tid 0 is avoided). */
    static final int ROWS = 1 << 16;

    private static final class Writer {
        private final Trace t;
        private final Requests r;
        private final OrderingFindings findings;
        private final CrashResult crash;
        private final JsonGenerator g;
        private final int[] row; // packed row of each request within its lane
        private final int[] rowsOfLane;

        Writer(Trace t, OrderingFindings findings, CrashResult crash, JsonGenerator g) {
            this.t = t;
            this.r = t.requests();
            this.findings = findings;
            this.crash = crash;
            this.g = g;
            this.row = new int[r.size()];
            this.rowsOfLane = new int[t.lanes().size()];
            pack();
        }

        /**
         * Greedy packing in submit order (rows are sorted by submit): a request takes the row that
         * has been free the longest, else a new row, so slices on one thread never overlap.
         */
        private void pack() {
            List<PriorityQueue<long[]>> free = new ArrayList<>(); // per lane: {end, row}
            for (int i = 0; i < t.lanes().size(); i++) {
                free.add(new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])));
            }
            for (int i = 0; i < r.size(); i++) {
                int lane = r.lane(i);
                PriorityQueue<long[]> q = free.get(lane);
                long start = r.submit(i);
                long end = end(i);
                long[] top = q.peek();
                if (top != null && top[0] <= start) {
                    q.poll();
                    top[0] = end;
                    row[i] = (int) top[1];
                    q.add(top);
                } else if (rowsOfLane[lane] < ROWS - 1) {
                    row[i] = rowsOfLane[lane]++;
                    q.add(new long[] {end, row[i]});
                } else { // absurdly many in flight: share the last row rather than overflow
                    row[i] = ROWS - 2;
                }
            }
        }

        /** A request with no completion is drawn up to its latest known time. */
        private long end(int i) {
            long e = r.submit(i);
            if (Time.isSet(r.issue(i))) {
                e = Math.max(e, r.issue(i));
            }
            if (Time.isSet(r.complete(i))) {
                e = Math.max(e, r.complete(i));
            }
            return e;
        }

        private int pid(int layer) {
            return layer + 1;
        }

        private int tid(int lane, int packedRow) {
            return lane * ROWS + packedRow + 1;
        }

        void write() throws IOException {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeArrayFieldStart("traceEvents");
            metadata();
            for (int i = 0; i < r.size(); i++) {
                slice(i);
            }
            flows();
            instants();
            g.writeEndArray();
            g.writeObjectFieldStart("otherData");
            g.writeStringField("source", "OrderLens");
            g.writeStringField("title", Exports.title(t));
            if (crash != null) {
                g.writeStringField("crash", Exports.crashLabel(crash.point()));
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        private void metadata() throws IOException {
            for (var layer : t.layers()) {
                int pid = pid(layer.index());
                meta("process_name", pid, null, "name", layer.name());
                meta("process_sort_index", pid, null, "sort_index", layer.index());
                // tid 0 carries what belongs to the whole layer (events without a lane, the crash)
                meta("thread_name", pid, 0, "name", layer.name() + " (whole layer)");
            }
            for (Lane lane : t.lanes()) {
                int rows = Math.max(1, rowsOfLane[lane.index()]);
                for (int k = 0; k < rows; k++) {
                    int tid = tid(lane.index(), k);
                    String name = k == 0 ? lane.name() : lane.name() + " #" + (k + 1);
                    meta("thread_name", pid(lane.layer()), tid, "name", name);
                    meta("thread_sort_index", pid(lane.layer()), tid, "sort_index", tid);
                }
            }
        }

        private void meta(String name, int pid, Integer tid, String key, Object value)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "M");
            g.writeStringField("name", name);
            g.writeNumberField("pid", pid);
            if (tid != null) {
                g.writeNumberField("tid", tid);
            }
            g.writeObjectFieldStart("args");
            if (value instanceof Integer n) {
                g.writeNumberField(key, n);
            } else {
                g.writeStringField(key, (String) value);
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        static String sliceName(Op op, long sector, int count) {
            return count > 0 || sector > 0
                    ? op.jsonName() + " " + sector + "+" + count
                    : op.jsonName();
        }

        private void slice(int i) throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "X");
            g.writeStringField("cat", "request");
            g.writeStringField("name", sliceName(r.op(i), r.sector(i), r.count(i)));
            g.writeNumberField("pid", pid(r.layer(i)));
            g.writeNumberField("tid", tid(r.lane(i), row[i]));
            g.writeNumberField("ts", us(r.submit(i)));
            g.writeNumberField("dur", us(end(i) - r.submit(i)));
            g.writeObjectFieldStart("args");
            g.writeNumberField("id", r.id(i));
            g.writeStringField("file", TraceFile.name(t, r.file(i)));
            g.writeStringField("layer", t.layers().get(r.layer(i)).id());
            g.writeStringField("lane", t.lanes().get(r.lane(i)).name());
            g.writeStringField("op", r.op(i).jsonName());
            g.writeStringField("flags", String.join("|", Flags.names(r.flags(i))));
            g.writeNumberField("sector", r.sector(i));
            g.writeNumberField("count", r.count(i));
            time("submit_s", r.submit(i));
            time("allocate_s", r.allocate(i));
            time("insert_s", r.insert(i));
            time("issue_s", r.issue(i));
            time("complete_s", r.complete(i));
            g.writeStringField("status", r.status(i).jsonName());
            if (r.errorCode(i) != 0) {
                g.writeNumberField("error", r.errorCode(i));
            }
            if (r.pid(i) >= 0) {
                g.writeNumberField("pid", r.pid(i));
            }
            if (r.process(i) != null) {
                g.writeStringField("process", r.process(i));
            }
            if (r.dataTag(i) != null) {
                g.writeStringField("data", r.dataTag(i));
            }
            if (r.parent(i) >= 0) {
                g.writeNumberField("parent_id", r.id(r.parent(i)));
            }
            g.writeArrayFieldStart("lines");
            for (int l : r.sourceLines(i)) {
                g.writeNumber(l);
            }
            g.writeEndArray();
            if (findings != null && findings.marks(i) != 0) {
                g.writeStringField("findings", CsvExport.findingNames(findings.marks(i)));
            }
            if (crash != null) {
                WriteState s = crash.state(i);
                if (s != null) {
                    g.writeStringField("crash_state", s.jsonName());
                    g.writeStringField("crash_reason", crash.reasonText(i));
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        private void time(String key, long ns) throws IOException {
            if (Time.isSet(ns)) {
                g.writeStringField(key, Time.formatSeconds(ns));
            }
        }

        /**
         * A flow from each parent to its linked child: the start binds to the parent's slice at the
         * child's submit time (clamped into the parent), the end to the child's slice.
         */
        private void flows() throws IOException {
            int id = 0;
            for (int c = 0; c < r.size(); c++) {
                int p = r.parent(c);
                if (p < 0 || p == c) {
                    continue;
                }
                id++;
                long at = Math.min(Math.max(r.submit(c), r.submit(p)), end(p));
                flow("s", id, p, at);
                flow("f", id, c, r.submit(c));
            }
        }

        private void flow(String ph, int id, int i, long at) throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", ph);
            g.writeStringField("cat", "link");
            g.writeStringField("name", "link");
            g.writeNumberField("id", id);
            g.writeNumberField("pid", pid(r.layer(i)));
            g.writeNumberField("tid", tid(r.lane(i), row[i]));
            g.writeNumberField("ts", us(at));
            if (ph.equals("f")) {
                g.writeStringField("bp", "e"); // bind to the enclosing slice: the child
            }
            g.writeEndObject();
        }

        private void instants() throws IOException {
            for (int i = 0; i < r.size(); i++) {
                if (r.op(i) == Op.FLUSH && Time.isSet(r.complete(i))) {
                    instant(
                            "flush done",
                            "flush",
                            "p",
                            pid(r.layer(i)),
                            tid(r.lane(i), row[i]),
                            r.complete(i),
                            i);
                }
                int marks = findings == null ? 0 : findings.marks(i);
                if ((marks & ~(OrderingFindings.FLUSH | OrderingFindings.FUA_WRITE)) != 0) {
                    instant(
                            CsvExport.findingNames(
                                            marks
                                                    & ~(OrderingFindings.FLUSH
                                                            | OrderingFindings.FUA_WRITE))
                                    + ": "
                                    + sliceName(r.op(i), r.sector(i), r.count(i)),
                            "finding",
                            "t",
                            pid(r.layer(i)),
                            tid(r.lane(i), row[i]),
                            r.submit(i),
                            i);
                }
            }
            Events e = t.events();
            for (int k = 0; k < e.size(); k++) {
                int lane = e.lane(k);
                int layer = e.layer(k);
                if (layer < 0) {
                    continue;
                }
                String name =
                        e.name(k) != null
                                ? e.kind(k).jsonName() + " " + e.name(k)
                                : e.kind(k).jsonName();
                int tid = lane >= 0 ? tid(lane, e.request(k) >= 0 ? row[e.request(k)] : 0) : 0;
                g.writeStartObject();
                g.writeStringField("ph", "i");
                g.writeStringField("cat", "event");
                g.writeStringField("name", name);
                g.writeStringField("s", lane >= 0 ? "t" : "p");
                g.writeNumberField("pid", pid(layer));
                g.writeNumberField("tid", tid);
                g.writeNumberField("ts", us(e.time(k)));
                if (e.text(k) != null || e.request(k) >= 0) {
                    g.writeObjectFieldStart("args");
                    if (e.text(k) != null) {
                        g.writeStringField("text", e.text(k));
                    }
                    if (e.request(k) >= 0) {
                        g.writeNumberField("request_id", r.id(e.request(k)));
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            if (crash != null && !t.layers().isEmpty()) {
                g.writeStartObject();
                g.writeStringField("ph", "i");
                g.writeStringField("cat", "crash");
                g.writeStringField("name", Exports.crashLabel(crash.point()));
                g.writeStringField("s", "g");
                g.writeNumberField("pid", pid(0));
                g.writeNumberField("tid", 0);
                g.writeNumberField("ts", us(crash.point().atNs()));
                g.writeEndObject();
            }
        }

        private void instant(
                String name, String cat, String scope, int pid, int tid, long at, int request)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "i");
            g.writeStringField("cat", cat);
            g.writeStringField("name", name);
            g.writeStringField("s", scope);
            g.writeNumberField("pid", pid);
            g.writeNumberField("tid", tid);
            g.writeNumberField("ts", us(at));
            g.writeObjectFieldStart("args");
            g.writeNumberField("request_id", r.id(request));
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** Nanoseconds as microseconds with three decimals (the format's unit). */
    static double us(long ns) {
        return ns / 1000.0;
    }

    /** The file name of a source, for request args. */
    private static final class TraceFile {
        static String name(Trace t, int file) {
            if (file < 0 || file >= t.sources().size()) {
                return "";
            }
            return Path.of(t.sources().get(file).path()).getFileName().toString();
        }
    }
}
