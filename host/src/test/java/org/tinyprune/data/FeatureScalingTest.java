package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureScalingTest {

    @Test
    void eachColumnIsStandardisedOnItsOwn() {
        // Two samples of two rows, two columns: column 0 holds 1, 3, 5, 7 (mean 4, std sqrt 5),
        // column 1 holds 100 four times (constant: std taken as 1).
        FeatureScaling s =
                FeatureScaling.fit(
                        List.of(new float[] {1, 100, 3, 100}, new float[] {5, 100, 7, 100}), 2);
        assertArrayEquals(new double[] {4, 100}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(5), 1}, s.std(), 1e-12);
        byte[] b = new byte[6];
        s.encode(new float[] {4, 100, 1, 101, 1000, -1000}, b, 0);
        int[] unsigned = new int[6];
        for (int i = 0; i < 6; i++) {
            unsigned[i] = b[i] & 0xFF;
        }
        // 128 + 32 (v - mean) / std, rounded and clamped to 0..255
        assertArrayEquals(
                new int[] {128, 128, (int) Math.round(128 - 96 / Math.sqrt(5)), 160, 255, 0},
                unsigned);
        assertEquals(4 + 32 / 32.0 * Math.sqrt(5), s.decode(0, 160), 1e-12);
    }

    @Test
    void malformedInputIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureScaling.fit(List.of(new float[] {1, 2, 3}), 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureScaling.fit(List.of(), 2));
    }
}
