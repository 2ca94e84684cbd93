package dev.orderlens.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.CrossLayer.Segment;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.analysis.QueueDepth;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The {@code stats --json} object, streamed (the per-request cross-layer list can be long). Field
 * names are the contract in docs/cli.md; times are seconds, request references are request ids.
 */
final class StatsJson {
    private final Trace trace;
    private final LatencyStats stats;

    StatsJson(Trace trace, LatencyStats stats) {
        this.trace = trace;
        this.stats = stats;
    }

    void write(PrintWriter out) throws IOException {
        JsonGenerator g = Json.mapper().getFactory().createGenerator(out);
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeObjectFieldStart("layers");
        String layer = null;
        for (DeviceStats d : stats.devices()) {
            if (!d.layerId().equals(layer)) {
                if (layer != null) {
                    g.writeEndObject();
                    g.writeEndObject();
                }
                layer = d.layerId();
                g.writeObjectFieldStart(layer);
                g.writeObjectFieldStart("devices");
            }
            writeDevice(g, d);
        }
        if (layer != null) {
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
        writeCrossLayer(g, stats.crossLayer());
        g.writeEndObject();
        g.flush();
        out.println();
    }

    private void writeDevice(JsonGenerator g, DeviceStats d) throws IOException {
        g.writeObjectFieldStart(d.device());
        for (Phase p : Phase.values()) {
            summary(g, p.name(), d.summary(p));
        }
        g.writeNumberField("queued", d.queued());
        g.writeNumberField("issued", d.issued());
        if (d.issued() == 0) {
            g.writeNullField("mergeRatio");
        } else {
            g.writeNumberField("mergeRatio", d.mergeRatio());
        }
        DeviceStats.Sizes z = d.sizes();
        g.writeObjectFieldStart("sizes");
        g.writeNumberField("n", z.n());
        g.writeNumberField("min", z.min());
        g.writeNumberField("avg", z.avg());
        g.writeNumberField("max", z.max());
        g.writeNumberField("totalSectors", z.total());
        g.writeEndObject();
        g.writeObjectFieldStart("flushes");
        g.writeNumberField("n", d.flushes());
        for (Phase p : Phase.FLUSH_PHASES) {
            summary(g, p.name(), d.flushSummary(p));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("queueDepth");
        depth(g, "device", d.deviceDepth());
        depth(g, "scheduler", d.schedulerDepth());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void depth(JsonGenerator g, String name, QueueDepth q) throws IOException {
        g.writeObjectFieldStart(name);
        if (q.isEmpty()) {
            g.writeNullField("avg");
            g.writeNullField("max");
        } else {
            g.writeNumberField("avg", q.mean());
            g.writeNumberField("max", q.max());
        }
        g.writeEndObject();
    }

    static void summary(JsonGenerator g, String name, LatencySummary s) throws IOException {
        g.writeObjectFieldStart(name);
        if (s.isEmpty()) {
            for (String f : new String[] {"min", "avg", "p50", "p90", "p99", "max"}) {
                g.writeNullField(f);
            }
        } else {
            g.writeNumberField("min", Time.toSeconds(s.min()));
            g.writeNumberField("avg", s.avg() / 1e9);
            g.writeNumberField("p50", Time.toSeconds(s.p50()));
            g.writeNumberField("p90", Time.toSeconds(s.p90()));
            g.writeNumberField("p99", Time.toSeconds(s.p99()));
            g.writeNumberField("max", Time.toSeconds(s.max()));
        }
        g.writeNumberField("n", s.n());
        g.writeEndObject();
    }

    private void writeCrossLayer(JsonGenerator g, CrossLayer c) throws IOException {
        if (!c.available()) {
            g.writeNullField("crossLayer");
            return;
        }
        Requests r = trace.requests();
        g.writeObjectFieldStart("crossLayer");
        g.writeStringField("topLayer", trace.layers().get(c.topLayer()).id());
        g.writeNumberField("requests", c.size());
        g.writeNumberField("matchedVirtio", c.matchedVirtio());
        g.writeNumberField("matchedHost", c.matchedHost());
        g.writeNumberField("unmatchedVirtio", c.unmatchedVirtio());
        g.writeObjectFieldStart("segments");
        for (Segment s : Segment.values()) {
            summary(g, s.key(), c.summary(s));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("perRequest");
        for (int i = 0; i < c.size(); i++) {
            int row = c.row(i);
            g.writeStartObject();
            g.writeNumberField("id", r.id(row));
            g.writeStringField("lane", trace.lanes().get(r.lane(row)).name());
            g.writeStringField("op", r.op(row).jsonName());
            ref(g, "virtioRequest", c.virtio(i));
            ref(g, "hostRequest", c.host(i));
            for (Segment s : Segment.values()) {
                long v = c.segment(i, s);
                if (v == Time.NONE) {
                    g.writeNullField(s.key());
                } else {
                    g.writeNumberField(s.key(), Time.toSeconds(v));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void ref(JsonGenerator g, String name, int row) throws IOException {
        if (row < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, trace.requests().id(row));
        }
    }
}
