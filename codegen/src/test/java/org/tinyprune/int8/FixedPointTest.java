package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Hand-worked values and edge cases of the fixed-point primitives. */
class FixedPointTest {

    private static final int MIN = Integer.MIN_VALUE;
    private static final int MAX = Integer.MAX_VALUE;
    private static final int HALF = 1 << 30; // 0.5 in Q31

    @Test
    void doublingHighMulSaturatesOnlyMinTimesMin() {
        assertEquals(MAX, FixedPoint.saturatingRoundingDoublingHighMul(MIN, MIN));
        // -2^31 * (2^31 - 1) / 2^31 = -(2^31 - 1) exactly.
        assertEquals(-MAX, FixedPoint.saturatingRoundingDoublingHighMul(MIN, MAX));
        assertEquals(-MAX, FixedPoint.saturatingRoundingDoublingHighMul(MAX, MIN));
        // (2^31 - 1)^2 / 2^31 = 2^31 - 2 + 1/2^31 -> 2^31 - 2.
        assertEquals(MAX - 1, FixedPoint.saturatingRoundingDoublingHighMul(MAX, MAX));
    }

    @Test
    void doublingHighMulRoundsTiesUp() {
        // 2^30 * 2^30 / 2^31 = 2^29 exactly.
        assertEquals(1 << 29, FixedPoint.saturatingRoundingDoublingHighMul(HALF, HALF));
        // 3 * 0.5 = 1.5 -> 2; -3 * 0.5 = -1.5 -> -1; -1 * 0.5 = -0.5 -> 0; 1 * 0.5 -> 1.
        assertEquals(2, FixedPoint.saturatingRoundingDoublingHighMul(3, HALF));
        assertEquals(-1, FixedPoint.saturatingRoundingDoublingHighMul(-3, HALF));
        assertEquals(0, FixedPoint.saturatingRoundingDoublingHighMul(-1, HALF));
        assertEquals(1, FixedPoint.saturatingRoundingDoublingHighMul(1, HALF));
        // -5 * 0.75 = -3.75 -> -4; 5 * 0.75 = 3.75 -> 4.
        int threeQuarters = 3 << 29;
        assertEquals(-4, FixedPoint.saturatingRoundingDoublingHighMul(-5, threeQuarters));
        assertEquals(4, FixedPoint.saturatingRoundingDoublingHighMul(5, threeQuarters));
    }

    @Test
    void roundingDivideRoundsTiesAwayFromZero() {
        assertEquals(2, FixedPoint.roundingDivideByPowerOfTwo(3, 1));
        assertEquals(-2, FixedPoint.roundingDivideByPowerOfTwo(-3, 1));
        assertEquals(-1, FixedPoint.roundingDivideByPowerOfTwo(-1, 1));
        assertEquals(1, FixedPoint.roundingDivideByPowerOfTwo(1, 1));
        assertEquals(-1, FixedPoint.roundingDivideByPowerOfTwo(-5, 2)); // -1.25
        assertEquals(-2, FixedPoint.roundingDivideByPowerOfTwo(-7, 2)); // -1.75
        assertEquals(12345, FixedPoint.roundingDivideByPowerOfTwo(12345, 0));
        assertEquals(MIN, FixedPoint.roundingDivideByPowerOfTwo(MIN, 0));
    }

    @Test
    void roundingDivideByTwoToThe31() {
        assertEquals(-1, FixedPoint.roundingDivideByPowerOfTwo(MIN, 31));
        assertEquals(1, FixedPoint.roundingDivideByPowerOfTwo(MAX, 31));
        assertEquals(1, FixedPoint.roundingDivideByPowerOfTwo(1 << 30, 31)); // 0.5 -> 1
        assertEquals(-1, FixedPoint.roundingDivideByPowerOfTwo(-(1 << 30), 31)); // -0.5 -> -1
        assertEquals(0, FixedPoint.roundingDivideByPowerOfTwo((1 << 30) - 1, 31));
        assertEquals(0, FixedPoint.roundingDivideByPowerOfTwo(-(1 << 30) + 1, 31));
        assertThrows(
                IllegalArgumentException.class, () -> FixedPoint.roundingDivideByPowerOfTwo(1, 32));
        assertThrows(
                IllegalArgumentException.class, () -> FixedPoint.roundingDivideByPowerOfTwo(1, -1));
    }

    @Test
    void requantizeWithShiftZeroAndNegative() {
        assertEquals(50, FixedPoint.requantize(100, HALF, 0));
        assertEquals(-1, FixedPoint.requantize(-3, HALF, 0)); // -1.5 -> -1 (tie up in the multiply)
        // 5 * 0.25: multiply gives 2.5 -> 3, then 3 / 2 = 1.5 -> 2. Double rounding, as TFLite.
        assertEquals(2, FixedPoint.requantize(5, HALF, -1));
        assertEquals(-1, FixedPoint.requantize(-3, HALF, -1)); // -1.5 -> -1, then -0.5 -> -1
        assertEquals(1, FixedPoint.requantize(MAX, MAX, -31));
        assertEquals(-1, FixedPoint.requantize(MIN, MAX, -31));
    }

    @Test
    void requantizeWithLeftShift() {
        assertEquals(7, FixedPoint.requantize(7, HALF, 1)); // multiplier 1.0
        assertEquals(-21, FixedPoint.requantize(-7, 3 << 29, 2)); // multiplier 3.0
        assertEquals(1 << 29, FixedPoint.requantize(1, HALF, 30)); // multiplier 2^29
        assertEquals(MAX, FixedPoint.requantize(MIN, MIN, 0));
    }

    @Test
    void requantizeRejectsShiftsOutsideRange() {
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.requantize(1, HALF, 31));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.requantize(1, HALF, -32));
    }

    @Test
    void clampBounds() {
        assertEquals(-128, FixedPoint.clamp(-500, -128, 127));
        assertEquals(127, FixedPoint.clamp(500, -128, 127));
        assertEquals(3, FixedPoint.clamp(3, -128, 127));
    }
}
