package dev.orderlens.model;

/**
 * One piece of a file's clock alignment: from {@code fromNs} on (the file's own clock, until the
 * next segment) {@code offsetNs} is added to its times. Files of one capture drift apart when the
 * VM is paused (the guest's clock does not see the pause, the host's does), so a file gets a new
 * segment after each pause.
 *
 * @param fromNs where the segment starts on the file's own clock ({@link Long#MIN_VALUE} for the
 *     first)
 * @param offsetNs added to the file's times in this segment
 * @param pauseNs length of the VM pause that ends where this segment starts (0 for the first)
 * @param pausedFromNs where that pause started on this file's clock, or {@link Time#NONE} when the
 *     file's clock did not run during it (the guest's); times inside the pause are held at its
 *     start
 * @param estimated whether the offset was estimated from this segment's own matched writes (false:
 *     derived from a neighbouring segment and the pause length, or given)
 */
public record ClockSegment(
        long fromNs, long offsetNs, long pauseNs, long pausedFromNs, boolean estimated) {

    /** {@code t} on the common timeline under a list of segments in time order. */
    public static long shift(java.util.List<ClockSegment> segments, long t) {
        if (t == Time.NONE) {
            return Time.NONE;
        }
        int k = 0;
        while (k + 1 < segments.size() && segments.get(k + 1).fromNs() <= t) {
            k++;
        }
        ClockSegment s = segments.get(k);
        if (k + 1 < segments.size()) {
            ClockSegment next = segments.get(k + 1);
            if (next.pausedFromNs() != Time.NONE && t >= next.pausedFromNs()) {
                return next.pausedFromNs() + s.offsetNs(); // inside the pause: held at its start
            }
        }
        return t + s.offsetNs();
    }
}
