package dev.orderlens.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canonical JSON dump of everything an import produced (files and their reports, layers, lanes,
 * every request with all its source lines, every event), one record per line so golden files diff
 * well. Paths are reduced to file names so the dump does not depend on where the tests run.
 */
public final class TraceDump {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceDump() {}

    public static String of(Trace t) throws Exception {
        List<String> parts = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (SourceFile f : t.sources()) {
            files.add(JSON.writeValueAsString(file(f)));
        }
        parts.add("\"files\": [\n" + String.join(",\n", files) + "\n]");
        parts.add("\"meta\": " + JSON.writeValueAsString(meta(t)));
        parts.add(
                "\"layers\": "
                        + JSON.writeValueAsString(t.layers().stream().map(l -> l.id()).toList()));
        parts.add(
                "\"lanes\": "
                        + JSON.writeValueAsString(
                                t.lanes().stream().map(l -> laneName(t, l)).toList()));
        Requests r = t.requests();
        List<String> reqs = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            reqs.add(JSON.writeValueAsString(request(t, i)));
        }
        parts.add("\"requests\": [\n" + String.join(",\n", reqs) + "\n]");
        Events e = t.events();
        List<String> evs = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            evs.add(JSON.writeValueAsString(event(t, i)));
        }
        parts.add("\"events\": [\n" + String.join(",\n", evs) + "\n]");
        return "{\n" + String.join(",\n", parts) + "\n}\n";
    }

    static String name(String path) {
        return Path.of(path).getFileName().toString();
    }

    private static Map<String, Object> file(SourceFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name(f.path()));
        m.put("format", f.format());
        m.put("lines", f.lines());
        m.put("skippedLines", f.skippedLines());
        m.put("offsetNs", f.offsetNs());
        m.put("offsetEstimated", f.offsetEstimated());
        m.put(
                "problems",
                f.problems().stream()
                        .map(p -> new Problem(name(p.file()), p.line(), p.message()).toString())
                        .toList());
        m.put("warnings", f.warnings());
        m.put("metadata", f.metadata());
        return m;
    }

    private static Map<String, Object> meta(Trace t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", t.meta().source());
        m.put(
                "startEpochNs",
                t.meta().startEpochNs() == Time.NONE ? null : t.meta().startEpochNs());
        return m;
    }

    private static String laneName(Trace t, Lane l) {
        return t.layers().get(l.layer()).id() + "/" + l.name() + "@" + l.file();
    }

    private static Map<String, Object> request(Trace t, int i) {
        Requests r = t.requests();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id(i));
        m.put("file", r.file(i));
        m.put("lane", laneName(t, t.lanes().get(r.lane(i))));
        m.put("op", r.op(i).jsonName());
        m.put("flags", Flags.names(r.flags(i)));
        m.put("sector", r.sector(i));
        m.put("count", r.count(i));
        m.put("submit", r.submit(i));
        m.put("issue", r.issue(i) == Time.NONE ? null : r.issue(i));
        m.put("complete", r.complete(i) == Time.NONE ? null : r.complete(i));
        m.put("status", r.status(i).jsonName());
        if (r.errorCode(i) != 0) {
            m.put("error", r.errorCode(i));
        }
        int p = r.parent(i);
        m.put("parent", p < 0 ? null : r.file(p) + ":" + r.id(p));
        if (r.pid(i) >= 0) {
            m.put("pid", r.pid(i));
        }
        if (r.process(i) != null) {
            m.put("process", r.process(i));
        }
        m.put("lines", r.sourceLines(i));
        return m;
    }

    private static Map<String, Object> event(Trace t, int i) {
        Events e = t.events();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", e.time(i));
        m.put("kind", e.kind(i).jsonName());
        m.put("file", e.file(i));
        m.put(
                "lane",
                e.lane(i) < 0
                        ? (e.layer(i) < 0 ? null : t.layers().get(e.layer(i)).id())
                        : laneName(t, t.lanes().get(e.lane(i))));
        if (e.sector(i) >= 0) {
            m.put("sector", e.sector(i));
            m.put("count", e.count(i));
        }
        int req = e.request(i);
        m.put("request", req < 0 ? null : t.requests().file(req) + ":" + t.requests().id(req));
        m.put("name", e.name(i));
        if (e.text(i) != null) {
            m.put("text", e.text(i));
        }
        m.put("line", e.sourceLine(i));
        return m;
    }
}
