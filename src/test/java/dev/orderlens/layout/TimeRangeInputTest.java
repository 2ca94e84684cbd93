package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeRangeInputTest {
    @Test
    void rangesInEveryUnitAndSeparator() {
        assertArrayEquals(new long[] {120_000, 480_000}, TimeRangeInput.parse("120us - 480us", 0));
        assertArrayEquals(new long[] {120_000, 480_000}, TimeRangeInput.parse("120 µs..480µs", 0));
        assertArrayEquals(
                new long[] {120_000, 480_000}, TimeRangeInput.parse("0.000120 0.000480", 0));
        assertArrayEquals(new long[] {1_500_000, 2_000_000}, TimeRangeInput.parse("1.5ms-2ms", 0));
        assertArrayEquals(new long[] {-5, 7}, TimeRangeInput.parse("-5ns to 7ns", 0));
        assertArrayEquals(
                new long[] {2_000_000_000L, 3_250_000_000L}, TimeRangeInput.parse("2s 3.25s", 0));
        assertArrayEquals(
                new long[] {900, 1100}, TimeRangeInput.parse("1us", 200), "one time: centred");
        assertEquals(1, TimeRangeInput.parseTime("1ns"));
    }

    @Test
    void badInputSaysWhatWasExpected() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TimeRangeInput.parse("2ms 1ms", 0))
                        .getMessage()
                        .contains("must be after"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TimeRangeInput.parse("soon", 0))
                        .getMessage()
                        .contains("is not a time"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TimeRangeInput.parse("", 0))
                        .getMessage()
                        .contains("e.g."));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TimeRangeInput.parse("1 2 3", 0))
                        .getMessage()
                        .contains("one or two times"));
    }
}
