package dev.orderlens.layout;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a typed time range: two times separated by "-", "..", "to" or a space, each a number with
 * an optional unit (ns, us/µs, ms, s; no unit: seconds, as blkparse prints times), e.g. {@code
 * 120us - 480us}, {@code 0.000120 0.000480}, {@code 1.5ms..2ms}. A single time gives a window
 * centred on it with the given span.
 */
public final class TimeRangeInput {
    private static final Pattern TIME =
            Pattern.compile(
                    "\\s*([+-]?\\d+(?:[.,]\\d+)?|[+-]?[.,]\\d+)\\s*(ns|us|µs|μs|ms|s)?\\s*",
                    Pattern.CASE_INSENSITIVE);

    private TimeRangeInput() {}

    /** {start, end} in ns; throws IllegalArgumentException with what was expected. */
    public static long[] parse(String text, long spanForSingle) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(
                    "type a time range, e.g. 120us - 480us or 0.5 1.25 (seconds)");
        }
        String[] parts = split(s);
        long a = parseTime(parts[0]);
        if (parts.length == 1) {
            long half = Math.max(1, spanForSingle / 2);
            return new long[] {TimeScale.saturatedSub(a, half), TimeScale.saturatedAdd(a, half)};
        }
        long b = parseTime(parts[1]);
        if (b <= a) {
            throw new IllegalArgumentException(
                    "the end ("
                            + parts[1].trim()
                            + ") must be after the start ("
                            + parts[0].trim()
                            + ")");
        }
        return new long[] {a, b};
    }

    private static String[] split(String s) {
        String t = s.replace("..", " ").replaceAll("(?i)\\bto\\b", " ");
        // a '-' between two times (not a sign): "1ms - 2ms", "1ms-2ms"
        t = t.replaceAll("(?<=[0-9a-zµμ])\\s*-\\s*(?=[0-9.+-])", " ");
        String[] parts = t.trim().split("\\s+(?=[+-]?[0-9.,])");
        if (parts.length > 2) {
            throw new IllegalArgumentException("expected one or two times, got '" + s + "'");
        }
        return parts;
    }

    /** One time with an optional unit; no unit means seconds. */
    public static long parseTime(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text.trim() + "' is not a time (expected e.g. 120us, 1.5ms, 0.25s)");
        }
        BigDecimal v = new BigDecimal(m.group(1).replace(',', '.'));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        long scale =
                switch (unit) {
                    case "ns" -> 1;
                    case "us", "µs", "μs" -> 1_000;
                    case "ms" -> 1_000_000;
                    default -> 1_000_000_000;
                };
        BigDecimal ns = v.multiply(BigDecimal.valueOf(scale));
        if (ns.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is out of range");
        }
        return ns.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
