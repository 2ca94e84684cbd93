package dev.orderlens.layout;

import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Op;

/**
 * Colours of the timeline, as ARGB ints. Ops use the Okabe–Ito palette (distinguishable with the
 * common colour-vision deficiencies); findings are told apart by outline <em>style</em> as well as
 * colour, so nothing depends on colour alone. One light and one dark theme share the op colours.
 */
public record Palette(
        String name,
        int background,
        int laneStripe,
        int laneStripeAlt,
        int header,
        int gutter,
        int ruler,
        int grid,
        int text,
        int textDim,
        int foreground,
        int issueTick,
        int flushBand,
        int selection,
        int overviewWindow) {

    // Okabe & Ito (2008), "Color Universal Design"
    public static final int BLACK = 0xFF000000;
    public static final int ORANGE = 0xFFE69F00;
    public static final int SKY_BLUE = 0xFF56B4E9;
    public static final int BLUISH_GREEN = 0xFF009E73;
    public static final int YELLOW = 0xFFF0E442;
    public static final int BLUE = 0xFF0072B2;
    public static final int VERMILLION = 0xFFD55E00;
    public static final int REDDISH_PURPLE = 0xFFCC79A7;
    public static final int GREY = 0xFF999999;

    /** Outline of a crossing write (in flight across a flush's submission). */
    public static final int CROSSING = ORANGE;

    /** Stripe through a concurrent overlapping write. */
    public static final int CONCURRENT = YELLOW;

    public static final Palette LIGHT =
            new Palette(
                    "light",
                    0xFFFFFFFF,
                    0xFFF5F6F8,
                    0xFFFFFFFF,
                    0xFFE4E8EE,
                    0xFFEEF1F4,
                    0xFFEEF1F4,
                    0xFFD5DAE0,
                    0xFF1F2328,
                    0xFF57606A,
                    0xFF000000,
                    0xE6FFFFFF,
                    0x1FD55E00,
                    0xFF000000,
                    0x330072B2);

    public static final Palette DARK =
            new Palette(
                    "dark",
                    0xFF1C1D20,
                    0xFF24262A,
                    0xFF1C1D20,
                    0xFF30343A,
                    0xFF282A2F,
                    0xFF282A2F,
                    0xFF3C4047,
                    0xFFE6E8EB,
                    0xFFA2A8B0,
                    0xFFFFFFFF,
                    0xE6FFFFFF,
                    0x33D55E00,
                    0xFFFFFFFF,
                    0x4456B4E9);

    /** The colour of an op's bars. */
    public static int op(Op op) {
        return switch (op) {
            case READ -> SKY_BLUE;
            case WRITE -> BLUE;
            case FLUSH -> VERMILLION;
            case DISCARD -> REDDISH_PURPLE;
            case WRITE_ZEROES -> BLUISH_GREEN;
            case OTHER -> GREY;
        };
    }

    public static int op(int opCode) {
        return op(Op.ofCode(opCode));
    }

    // Write states at a crash point: Paul Tol's "vibrant" qualitative scheme (colour-blind safe as
    // a
    // set), none of them the orange outline or yellow stripe of the findings drawn over them.
    // Indexed by WriteState.code(): not issued, in flight, volatile, durable, lost.
    private static final int[] STATES_LIGHT = {
        0, 0xFFBBBBBB, 0xFF0077BB, 0xFFEE3377, 0xFF009988, 0xFFCC3311
    };
    private static final int[] STATES_DARK = {
        0, 0xFF6F747B, 0xFF3D9BE0, 0xFFEE3377, 0xFF00A89A, 0xFFE0452A
    };

    /** The fill of a write bar in a {@link WriteState} at a crash point. */
    public int state(WriteState s) {
        return (dark() ? STATES_DARK : STATES_LIGHT)[s.code()];
    }

    /** {@link #state(WriteState)} of a state code; 0 (not a write) has no state colour. */
    public int stateCode(int code) {
        if (code <= 0 || code >= STATES_LIGHT.length) {
            throw new IllegalArgumentException("not a write state code: " + code);
        }
        return (dark() ? STATES_DARK : STATES_LIGHT)[code];
    }

    /**
     * The crash point's marker line and label box (the trace's own crash events are dashed
     * vermillion).
     */
    public int crashMarker() {
        return foreground;
    }

    /**
     * The halo around highlighted requests (a latency histogram bucket's): a highlighter-pen lime
     * that no op, write state or finding uses, drawn outside the bar so the bar keeps its own look.
     */
    public int highlight() {
        return dark() ? 0xFFB6F23E : 0xFF7ED321;
    }

    /**
     * Queue-depth track: the highest depth in a pixel column (light), the time-weighted mean
     * (dark); slate, not an op's blue, so a strip never reads as bars.
     */
    public int depthMax() {
        return dark() ? 0xFF3E4A5A : 0xFFC9D1DB;
    }

    public int depthMean() {
        return dark() ? 0xFF95A8BE : 0xFF5D7089;
    }

    /** Queue-depth track: requests waiting in the scheduler, a line over the in-flight fill. */
    public int depthScheduler() {
        return ORANGE;
    }

    /** The colour of an event tick. */
    public int event(EventKind kind) {
        return switch (kind) {
            case WRITEBACK_ERROR, CRASH, IO_ERROR -> VERMILLION;
            case DRAIN -> foreground;
            case REQUEUE -> REDDISH_PURPLE;
            default -> textDim;
        };
    }

    /** The same colour with another alpha (0..255). */
    public static int withAlpha(int argb, int alpha) {
        return (alpha << 24) | (argb & 0xFFFFFF);
    }

    public static int alpha(int argb) {
        return argb >>> 24;
    }

    public boolean dark() {
        return this == DARK;
    }
}
