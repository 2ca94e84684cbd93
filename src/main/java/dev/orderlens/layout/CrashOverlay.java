package dev.orderlens.layout;

import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.WriteState;
import java.util.Arrays;
import java.util.Objects;

/**
 * A crash point drawn over the timeline: a marker line at {@code timeNs} with a short label
 * ("power-loss · writeback", or "power-loss · blk0 unsafe, blk1 none") and, when {@code
 * writeStates} is given, every write bar coloured by its {@link WriteState} at that crash (one
 * {@link WriteState#code()} byte per request row, 0 for rows that are not writes). With {@code
 * writeStates == null} only the marker is drawn; a null label draws the line alone.
 *
 * <p>The array is not copied: it must not change once the overlay is made. Two overlays are equal
 * when their time, label and states are, so an unchanged crash point never repaints a frame.
 */
public record CrashOverlay(long timeNs, String label, byte[] writeStates) {

    /** The overlay of a crash-point query: its time, the label and every row's state. */
    public static CrashOverlay of(CrashResult result, String label) {
        return new CrashOverlay(result.point().atNs(), label, result.stateCodes());
    }

    /**
     * The usual label of a crash point: "power-loss · writeback", or "power-loss · blk0 unsafe,
     * blk1 none".
     */
    public static String label(CrashResult result) {
        return result.point().kind().jsonName() + " · " + result.point().cacheModes().label();
    }

    public boolean hasStates() {
        return writeStates != null;
    }

    /** The state code of a row (0: not a write, or no states). */
    public int stateCode(int row) {
        return writeStates == null || row >= writeStates.length ? 0 : writeStates[row];
    }

    /**
     * How bad a state code is for the data, for showing the worst state among the requests that
     * share a pixel: lost, then in flight, volatile, durable, not issued; 0 for "not a write".
     */
    public static int severity(int stateCode) {
        if (stateCode <= 0 || stateCode > WriteState.values().length) {
            return 0; // not a write, or not a state code at all: drawn like a request without a
            // state
        }
        WriteState s = WriteState.ofCode(stateCode);
        return switch (s) {
            case NOT_ISSUED -> 1;
            case DURABLE -> 2;
            case VOLATILE -> 3;
            case IN_FLIGHT -> 4;
            case LOST -> 5;
        };
    }

    /** The highest {@link #severity}. */
    static final int WORST = 5;

    @Override
    public boolean equals(Object o) {
        return o instanceof CrashOverlay c
                && c.timeNs == timeNs
                && Objects.equals(c.label, label)
                && Arrays.equals(c.writeStates, writeStates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeNs, label) * 31 + Arrays.hashCode(writeStates);
    }

    @Override
    public String toString() {
        return "CrashOverlay["
                + timeNs
                + " ns, "
                + label
                + (writeStates == null ? "" : ", " + writeStates.length + " rows")
                + "]";
    }
}
