package dev.orderlens.analysis;

/**
 * The phases of a request's life that btt reports (btt User Guide, section 3, "average component
 * times across all IOs"), named by the two blkparse actions they lie between: Q queued, G got a
 * request structure, I inserted into the scheduler, M merged into a request, D issued to the
 * driver, C completed. Q2D is btt's {@code --q2d-latencies} time. docs/stats.md gives each
 * definition with the btt source it follows.
 */
public enum Phase {
    Q2Q("between two queued bios of a device"),
    Q2G("queued until a request structure was allocated (G)"),
    G2I("request allocated until inserted into the scheduler (I)"),
    Q2M("queued until merged into another request (M)"),
    I2D("inserted until issued to the driver (D)"),
    M2D("merged until the request it joined was issued (D)"),
    Q2D("queued until issued to the driver"),
    D2C("issued until completed: driver and device time"),
    Q2C("queued until completed: the whole life"),

    /**
     * Not btt's: queued until its own layer's flush or FUA made the write durable (a PREFLUSH/FUA
     * write at its post-flush, another write at the end of the first flush covering it).
     */
    Q2Durable("queued until a flush or FUA made it durable (not in btt)");

    /** The phases a flush has (it is never merged, and btt leaves it out: it carries no data). */
    public static final Phase[] FLUSH_PHASES = {Q2D, D2C, Q2C};

    private final String description;

    Phase(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static Phase parse(String name) {
        for (Phase p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
