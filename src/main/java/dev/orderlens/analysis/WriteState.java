package dev.orderlens.analysis;

/**
 * A write's fate at a crash point under a crash kind (docs/analysis.md). Codes are stored one byte
 * per request row; 0 means "not a write".
 */
public enum WriteState {
    /** Submitted after the crash. */
    NOT_ISSUED("not-issued", "notIssued"),
    /** Issued and not completed where it decides: may be on media, partly (torn), or not at all. */
    IN_FLIGHT("in-flight", "inFlight"),
    /** Completed but not made durable: may or may not survive, in any order, possibly torn. */
    VOLATILE("volatile", "volatile"),
    /** Certain to survive this crash. */
    DURABLE("durable", "durable"),
    /**
     * Issued, but certain not to survive (writeback error, or still above the persistence
     * boundary).
     */
    LOST("lost", "lost");

    private static final WriteState[] BY_CODE = values();
    private final String jsonName;
    private final String countName;

    WriteState(String jsonName, String countName) {
        this.jsonName = jsonName;
        this.countName = countName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The key in the CLI's {@code counts} object. */
    public String countName() {
        return countName;
    }

    /** The byte stored per row: 1..5 (0 is "not a write"). */
    public byte code() {
        return (byte) (ordinal() + 1);
    }

    /** The state of a row code, or null for 0 (not a write). */
    public static WriteState ofCode(int code) {
        return code == 0 ? null : BY_CODE[code - 1];
    }

    /** In flight or volatile: may or may not survive. */
    public boolean uncertain() {
        return this == IN_FLIGHT || this == VOLATILE;
    }

    /** Durable, in flight or volatile. */
    public boolean maySurvive() {
        return this == DURABLE || uncertain();
    }

    /** In flight, volatile or lost (issued, not certain to survive). */
    public boolean mayBeLost() {
        return this == LOST || uncertain();
    }
}
