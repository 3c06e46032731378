package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Rounding of average pooling. */
class PoolingTest {

    @Test
    void roundsHalfAwayFromZero() {
        assertEquals(3, Pooling.roundedAverage(5, 2));
        assertEquals(-3, Pooling.roundedAverage(-5, 2));
        assertEquals(1, Pooling.roundedAverage(4, 3));
        assertEquals(-1, Pooling.roundedAverage(-4, 3));
        assertEquals(2, Pooling.roundedAverage(5, 3));
        assertEquals(-2, Pooling.roundedAverage(-5, 3));
        assertEquals(0, Pooling.roundedAverage(0, 9));
        assertEquals(-128, Pooling.roundedAverage(-128 * 49, 49));
        assertEquals(127, Pooling.roundedAverage(127 * 49, 49));
    }

    @Test
    void rejectsEmptyWindows() {
        assertThrows(IllegalArgumentException.class, () -> Pooling.roundedAverage(3, 0));
    }
}
