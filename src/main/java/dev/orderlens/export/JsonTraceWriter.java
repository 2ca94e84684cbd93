package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a trace as trace JSON v1 with Jackson's streaming generator, one request or event per line
 * so files diff well and the importer's line numbers point at single records.
 */
public final class JsonTraceWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTraceWriter() {}

    public static void write(Trace trace, Path target) throws IOException {
        AtomicFiles.write(target, out -> write(trace, out));
    }

    public static void write(Trace trace, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            new Writer(trace, g).write();
        }
    }

    private static final class Writer {
        private final Trace t;
        private final JsonGenerator g;
        private final boolean idsUnique;

        Writer(Trace t, JsonGenerator g) {
            this.t = t;
            this.g = g;
            Set<Integer> seen = new HashSet<>();
            boolean unique = true;
            Requests r = t.requests();
            for (int i = 0; i < r.size() && unique; i++) {
                unique = seen.add(r.id(i));
            }
            this.idsUnique = unique;
        }

        /**
         * Ids must be unique in JSON; merged text traces can repeat line numbers, then rows are
         * numbered.
         */
        private int id(int row) {
            return idsUnique ? t.requests().id(row) : row + 1;
        }

        void write() throws IOException {
            g.writeStartObject();
            g.writeStringField("format", "orderlens-trace");
            g.writeNumberField("version", 1);
            nl();
            g.writeFieldName("meta");
            writeMeta();
            nl();
            g.writeArrayFieldStart("layers");
            for (Layer l : t.layers()) {
                g.writeStartObject();
                g.writeStringField("id", l.id());
                g.writeStringField("name", l.name());
                g.writeEndObject();
            }
            g.writeEndArray();
            nl();
            g.writeArrayFieldStart("requests");
            Requests r = t.requests();
            for (int i = 0; i < r.size(); i++) {
                nl();
                writeRequest(r, i);
            }
            nl();
            g.writeEndArray();
            nl();
            g.writeArrayFieldStart("events");
            Events e = t.events();
            for (int i = 0; i < e.size(); i++) {
                nl();
                writeEvent(e, i);
            }
            nl();
            g.writeEndArray();
            if (t.truth() != null) {
                nl();
                writeTruth(t.truth());
            }
            nl();
            g.writeEndObject();
            g.writeRaw('\n');
        }

        private void nl() throws IOException {
            g.writeRaw('\n');
        }

        private void writeMeta() throws IOException {
            var m = t.meta();
            g.writeStartObject();
            if (m.title() != null) {
                g.writeStringField("title", m.title());
            }
            if (m.source() != null) {
                g.writeStringField("source", m.source());
            }
            g.writeNumberField("sectorSize", m.sectorSize());
            if (m.scenario() != null) {
                g.writeStringField("scenario", m.scenario());
            }
            if (m.startEpochNs() != Time.NONE) {
                g.writeNumberField("startEpochNs", m.startEpochNs());
            }
            if (!m.config().isEmpty()) {
                g.writeFieldName("config");
                writeValue(m.config());
            }
            g.writeEndObject();
        }

        private void writeValue(Object v) throws IOException {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof Map<?, ?> map) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(e.getValue());
                }
                g.writeEndObject();
            } else if (v instanceof List<?> list) {
                g.writeStartArray();
                for (Object o : list) {
                    writeValue(o);
                }
                g.writeEndArray();
            } else if (v instanceof Boolean bool) {
                g.writeBoolean(bool);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                g.writeNumber(((Number) v).longValue());
            } else if (v instanceof Number n) {
                g.writeNumber(n.doubleValue());
            } else {
                g.writeString(v.toString());
            }
        }

        private void writeRequest(Requests r, int i) throws IOException {
            g.writeStartObject();
            g.writeNumberField("id", id(i));
            g.writeStringField("layer", t.layerId(i));
            String lane = t.lanes().get(r.lane(i)).name();
            if (!lane.equals(t.layerId(i))) {
                g.writeStringField("lane", lane);
            }
            g.writeStringField("op", r.op(i).jsonName());
            List<String> flags = Flags.names(r.flags(i));
            if (!flags.isEmpty()) {
                g.writeArrayFieldStart("flags");
                for (String f : flags) {
                    g.writeString(f);
                }
                g.writeEndArray();
            }
            g.writeNumberField("sector", r.sector(i));
            g.writeNumberField("count", r.count(i));
            g.writeNumberField("submit", r.submit(i));
            timeField("issue", r.issue(i));
            timeField("complete", r.complete(i));
            if (r.allocate(i) != Time.NONE) {
                g.writeNumberField("allocate", r.allocate(i));
            }
            if (r.insert(i) != Time.NONE) {
                g.writeNumberField("insert", r.insert(i));
            }
            if (r.dataComplete(i) != Time.NONE) {
                g.writeNumberField("dataComplete", r.dataComplete(i));
            }
            g.writeStringField("status", r.status(i).jsonName());
            if (r.errorCode(i) != 0) {
                g.writeNumberField("error", r.errorCode(i));
            }
            int[] parents = r.parents(i);
            if (parents.length > 0) {
                g.writeNumberField("parent", id(parents[0])); // what readers before "parents" read
            }
            if (parents.length > 1) {
                g.writeArrayFieldStart("parents");
                for (int q : parents) {
                    g.writeNumber(id(q));
                }
                g.writeEndArray();
            }
            if (r.dataTag(i) != null) {
                g.writeStringField("data", r.dataTag(i));
            }
            if (r.pid(i) >= 0) {
                g.writeNumberField("pid", r.pid(i));
            }
            if (r.process(i) != null) {
                g.writeStringField("process", r.process(i));
            }
            g.writeEndObject();
        }

        private void timeField(String name, long v) throws IOException {
            if (v == Time.NONE) {
                g.writeNullField(name);
            } else {
                g.writeNumberField(name, v);
            }
        }

        private void writeEvent(Events e, int i) throws IOException {
            g.writeStartObject();
            g.writeNumberField("t", e.time(i));
            if (e.layer(i) >= 0) {
                g.writeStringField("layer", t.layers().get(e.layer(i)).id());
            }
            if (e.lane(i) >= 0) {
                g.writeStringField("lane", t.lanes().get(e.lane(i)).name());
            }
            g.writeStringField("kind", e.kind(i).jsonName());
            if (e.sector(i) >= 0) {
                g.writeNumberField("sector", e.sector(i));
                g.writeNumberField("count", e.count(i));
            }
            if (e.request(i) >= 0) {
                g.writeNumberField("request", id(e.request(i)));
            }
            if (e.name(i) != null) {
                g.writeStringField("name", e.name(i));
            }
            if (e.text(i) != null) {
                g.writeStringField(
                        e.kind(i) == dev.orderlens.model.EventKind.CRASH ? "crashKind" : "text",
                        e.text(i));
            }
            if (e.queued(i) != Time.NONE) {
                g.writeNumberField("queued", e.queued(i));
            }
            g.writeEndObject();
        }

        private void writeTruth(Truth truth) throws IOException {
            g.writeFieldName("truth");
            g.writeStartObject();
            g.writeNumberField("crashAt", truth.crashAt());
            if (truth.crashKind() != null) {
                g.writeStringField("crashKind", truth.crashKind());
            }
            g.writeArrayFieldStart("sectors");
            for (Truth.SectorContent s : truth.sectors()) {
                g.writeStartObject();
                g.writeNumberField("sector", s.sector());
                if (s.data() == null) {
                    g.writeNullField("data");
                } else {
                    g.writeStringField("data", s.data());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!truth.inFlight().isEmpty()) {
                g.writeArrayFieldStart("inFlight");
                for (Truth.InFlight f : truth.inFlight()) {
                    g.writeStartObject();
                    g.writeNumberField("id", f.requestId());
                    g.writeStringField("where", f.where());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }
}
