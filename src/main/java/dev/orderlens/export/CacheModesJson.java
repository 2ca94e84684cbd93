package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orderlens.analysis.CacheModes;
import java.io.IOException;

/**
 * The per-disk cache modes of a crash point in JSON: {@code "cacheModes": {"fallback": {"mode":
 * "unsafe", "origin": "inferred"}, "disks": [{"disk": "blk0", "mode": "unsafe", "origin":
 * "inferred"}, ...]}}. The origin says whether the mode was inferred, assumed, recorded in the
 * trace or set by the user.
 */
final class CacheModesJson {
    private CacheModesJson() {}

    /** {@code diskKeys}: the trace's disks, each listed with the mode it is judged under. */
    static void write(JsonGenerator g, CacheModes m, java.util.List<String> diskKeys)
            throws IOException {
        g.writeObjectFieldStart("cacheModes");
        g.writeObjectFieldStart("fallback");
        choice(g, m.fallback());
        g.writeEndObject();
        g.writeArrayFieldStart("disks");
        for (var e : m.resolved(diskKeys).entrySet()) {
            g.writeStartObject();
            g.writeStringField("disk", e.getKey());
            choice(g, e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void choice(JsonGenerator g, CacheModes.Choice c) throws IOException {
        g.writeStringField("mode", c.mode().jsonName());
        g.writeStringField("origin", c.origin().jsonName());
    }
}
