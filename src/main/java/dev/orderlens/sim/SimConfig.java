package dev.orderlens.sim;

import dev.orderlens.analysis.CacheMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulator can be told, with defaults that match a stock Linux guest on QEMU with
 * virtio-blk over a raw image on an SSD with a volatile write cache. A plain bag of fields, filled
 * by {@link WorkloadReader} from a workload's {@code config} object (each run gets a fresh one).
 * Latencies are in microseconds. docs/simulator.md lists every field.
 */
public final class SimConfig {
    public long seed = 1;

    /** Chance that each sector of a write being written to media at a power loss made it. */
    public double tornProbability = 0.5;

    public final Guest guest = new Guest();
    public final Virtio virtio = new Virtio();
    public final Host host = new Host();
    public final Device device = new Device();
    public final List<Fault> faults = new ArrayList<>();

    /** The guest block layer (what blktrace inside the VM shows). */
    public static final class Guest {
        public String lane = "vda";

        /** Requests the guest keeps in flight (blk-mq tags). */
        public int queueDepth = 128;

        /**
         * Dependent writes wait for completion (Linux since 2.6.37); false: trust submission order.
         */
        public boolean waitForCompletion = true;

        /** The guest's disk takes FUA (virtio-blk does not: FUA becomes a post-flush). */
        public boolean fua = false;

        /** dm-crypt-style parallel workers between the filesystem and the queue (0 = none). */
        public int cryptWorkers = 0;

        public Latency crypt = Latency.logNormal(30, 0.5, 1.0);

        /** Time the workload program spends between two steps. */
        public Latency stepGap = Latency.fixed(1);

        public Latency dispatch = Latency.fixed(1);
        public Latency completion = Latency.logNormal(3, 0.3);
    }

    /** The virtqueue as QEMU sees it. */
    public static final class Virtio {
        public String lanePrefix = "vq";
        public int queues = 1;

        /** Ring size: requests in flight per queue. */
        public int depth = 256;

        /** Completions are reported in the order the requests were popped. */
        public boolean inOrder = false;

        public Latency pop = Latency.logNormal(10, 0.3);
        public Latency process = Latency.fixed(2);
        public Latency notify = Latency.logNormal(5, 0.3);
    }

    /** QEMU's block layer and the host kernel with its page cache. */
    public static final class Host {
        public String lane = "disk.img";
        public CacheMode cacheMode = CacheMode.WRITEBACK;
        public AioMode aio = AioMode.THREADS;

        /** Worker threads for aio=threads. */
        public int threads = 64;

        /**
         * QEMU's werror: true = report errors to the guest; false = werror=enospc (stop the VM on
         * ENOSPC).
         */
        public boolean reportEnospc = false;

        /**
         * Newer QEMU passes FUA down as RWF_DSYNC; the host kernel then sends FUA to a FUA-capable
         * device.
         */
        public boolean fuaPassthrough = false;

        /** Delay until a request enters the host kernel; null = the aio mode's default. */
        public Latency dispatch;

        public Latency copy = Latency.logNormal(1, 0.2, 0.05);

        /** Extra time of a write-zeroes (fallocate) over a plain write. */
        public Latency zeroes = Latency.logNormal(150, 0.3);

        public Latency completion = Latency.logNormal(3, 0.3);
        public long dirtyExpireMs = 30_000;
        public long writebackIntervalMs = 5_000;

        /** Page-cache size; beyond it clean pages are evicted, oldest first. */
        public long pageCacheSectors = 1L << 24;

        /** Dirty data that starts background writeback at once. */
        public long dirtyLimitSectors = 1L << 21;

        public Latency dispatchLatency() {
            if (dispatch != null) {
                return dispatch;
            }
            return switch (aio) {
                case THREADS -> Latency.logNormal(15, 0.6);
                case NATIVE -> Latency.fixed(3);
                case IO_URING -> Latency.fixed(2);
            };
        }
    }

