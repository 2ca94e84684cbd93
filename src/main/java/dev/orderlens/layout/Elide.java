package dev.orderlens.layout;

/** Cuts text to a width with a trailing ellipsis, measured by the target painter. */
public final class Elide {
    public static final String ELLIPSIS = "…";

    private Elide() {}

    /** {@code s} if it fits, else its longest prefix that fits with "…", else "". */
    public static String fit(String s, double maxWidth, Painter.Font font, Painter measure) {
        if (s == null || s.isEmpty() || maxWidth <= 0) {
            return "";
        }
        if (measure.textWidth(s, font) <= maxWidth) {
            return s;
        }
        double ell = measure.textWidth(ELLIPSIS, font);
        if (ell > maxWidth) {
            return "";
        }
        // binary search the longest prefix: widths grow with length
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (measure.textWidth(s.substring(0, mid), font) + ell <= maxWidth) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo > 0 && Character.isHighSurrogate(s.charAt(lo - 1))) {
            lo--;
        }
        return s.substring(0, lo).stripTrailing() + ELLIPSIS;
    }
}
