package dev.orderlens.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Trace-wide metadata: the JSON {@code meta} object. */
public final class TraceMeta {
    private String title;
    private String source;
    private int sectorSize = 512;
    private String scenario;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private long startEpochNs = Time.NONE;

    public String title() {
        return title;
    }

    public TraceMeta title(String t) {
        this.title = t;
        return this;
    }

    /** What produced the trace: simulator, blkparse, qemu-log, ... */
    public String source() {
        return source;
    }

    public TraceMeta source(String s) {
        this.source = s;
        return this;
    }

    public int sectorSize() {
        return sectorSize;
    }

    public TraceMeta sectorSize(int s) {
        this.sectorSize = s;
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public TraceMeta scenario(String s) {
        this.scenario = s;
        return this;
    }

    /**
     * Free-form configuration (cacheMode, ...): values are String, Number, Boolean or nested
     * maps/lists.
     */
    public Map<String, Object> config() {
        return config;
    }

    /** The cache mode recorded in {@code config.cacheMode}, or null. */
    public String cacheMode() {
        Object v = config.get("cacheMode");
        return v == null ? null : v.toString();
    }

    /** Wall-clock time of the trace's zero in ns since the epoch, or {@link Time#NONE}. */
    public long startEpochNs() {
        return startEpochNs;
    }

    public TraceMeta startEpochNs(long ns) {
        this.startEpochNs = ns;
        return this;
    }
}
