package dev.orderlens.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulator's record of what really was on stable media at its crash. Tests check that the
 * analysis's possible contents always include it.
 */
public final class Truth {
    /** Content of one sector at the crash; data null means the initial (never written) content. */
    public record SectorContent(long sector, String data) {}

    /** Where an unfinished request was at the crash (layer id or a phrase such as "host-cache"). */
    public record InFlight(int requestId, String where) {}

    private final long crashAt;
    private final String crashKind;
    private final List<SectorContent> sectors = new ArrayList<>();
    private final List<InFlight> inFlight = new ArrayList<>();

    public Truth(long crashAt, String crashKind) {
        this.crashAt = crashAt;
        this.crashKind = crashKind;
    }

    public long crashAt() {
        return crashAt;
    }

    /** May be null. */
    public String crashKind() {
        return crashKind;
    }

    public void addSector(long sector, String data) {
        sectors.add(new SectorContent(sector, data));
    }

    public List<SectorContent> sectors() {
        return Collections.unmodifiableList(sectors);
    }

    public void addInFlight(int requestId, String where) {
        inFlight.add(new InFlight(requestId, where));
    }

    public List<InFlight> inFlight() {
        return Collections.unmodifiableList(inFlight);
    }
}
