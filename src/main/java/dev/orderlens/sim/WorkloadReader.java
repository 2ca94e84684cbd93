package dev.orderlens.sim;

import dev.orderlens.analysis.CrashKind;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads workload files ({@code "format": "orderlens-workload"}) and scenario files ({@code
 * "format": "orderlens-scenario"}) strictly: an unknown field, a missing one or a bad value is a
 * {@link WorkloadException} naming file, line, JSON path and what was expected. The grammar is
 * documented in docs/simulator.md.
 */
public final class WorkloadReader {
    static final String WORKLOAD_FORMAT = "orderlens-workload";
    static final String SCENARIO_FORMAT = "orderlens-scenario";
    private static final String[] WORKLOAD_FIELDS = {
        "format", "version", "title", "config", "crash", "steps"
    };
    private static final String[] SCENARIO_FIELDS = {
        "format",
        "version",
        "id",
        "title",
        "explanation",
        "config",
        "crash",
        "steps",
        "expect",
        "variants"
    };

    /** The largest sector a workload may name (2^50: far past any disk, far from overflow). */
    static final long MAX_SECTOR = 1L << 50;

    private WorkloadReader() {}

    public static Scenario read(Path file) throws WorkloadException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String unreadable = ImportInput.unreadableReason(file);
        if (unreadable != null) {
            throw new WorkloadException(file.toString(), 0, "", unreadable);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, name.replaceFirst("\\.json$", ""));
        } catch (IOException e) {
            throw new WorkloadException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
    }

    public static Scenario parse(String source, String json) throws WorkloadException {
        return read(
                source, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), source);
    }

    /** Reads a workload or scenario; {@code defaultId} names a plain workload. */
    public static Scenario read(String source, InputStream in, String defaultId)
            throws WorkloadException {
        JsonTree.Node root = JsonTree.parse(source, in);
        if (!root.isObject()) {
            throw root.error("expected a JSON object with \"format\": \"" + WORKLOAD_FORMAT + "\"");
        }
        JsonTree.Node format = root.get("format");
        if (format == null) {
            throw root.error(
                    "missing required field 'format' (\""
                            + WORKLOAD_FORMAT
                            + "\" or \""
                            + SCENARIO_FORMAT
                            + "\")");
        }
        String f = format.string(WORKLOAD_FORMAT, SCENARIO_FORMAT);
        boolean scenario = f.equals(SCENARIO_FORMAT);
        root.object(scenario ? SCENARIO_FIELDS : WORKLOAD_FIELDS);
        if (root.has("version")) {
            root.get("version").integer(1, 1);
        }
        String id = scenario ? root.require("id").string() : defaultId;
        String title = root.has("title") ? root.get("title").string() : id;
        String explanation = root.has("explanation") ? root.get("explanation").string() : "";
        Expectation baseExpect = root.has("expect") ? expectation(root.get("expect")) : null;
        List<Scenario.Variant> variants = new ArrayList<>();
        if (!root.has("variants")) {
            root.require("steps");
            variants.add(
                    new Scenario.Variant(
                            "default", title, "", workload(source, title, root, null), baseExpect));
        } else {
            List<JsonTree.Node> list = root.get("variants").array();
            if (list.isEmpty()) {
                throw root.get("variants").error("expected at least one variant");
            }
            List<String> ids = new ArrayList<>();
            for (JsonTree.Node v : list) {
                v.object("id", "title", "explanation", "config", "crash", "steps", "expect");
                String vid = v.require("id").string();
                if (ids.contains(vid)) {
                    throw v.get("id").error("duplicate variant id '" + vid + "'");
                }
                ids.add(vid);
                String vtitle = v.has("title") ? v.get("title").string() : vid;
                if (!root.has("steps") && !v.has("steps")) {
                    throw v.error("missing required field 'steps' (here or at the top level)");
                }
                Expectation e = v.has("expect") ? expectation(v.get("expect")) : baseExpect;
                String vexpl = v.has("explanation") ? v.get("explanation").string() : "";
                variants.add(
                        new Scenario.Variant(
                                vid,
                                vtitle,
                                vexpl,
                                workload(source, title + " (" + vtitle + ")", root, v),
                                e));
            }
        }
        return new Scenario(id, title, explanation, variants);
    }

    private static Workload workload(
            String source, String title, JsonTree.Node root, JsonTree.Node variant)
            throws WorkloadException {
        JsonTree.Node config =
                variant == null
                        ? root.get("config")
                        : JsonTree.merge(root.get("config"), variant.get("config"));
        JsonTree.Node crash =
                variant == null
                        ? root.get("crash")
                        : JsonTree.merge(root.get("crash"), variant.get("crash"));
        JsonTree.Node steps =
                variant != null && variant.has("steps") ? variant.get("steps") : root.get("steps");
        SimConfigReader.config(config); // validate now, so errors show when the file is read
        long crashAt = Time.NONE;
        CrashKind kind = CrashKind.POWER_LOSS;
        if (crash != null) {
            crash.object("at", "kind");
            JsonTree.Node at = crash.get("at");
            if (at != null && !(at.isString() && "end".equals(at.string()))) {
                if (!at.isNumber()) {
                    at.string("end");
                }
                crashAt = Time.ofSeconds(at.number(0, 1e6));
            }
            if (crash.has("kind")) {
                kind = CrashKind.parse(crash.get("kind").string(names(CrashKind.values())));
            }
        }
        return new Workload(source, title, config, crashAt, kind, steps(steps));
    }

    private static String[] names(CrashKind[] kinds) {
        String[] s = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            s[i] = kinds[i].jsonName();
        }
        return s;
    }

    private static Expectation expectation(JsonTree.Node n) throws WorkloadException {
        n.object("finding", "layer", "write", "with", "state", "onMedia", "notOnMedia", "note");
        String finding = n.require("finding").string(Expectation.FINDINGS.toArray(String[]::new));
        String layer =
                n.has("layer")
                        ? n.get("layer").string("guest", "virtio", "host", "device")
                        : "guest";
        String state =
                n.has("state")
                        ? n.get("state").string(Expectation.STATES.toArray(String[]::new))
                        : null;
        return new Expectation(
                finding,
                layer,
                optString(n, "write"),
                optString(n, "with"),
                state,
                stringList(n.get("onMedia")),
                stringList(n.get("notOnMedia")),
                optString(n, "note"));
    }

    private static String optString(JsonTree.Node n, String name) throws WorkloadException {
        return n.has(name) ? n.get(name).string() : null;
    }

    private static List<String> stringList(JsonTree.Node n) throws WorkloadException {
        if (n == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonTree.Node s : n.array()) {
            out.add(s.string());
        }
        return List.copyOf(out);
    }

    // ---- steps ----

    static List<Step> steps(JsonTree.Node array) throws WorkloadException {
        List<Step> out = new ArrayList<>();
        for (JsonTree.Node s : array.array()) {
            out.add(step(s));
        }
        return out;
    }

    private static Step step(JsonTree.Node n) throws WorkloadException {
        if (!n.isObject()) {
            n.object();
        }
        String op = n.require("op").string(opNames());
        switch (op) {
            case "write", "fua-write", "preflush-write", "read", "write-zeroes", "discard" -> {
                n.object(
                        "op",
                        "sector",
                        "count",
                        "tag",
                        "flags",
                        "sectorStep",
                        "stallUs",
                        "sync",
                        "process",
                        "pid");
                Op o =
                        switch (op) {
                            case "read" -> Op.READ;
                            case "write-zeroes" -> Op.WRITE_ZEROES;
                            case "discard" -> Op.DISCARD;
                            default -> Op.WRITE;
                        };
                int flags = flags(n.get("flags"));
                if (op.equals("fua-write")) {
                    flags |= Flags.FUA;
                } else if (op.equals("preflush-write")) {
                    flags |= Flags.PREFLUSH;
                }
                long sector = n.require("sector").integer(0, MAX_SECTOR);
                int count = n.has("count") ? (int) n.get("count").integer(1, 1 << 20) : 8;
                String defTag =
                        switch (o) {
                            case READ -> null;
                            case WRITE_ZEROES -> "zeroes#{n}";
                            case DISCARD -> "discard#{n}";
                            default -> "write#{n}";
                        };
                return new Step.Io(
                        o,
                        flags,
                        sector,
                        count,
                        sectorStep(n),
                        tag(n, defTag),
                        stall(n),
                        sync(n),
                        process(n),
                        pid(n));
            }
            case "flush" -> {
                n.object("op", "tag", "stallUs", "sync", "process", "pid");
                return new Step.Io(
                        Op.FLUSH,
                        Flags.PREFLUSH,
                        0,
                        0,
                        0,
                        tag(n, null),
                        stall(n),
                        sync(n),
                        process(n),
                        pid(n));
            }
            case "fsync" -> {
                n.object("op", "tag", "retries", "process", "pid");
                int retries = n.has("retries") ? (int) n.get("retries").integer(0, 100) : 0;
                return new Step.Fsync(tag(n, null), retries, process(n), pid(n));
            }
            case "wait-for" -> {
                n.object("op", "tag", "always");
                return new Step.WaitFor(
                        n.require("tag").string(), n.has("always") && n.get("always").bool());
            }
            case "drain" -> {
                n.object("op");
                return new Step.Drain();
            }
            case "sleep" -> {
                n.object("op", "us", "ms");
                if (n.has("us") == n.has("ms")) {
                    throw n.error("expected exactly one of 'us' or 'ms'");
                }
                double v =
                        n.has("us")
                                ? n.get("us").number(0, 1e12) * 1e3
                                : n.get("ms").number(0, 1e9) * 1e6;
                return new Step.Sleep(Math.round(v));
            }
            case "repeat" -> {
                n.object("op", "times", "steps");
                int times = (int) n.require("times").integer(0, Integer.MAX_VALUE);
                return new Step.Repeat(times, steps(n.require("steps")));
            }
            default -> {
                return Patterns.expand(op, n);
            }
        }
    }

    private static String[] opNames() {
        List<String> ops =
                new ArrayList<>(
                        List.of(
                                "write",
                                "fua-write",
                                "preflush-write",
                                "read",
                                "write-zeroes",
                                "discard",
                                "flush",
                                "fsync",
                                "wait-for",
                                "drain",
                                "sleep",
                                "repeat"));
        ops.addAll(Patterns.NAMES);
        return ops.toArray(String[]::new);
    }

    private static int flags(JsonTree.Node n) throws WorkloadException {
        if (n == null) {
            return 0;
        }
        int flags = 0;
        for (JsonTree.Node f : n.array()) {
            String name = f.string("fua", "preflush", "sync", "meta", "barrier");
            flags |= Flags.parse(name);
        }
        return flags;
    }

    private static long sectorStep(JsonTree.Node n) throws WorkloadException {
        return n.has("sectorStep") ? n.get("sectorStep").integer(-MAX_SECTOR, MAX_SECTOR) : 0;
    }

    private static String tag(JsonTree.Node n, String def) throws WorkloadException {
        if (!n.has("tag")) {
            return def;
        }
        String t = n.get("tag").string();
        if (t.isEmpty()) {
            throw n.get("tag").error("expected a non-empty tag");
        }
        return t;
    }

    private static long stall(JsonTree.Node n) throws WorkloadException {
        return n.has("stallUs") ? Math.round(n.get("stallUs").number(0, 1e9) * 1000) : 0;
    }

    private static boolean sync(JsonTree.Node n) throws WorkloadException {
        return n.has("sync") && n.get("sync").bool();
    }

    private static String process(JsonTree.Node n) throws WorkloadException {
        return n.has("process") ? n.get("process").string() : "app";
    }

    private static int pid(JsonTree.Node n) throws WorkloadException {
        return n.has("pid") ? (int) n.get("pid").integer(0, Integer.MAX_VALUE) : 1000;
    }
}
