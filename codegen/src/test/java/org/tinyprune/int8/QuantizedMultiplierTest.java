package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-worked encodings of real multipliers. */
class QuantizedMultiplierTest {

    @Test
    void encodesExactPowersAndFractions() {
        assertEquals(new QuantizedMultiplier(1 << 30, 0), QuantizedMultiplier.of(0.5));
        assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(1.0));
        assertEquals(new QuantizedMultiplier(3 << 29, 0), QuantizedMultiplier.of(0.75));
        assertEquals(new QuantizedMultiplier(3 << 29, 2), QuantizedMultiplier.of(3.0));
        // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> 1717986918.
        assertEquals(new QuantizedMultiplier(1717986918, -3), QuantizedMultiplier.of(0.1));
    }

    @Test
    void roundingUpToTwoToThe31Renormalises() {
        // q = 1 - 2^-40 rounds to 2^31 in Q31: becomes 2^30 with shift + 1.
        assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(1.0 - 0x1p-40));
    }

    @Test
    void tinyMultipliersFlushToZero() {
        assertEquals(new QuantizedMultiplier(1 << 30, -31), QuantizedMultiplier.of(0x1p-32));
        assertEquals(QuantizedMultiplier.ZERO, QuantizedMultiplier.of(0x1p-33));
        assertEquals(QuantizedMultiplier.ZERO, QuantizedMultiplier.of(Double.MIN_VALUE));
        assertEquals(QuantizedMultiplier.ZERO, QuantizedMultiplier.of(0.0));
    }

    @Test
    void largestAndTooLargeMultipliers() {
        assertEquals(new QuantizedMultiplier(1 << 30, 30), QuantizedMultiplier.of(0x1p29));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(0x1p30));
        assertTrue(e.getMessage().contains("recalibrate"), e.getMessage());
    }

    @Test
    void rejectsNegativeAndNonFinite() {
        assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(-0.5));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> QuantizedMultiplier.of(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new QuantizedMultiplier(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuantizedMultiplier(1 << 30, 31));
    }

    @Test
    void toRealIsExact() {
        assertEquals(0.75, new QuantizedMultiplier(3 << 29, 0).toReal());
        assertEquals(3.0, new QuantizedMultiplier(3 << 29, 2).toReal());
    }
}
