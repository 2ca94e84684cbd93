package dev.orderlens.analysis;

/**
 * One step of a verdict's reason chain. It names the request row or event row it is about (so a
 * view can make it clickable) and the time it happened; -1 / {@link dev.orderlens.model.Time#NONE}
 * when it has none (e.g. the crash itself or a cache-mode rule).
 */
public record ReasonStep(String text, int request, int event, long time) {
    public static ReasonStep ofRequest(int row, long time, String text) {
        return new ReasonStep(text, row, -1, time);
    }

    public static ReasonStep ofEvent(int event, long time, String text) {
        return new ReasonStep(text, -1, event, time);
    }

    public static ReasonStep rule(String text) {
        return new ReasonStep(text, -1, -1, dev.orderlens.model.Time.NONE);
    }

    public static ReasonStep at(long time, String text) {
        return new ReasonStep(text, -1, -1, time);
    }
}
