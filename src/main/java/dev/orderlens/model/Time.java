package dev.orderlens.model;

import java.util.Locale;

/** Times are long nanoseconds from the trace's zero; {@link #NONE} marks an absent time. */
public final class Time {
    public static final long NONE = Long.MIN_VALUE;

    private Time() {}

    public static boolean isSet(long t) {
        return t != NONE;
    }

    public static double toSeconds(long ns) {
        return ns / 1e9;
    }

    /** Nanoseconds of a seconds value, rounded to the nearest ns. */
    public static long ofSeconds(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** "12.345678901" seconds with ns precision, as blkparse prints it. */
    public static String formatSeconds(long ns) {
        if (ns == NONE) {
            return "-";
        }
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        return String.format(
                Locale.ROOT, "%s%d.%09d", sign, a / 1_000_000_000L, a % 1_000_000_000L);
    }

    /** A short human duration with an adaptive unit: 850 ns, 12.3 µs, 4.56 ms, 1.234 s. */
    public static String formatDuration(long ns) {
        if (ns == NONE) {
            return "-";
        }
        long a = Math.abs(ns);
        if (a < 1_000) {
            return ns + " ns";
        } else if (a < 1_000_000) {
            return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        } else if (a < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.4g s", ns / 1e9);
    }
}
