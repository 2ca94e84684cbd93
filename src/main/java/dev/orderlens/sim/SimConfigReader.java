package dev.orderlens.sim;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.model.Time;
import java.util.List;

/**
 * Reads the {@code config} object of a workload or scenario (docs/simulator.md, "Configuration")
 * strictly, like {@link WorkloadReader}: each layer's knobs, latencies, the cache and AIO modes and
 * the faults, overlaid on {@link SimConfig}'s defaults.
 */
final class SimConfigReader {
    private SimConfigReader() {}

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
            long sector = n.require("sector").integer(0, WorkloadReader.MAX_SECTOR);
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
