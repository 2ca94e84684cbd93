package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Time;
import org.junit.jupiter.api.Test;

class TimeRulerTest {
    private final RecordingPainter measure = new RecordingPainter();

    @Test
    void theUnitFollowsTheStep() {
        assertEquals("500 ns", TimeRuler.label(500, 100, Time.NONE));
        assertEquals("120 µs", TimeRuler.label(120_000, 20_000, Time.NONE));
        assertEquals("1,500 µs", TimeRuler.label(1_500_000, 500_000, Time.NONE));
        assertEquals("12 ms", TimeRuler.label(12_000_000, 2_000_000, Time.NONE));
        assertEquals("3 s", TimeRuler.label(3_000_000_000L, 1_000_000_000L, Time.NONE));
        assertEquals("-200 µs", TimeRuler.label(-200_000, 100_000, Time.NONE));
        assertEquals("0", TimeRuler.label(0, 5, Time.NONE));
    }

    @Test
    void absoluteLabelsAreUtcWallClockWithTheDigitsTheStepNeeds() {
        long epoch = 1_732_230_000_000_000_000L; // 2024-11-21T23:00:00Z
        assertEquals("23:00:01", TimeRuler.label(1_000_000_000L, 1_000_000_000L, epoch));
        assertEquals("23:00:00.250", TimeRuler.label(250_000_000L, 50_000_000L, epoch));
        assertEquals("23:00:00.000120", TimeRuler.label(120_000, 20_000, epoch));
        assertEquals("23:00:00.000000005", TimeRuler.label(5, 1, epoch));
        assertEquals("2024-11-21 UTC", TimeRuler.date(epoch, 0));
    }

    @Test
    void stepsAreOneTwoFiveAndTicksLeaveRoomForTheirLabels() {
        assertEquals(2, TimeRuler.nextStep(1));
        assertEquals(5, TimeRuler.nextStep(2));
        assertEquals(10, TimeRuler.nextStep(5));
        assertEquals(200_000, TimeRuler.nextStep(100_000));
        for (long span : new long[] {10, 1_000, 480_000, 7_000_000_000L, 3_600_000_000_000L}) {
            TimeScale s = new TimeScale(0, span, 184, 1000);
            TimeRuler.Ticks t = TimeRuler.ticks(s, Time.NONE, measure, Painter.Font.SMALL);
            assertTrue(t.ticks().size() >= 2, span + ": at least two ticks, got " + t.ticks());
            for (int i = 1; i < t.ticks().size(); i++) {
                TimeRuler.Tick a = t.ticks().get(i - 1);
                assertTrue(
                        t.ticks().get(i).x() - a.x()
                                >= measure.textWidth(a.label(), Painter.Font.SMALL)
                                        + TimeRuler.LABEL_GAP,
                        span + ": room for '" + a.label() + "'");
            }
        }
    }
}
