package dev.orderlens.sim;

import dev.orderlens.analysis.CacheMode;
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
    private static final long MAX_SECTOR = 1L << 50;

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
        config(config); // validate now, so errors show when the file is read
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

    // ---- configuration ----

    /** Defaults overlaid with a workload's {@code config} object (null = defaults). */
    static SimConfig config(JsonTree.Node n) throws WorkloadException {
        SimConfig c = new SimConfig();
        if (n == null) {
            return c;
        }
        n.object(
                "seed",
                "tornProbability",
                "cacheMode",
                "aio",
                "guest",
                "virtio",
                "host",
                "device",
                "faults");
        if (n.has("seed")) {
            c.seed = n.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (n.has("tornProbability")) {
            c.tornProbability = n.get("tornProbability").number(0, 1);
        }
        if (n.has("guest")) {
            guest(n.get("guest"), c.guest);
        }
        if (n.has("virtio")) {
            virtio(n.get("virtio"), c.virtio);
        }
        if (n.has("host")) {
            host(n.get("host"), c.host);
        }
        if (n.has("cacheMode")) {
            c.host.cacheMode = cacheMode(n.get("cacheMode"));
        }
        if (n.has("aio")) {
            c.host.aio = aio(n.get("aio"));
        }
        if (n.has("device")) {
            device(n.get("device"), c.device);
        }
        if (n.has("faults")) {
            for (JsonTree.Node f : n.get("faults").array()) {
                c.faults.add(fault(f));
            }
        }
        return c;
    }

    private static void guest(JsonTree.Node n, SimConfig.Guest g) throws WorkloadException {
        n.object(
                "lane",
                "queueDepth",
                "waitForCompletion",
                "fua",
                "cryptWorkers",
                "crypt",
                "stepGap",
                "dispatch",
                "completion");
        if (n.has("lane")) {
            g.lane = n.get("lane").string();
        }
        if (n.has("queueDepth")) {
            g.queueDepth = (int) n.get("queueDepth").integer(1, 1 << 16);
        }
        if (n.has("waitForCompletion")) {
            g.waitForCompletion = n.get("waitForCompletion").bool();
        }
        if (n.has("fua")) {
            g.fua = n.get("fua").bool();
        }
        if (n.has("cryptWorkers")) {
            g.cryptWorkers = (int) n.get("cryptWorkers").integer(0, 1024);
        }
        g.crypt = latency(n.get("crypt"), g.crypt);
        g.stepGap = latency(n.get("stepGap"), g.stepGap);
        g.dispatch = latency(n.get("dispatch"), g.dispatch);
        g.completion = latency(n.get("completion"), g.completion);
    }

    private static void virtio(JsonTree.Node n, SimConfig.Virtio v) throws WorkloadException {
        n.object("lanePrefix", "queues", "depth", "completion", "pop", "process", "notify");
        if (n.has("lanePrefix")) {
            v.lanePrefix = n.get("lanePrefix").string();
        }
        if (n.has("queues")) {
            v.queues = (int) n.get("queues").integer(1, 256);
        }
        if (n.has("depth")) {
            v.depth = (int) n.get("depth").integer(1, 1 << 15);
        }
        if (n.has("completion")) {
            v.inOrder = n.get("completion").string("in-order", "reordered").equals("in-order");
        }
        v.pop = latency(n.get("pop"), v.pop);
        v.process = latency(n.get("process"), v.process);
        v.notify = latency(n.get("notify"), v.notify);
    }

    private static void host(JsonTree.Node n, SimConfig.Host h) throws WorkloadException {
        n.object(
                "lane",
                "cacheMode",
                "aio",
                "threads",
                "werror",
                "fuaPassthrough",
                "dispatch",
                "copy",
                "zeroes",
                "completion",
                "dirtyExpireMs",
                "writebackIntervalMs",
                "pageCacheSectors",
                "dirtyLimitSectors");
        if (n.has("lane")) {
            h.lane = n.get("lane").string();
        }
        if (n.has("cacheMode")) {
            h.cacheMode = cacheMode(n.get("cacheMode"));
        }
        if (n.has("aio")) {
            h.aio = aio(n.get("aio"));
        }
        if (n.has("threads")) {
            h.threads = (int) n.get("threads").integer(1, 4096);
        }
        if (n.has("werror")) {
            h.reportEnospc = n.get("werror").string("enospc", "report").equals("report");
        }
        if (n.has("fuaPassthrough")) {
            h.fuaPassthrough = n.get("fuaPassthrough").bool();
        }
        h.dispatch = n.has("dispatch") ? latency(n.get("dispatch"), null) : null;
        h.copy = latency(n.get("copy"), h.copy);
        h.zeroes = latency(n.get("zeroes"), h.zeroes);
        h.completion = latency(n.get("completion"), h.completion);
        if (n.has("dirtyExpireMs")) {
            h.dirtyExpireMs = n.get("dirtyExpireMs").integer(0, 1L << 40);
        }
        if (n.has("writebackIntervalMs")) {
            h.writebackIntervalMs = n.get("writebackIntervalMs").integer(1, 1L << 40);
        }
        if (n.has("pageCacheSectors")) {
            h.pageCacheSectors = n.get("pageCacheSectors").integer(1, 1L << 50);
        }
        if (n.has("dirtyLimitSectors")) {
            h.dirtyLimitSectors = n.get("dirtyLimitSectors").integer(1, 1L << 50);
        }
    }

    private static void device(JsonTree.Node n, SimConfig.Device d) throws WorkloadException {
        n.object(
                "lane",
                "writeCache",
                "fua",
                "reorder",
                "reorderWindow",
                "queueDepth",
                "cacheEntries",
                "transfer",
                "media",
                "destageDelay",
                "flush",
                "read",
                "thinCapacitySectors",
                "thinChunkSectors");
        if (n.has("lane")) {
            d.lane = n.get("lane").string();
        }
        if (n.has("writeCache")) {
            d.writeCache = n.get("writeCache").bool();
        }
        if (n.has("fua")) {
            d.fua = n.get("fua").bool();
        }
        if (n.has("reorder")) {
            d.reorder = n.get("reorder").bool();
        }
        if (n.has("reorderWindow")) {
            d.reorderWindow = (int) n.get("reorderWindow").integer(1, 1024);
        }
        if (n.has("queueDepth")) {
            d.queueDepth = (int) n.get("queueDepth").integer(1, 1 << 16);
        }
        if (n.has("cacheEntries")) {
            d.cacheEntries = (int) n.get("cacheEntries").integer(1, 1 << 24);
        }
        d.transfer = latency(n.get("transfer"), d.transfer);
        d.media = latency(n.get("media"), d.media);
        d.destageDelay = latency(n.get("destageDelay"), d.destageDelay);
        d.flush = latency(n.get("flush"), d.flush);
        d.read = latency(n.get("read"), d.read);
        if (n.has("thinCapacitySectors")) {
            d.thinCapacitySectors = n.get("thinCapacitySectors").integer(-1, 1L << 50);
        }
        if (n.has("thinChunkSectors")) {
            d.thinChunkSectors = (int) n.get("thinChunkSectors").integer(1, 1 << 20);
        }
    }

    private static CacheMode cacheMode(JsonTree.Node n) throws WorkloadException {
        return CacheMode.parse(n.string(CacheMode.names().split(", ")));
    }

    private static AioMode aio(JsonTree.Node n) throws WorkloadException {
        return AioMode.parse(n.string(AioMode.names().split(", ")));
    }

    /**
     * µs as a number (fixed) or {fixed} | {min,max} | {median,sigma} | {mean}, each with optional
     * perSector.
     */
    static Latency latency(JsonTree.Node n, Latency def) throws WorkloadException {
        if (n == null) {
            return def;
        }
        if (n.isNumber()) {
            return Latency.fixed(n.number(0, 1e12));
        }
        n.object("fixed", "min", "max", "median", "sigma", "mean", "perSector");
        double per = n.has("perSector") ? n.get("perSector").number(0, 1e9) : 0;
        if (n.has("fixed")) {
            return new Latency(Latency.Kind.FIXED, n.get("fixed").number(0, 1e12), 0, per);
        }
        if (n.has("median")) {
            double sigma = n.has("sigma") ? n.get("sigma").number(0, 5) : 0.5;
            return new Latency(Latency.Kind.LOGNORMAL, n.get("median").number(0, 1e12), sigma, per);
        }
        if (n.has("mean")) {
            return new Latency(Latency.Kind.EXPONENTIAL, n.get("mean").number(0, 1e12), 0, per);
        }
        if (n.has("min") && n.has("max")) {
            double min = n.get("min").number(0, 1e12);
            double max = n.get("max").number(min, 1e12);
            return new Latency(Latency.Kind.UNIFORM, min, max, per);
        }
        throw n.error(
                "expected a latency in µs: a number, {\"fixed\"}, {\"min\",\"max\"}, {\"median\",\"sigma\"} or {\"mean\"}");
    }

    private static Fault fault(JsonTree.Node n) throws WorkloadException {
        n.object("kind", "at", "sector", "count", "reported");
        String kindName =
                n.require("kind")
                        .string("writeback-error", "enospc", "lost-link", "memory-pressure");
        Fault.Kind kind = Fault.Kind.parse(kindName);
        long at = Time.ofSeconds(n.require("at").number(0, 1e6));
        if (kind == Fault.Kind.WRITEBACK_ERROR) {
            long sector = n.require("sector").integer(0, MAX_SECTOR);
            int count = n.has("count") ? (int) n.get("count").integer(1, 1 << 24) : 8;
            boolean reported =
                    !n.has("reported") || n.get("reported").string("once", "never").equals("once");
            return new Fault(kind, at, sector, count, reported);
        }
        for (String f : List.of("sector", "count", "reported")) {
            if (n.has(f)) {
                throw n.get(f).error("only a writeback-error fault takes '" + f + "'");
            }
        }
        return new Fault(kind, at, -1, 0, false);
    }
}
