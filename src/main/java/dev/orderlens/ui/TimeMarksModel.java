package dev.orderlens.ui;

import dev.orderlens.layout.TimeMarks;
import dev.orderlens.model.Time;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The times the user marked on the timeline ({@link TimeMarks}): the selected range, markers A and
 * B, and the compared crash point. Owned by the {@link TimelineViewModel}, cleared with a new
 * trace; the lanes draw it, the range panel computes its totals from it.
 */
public final class TimeMarksModel {
    private final ReadOnlyObjectWrapper<TimeMarks> marks =
            new ReadOnlyObjectWrapper<>(this, "marks", TimeMarks.NONE);
    private final javafx.beans.property.BooleanProperty dragging =
            new javafx.beans.property.SimpleBooleanProperty(this, "dragging");

    /**
     * True while the user drags a range out: whatever reacts to a new range (the Range tab coming
     * forward, which narrows the lanes) waits for the drag to end.
     */
    public javafx.beans.property.BooleanProperty draggingProperty() {
        return dragging;
    }

    public ReadOnlyObjectProperty<TimeMarks> property() {
        return marks.getReadOnlyProperty();
    }

    public TimeMarks get() {
        return marks.get();
    }

    /** Selects [a, b) (either order); an empty range clears it. */
    public void selectRange(long a, long b) {
        long s = Math.min(a, b);
        long e = Math.max(a, b);
        marks.set(
                e > s ? marks.get().withRange(s, e) : marks.get().withRange(Time.NONE, Time.NONE));
    }

    public void clearRange() {
        marks.set(marks.get().withRange(Time.NONE, Time.NONE));
    }

    public void setMarkerA(long t) {
        marks.set(marks.get().withMarkerA(t));
    }

    public void setMarkerB(long t) {
        marks.set(marks.get().withMarkerB(t));
    }

    /** The comparison's second crash point ({@link Time#NONE}: none). */
    public void setCompareB(long t) {
        marks.set(marks.get().withCompareB(t));
    }

    /** Forgets the range and the markers (a new trace); the comparison clears itself. */
    void clearUserMarks() {
        marks.set(TimeMarks.NONE.withCompareB(marks.get().compareB()));
    }
}
