package dev.orderlens.layout;

import dev.orderlens.model.Time;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ticks and labels for the time ruler. The step is the smallest 1-2-5 multiple of a nanosecond
 * whose labels fit between ticks (measured, so labels never overlap); the unit follows the step
 * (ns, µs, ms, s). Relative labels are times from the trace's zero; absolute labels are UTC wall
 * clock times from {@code meta.startEpochNs}.
 */
public final class TimeRuler {
    /** Space between the end of one label and the next tick. */
    static final double LABEL_GAP = 18;

    private static final DateTimeFormatter HMS =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private TimeRuler() {}

    /** One labelled tick. */
    public record Tick(long t, double x, String label) {}

    /** Ticks of the ruler and the step between them. */
    public record Ticks(long step, List<Tick> ticks) {}

    /**
     * @param epochNs wall-clock time of the trace's zero for absolute labels, or {@link Time#NONE}
     */
    public static Ticks ticks(TimeScale s, long epochNs, Painter measure, Painter.Font font) {
        long step = 1;
        for (int guard = 0; guard < 60; guard++) {
            double px = step / s.nsPerPx();
            if (px >= 24) {
                double w =
                        Math.max(
                                measure.textWidth(label(first(s, step), step, epochNs), font),
                                measure.textWidth(
                                        label(floorTo(s.endNs(), step), step, epochNs), font));
                if (px >= w + LABEL_GAP) {
                    break;
                }
            }
            long next = nextStep(step);
            if (next <= step) {
                break;
            }
            step = next;
        }
        List<Tick> out = new ArrayList<>();
        for (long t = first(s, step);
                t <= s.endNs() && out.size() < 1000;
                t = TimeScale.saturatedAdd(t, step)) {
            out.add(new Tick(t, s.x(t), label(t, step, epochNs)));
            if (t == Long.MAX_VALUE) {
                break;
            }
        }
        return new Ticks(step, out);
    }

    private static long first(TimeScale s, long step) {
        long f = floorTo(s.startNs(), step);
        return f < s.startNs() ? TimeScale.saturatedAdd(f, step) : f;
    }

    private static long floorTo(long t, long step) {
        return Math.floorDiv(t, step) * step;
    }

    /** 1, 2, 5, 10, 20, 50, ... */
    static long nextStep(long step) {
        long mag = 1;
        while (mag <= step / 10) {
            mag *= 10;
        }
        long lead = step / mag;
        if (lead < 2) {
            return 2 * mag;
        }
        if (lead < 5) {
            return 5 * mag;
        }
        return mag > Long.MAX_VALUE / 10 ? step : 10 * mag;
    }

    /** Minor subdivisions between two labelled ticks for a step. */
    static int subdivisions(long step) {
        long lead = step;
        while (lead >= 10 && lead % 10 == 0) {
            lead /= 10;
        }
        return lead == 2 ? 4 : 5;
    }

    /** The unit (ns per unit) and its name for a step. */
    static long unit(long step) {
        if (step >= 1_000_000_000L) {
            return 1_000_000_000L;
        } else if (step >= 1_000_000L) {
            return 1_000_000L;
        } else if (step >= 1_000L) {
            return 1_000L;
        }
        return 1;
    }

    static String unitName(long unit) {
        return unit == 1_000_000_000L
                ? "s"
                : unit == 1_000_000L ? "ms" : unit == 1_000L ? "µs" : "ns";
    }

    /** The label of a tick at {@code t} for this step. */
    public static String label(long t, long step, long epochNs) {
        if (epochNs != Time.NONE) {
            long abs = TimeScale.saturatedAdd(epochNs, t);
            Instant i =
                    Instant.ofEpochSecond(
                            Math.floorDiv(abs, 1_000_000_000L), Math.floorMod(abs, 1_000_000_000L));
            String hms = HMS.format(i);
            long nanos = Math.floorMod(abs, 1_000_000_000L);
            int digits =
                    step % 1_000_000_000L == 0
                            ? 0
                            : step % 1_000_000L == 0 ? 3 : step % 1_000L == 0 ? 6 : 9;
            if (digits == 0) {
                return hms;
            }
            String frac = String.format(Locale.ROOT, "%09d", nanos).substring(0, digits);
            return hms + "." + frac;
        }
        long unit = unit(step);
        if (t == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%,d %s", t / unit, unitName(unit));
    }

    /** The date shown beside absolute labels. */
    public static String date(long epochNs, long t) {
        long abs = TimeScale.saturatedAdd(epochNs, t);
        return DATE.format(Instant.ofEpochSecond(Math.floorDiv(abs, 1_000_000_000L))) + " UTC";
    }

    /**
     * Paints the ruler across {@code [0, width)} at {@code y}; the time part starts at the scale's
     * x0.
     */
    public static Ticks paint(
            Painter p, TimeScale s, double y, double h, double width, Palette pal, long epochNs) {
        Painter.Font font = Painter.Font.SMALL;
        p.fillRect(0, y, width, h, pal.ruler());
        p.fillRect(0, y + h - 1, width, 1, pal.grid());
        Ticks ticks = ticks(s, epochNs, p, font);
        String mode = epochNs == Time.NONE ? "time from trace start" : date(epochNs, s.startNs());
        p.textElided(mode, 8, y + h / 2 + 4, s.x0() - 16, font, pal.textDim(), Painter.Align.LEFT);
        p.pushClip(s.x0(), y, s.width(), h);
        int subs = subdivisions(ticks.step());
        double subPx = ticks.step() / s.nsPerPx() / subs;
        if (subPx >= 6) {
            long first = floorTo(s.startNs(), ticks.step());
            for (long t = first; t <= s.endNs(); t = TimeScale.saturatedAdd(t, ticks.step())) {
                for (int k = 1; k < subs; k++) {
                    double x = Math.round(s.x(t) + k * subPx);
                    p.fillRect(x, y + h - 5, 1, 4, pal.textDim());
                }
                if (t == Long.MAX_VALUE) {
                    break;
                }
            }
        }
        for (Tick t : ticks.ticks()) {
            double x = Math.round(t.x());
            p.fillRect(x, y + h - 10, 1, 9, pal.text());
            p.text(t.label(), x + 4, y + h - 12, font, pal.text(), Painter.Align.LEFT);
        }
        p.popClip();
        p.fillRect(s.x0() - 1, y, 1, h, pal.grid());
        return ticks;
    }
}
