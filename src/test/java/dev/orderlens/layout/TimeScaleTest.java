package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeScaleTest {
    @Test
    void timeToPixelAndBackRoundTripsWithinHalfAPixel() {
        Random rnd = new Random(7);
        for (int k = 0; k < 500; k++) {
            long start = rnd.nextLong() >> rnd.nextInt(64);
            long span = 1 + (Math.abs(rnd.nextLong()) >> (1 + rnd.nextInt(62)));
            long end = TimeScale.saturatedAdd(start, span);
            if (end <= start) {
                continue;
            }
            double width = 1 + rnd.nextInt(4000);
            TimeScale s = new TimeScale(start, end, 184, width);
            long t = start + (long) (rnd.nextDouble() * (end - start));
            long back = s.time(s.x(t));
            // doubles carry 53 bits: allow half a pixel plus the double's rounding of t itself
            double allowed = s.nsPerPx() / 2 + Math.ulp((double) Math.abs(t)) * 4 + 1;
            assertTrue(
                    Math.abs(back - t) <= allowed,
                    "t=" + t + " back=" + back + " ns/px=" + s.nsPerPx());
            double x = 184 + rnd.nextDouble() * width;
            // times are whole ns: the way back is off by at most half a nanosecond's worth of
            // pixels
            assertEquals(
                    x,
                    s.x(s.time(x)),
                    (0.5 + Math.ulp((double) Math.abs(end)) * 4) / s.nsPerPx() + 1e-6,
                    "x round trip");
        }
    }

    @Test
    void theWindowMapsOntoTheViewEdges() {
        TimeScale s = new TimeScale(1_000, 2_000, 100, 500);
        assertEquals(100, s.x(1_000), 1e-9);
        assertEquals(600, s.x(2_000), 1e-9);
        assertEquals(2.0, s.nsPerPx(), 1e-12);
        assertEquals(1_500, s.time(350));
    }

    @Test
    void extremeTimesSaturateInsteadOfWrapping() {
        TimeScale s = new TimeScale(-5, 5, 0, 10);
        assertTrue(s.x(Long.MAX_VALUE) > 1e15, "far right");
        assertTrue(s.x(Long.MIN_VALUE) < -1e15, "far left");
        assertEquals(12, s.xClamped(Long.MAX_VALUE), 1e-9);
        assertEquals(-2, s.xClamped(Long.MIN_VALUE), 1e-9);
        assertEquals(Long.MAX_VALUE, TimeScale.saturatedAdd(Long.MAX_VALUE - 1, 10L));
        assertEquals(Long.MIN_VALUE, TimeScale.saturatedSub(Long.MIN_VALUE + 1, 10));
        assertEquals(Long.MAX_VALUE, TimeScale.saturatedSub(Long.MAX_VALUE, -1));
        TimeScale wide = new TimeScale(Long.MIN_VALUE, Long.MAX_VALUE, 0, 1000);
        assertEquals(Long.MAX_VALUE, wide.time(5000));
        assertEquals(Long.MIN_VALUE, wide.time(-5000));
    }

    @Test
    void anEmptyWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(5, 5, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(0, 5, 0, 0));
    }
}