    /** The physical device. */
    public static final class Device {
        public String lane = "sda";

        /** A volatile write cache: writes complete when cached, a flush makes them durable. */
        public boolean writeCache = true;

        public boolean fua = true;

        /** The device destages its cache in its own order (non-overlapping writes only). */
        public boolean reorder = true;

        public int reorderWindow = 32;
        public int queueDepth = 32;
        public int cacheEntries = 4096;
        public Latency transfer = Latency.logNormal(25, 0.4, 0.2);
        public Latency media = Latency.logNormal(60, 0.5, 1.0);

        /** How long an idle device leaves a write in its cache before destaging it. */
        public Latency destageDelay = Latency.logNormal(2000, 0.7);

        public Latency flush = Latency.logNormal(50, 0.3);
        public Latency read = Latency.logNormal(80, 0.4, 0.5);

        /** A thin device: sectors it can allocate (-1 = not thin). */
        public long thinCapacitySectors = -1;

        public int thinChunkSectors = 128;
    }

    /**
     * The effective configuration as the trace's {@code meta.config} (cacheMode on top for the
     * analysis).
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cacheMode", host.cacheMode.jsonName());
        m.put("aio", host.aio.jsonName());
        m.put("seed", seed);
        m.put("guestSeesWriteCache", host.cacheMode.guestSeesWriteCache());
        m.put("deviceWriteCache", device.writeCache);
        m.put("tornProbability", tornProbability);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("lane", guest.lane);
        g.put("queueDepth", guest.queueDepth);
        g.put("waitForCompletion", guest.waitForCompletion);
        g.put("fua", guest.fua);
        g.put("cryptWorkers", guest.cryptWorkers);
        g.put("crypt", guest.crypt.describe());
        g.put("stepGap", guest.stepGap.describe());
        g.put("dispatch", guest.dispatch.describe());
        g.put("completion", guest.completion.describe());
        m.put("guest", g);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lanePrefix", virtio.lanePrefix);
        v.put("queues", virtio.queues);
        v.put("depth", virtio.depth);
        v.put("completion", virtio.inOrder ? "in-order" : "reordered");
        v.put("pop", virtio.pop.describe());
        v.put("process", virtio.process.describe());
        v.put("notify", virtio.notify.describe());
        m.put("virtio", v);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lane", host.lane);
        h.put("cacheMode", host.cacheMode.jsonName());
        h.put("aio", host.aio.jsonName());
        h.put("threads", host.threads);
        h.put("werror", host.reportEnospc ? "report" : "enospc");
        h.put("fuaPassthrough", host.fuaPassthrough);
        h.put("dispatch", host.dispatchLatency().describe());
        h.put("copy", host.copy.describe());
        h.put("zeroes", host.zeroes.describe());
        h.put("completion", host.completion.describe());
        h.put("dirtyExpireMs", host.dirtyExpireMs);
        h.put("writebackIntervalMs", host.writebackIntervalMs);
        h.put("pageCacheSectors", host.pageCacheSectors);
        h.put("dirtyLimitSectors", host.dirtyLimitSectors);
        m.put("host", h);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lane", device.lane);
        d.put("writeCache", device.writeCache);
        d.put("fua", device.fua);
        d.put("reorder", device.reorder);
        d.put("reorderWindow", device.reorderWindow);
        d.put("queueDepth", device.queueDepth);
        d.put("cacheEntries", device.cacheEntries);
        d.put("transfer", device.transfer.describe());
        d.put("media", device.media.describe());
        d.put("destageDelay", device.destageDelay.describe());
        d.put("flush", device.flush.describe());
        d.put("read", device.read.describe());
        d.put("thinCapacitySectors", device.thinCapacitySectors);
        d.put("thinChunkSectors", device.thinChunkSectors);
        m.put("device", d);
        List<Object> f = new ArrayList<>();
        for (Fault fault : faults) {
            f.add(fault.describe());
        }
        m.put("faults", f);
        return m;
    }
}
