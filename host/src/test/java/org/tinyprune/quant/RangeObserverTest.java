package org.tinyprune.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Quantization;

/** Calibration statistics and the int8 parameters of a range. */
class RangeObserverTest {

    private static RangeObserver observed(int capacity) {
        RangeObserver o = new RangeObserver(capacity, 4, 1);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int b = 0; b < 4; b++) {
            float[] v = new float[50_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextDouble(-1, 3);
            }
            if (b == 2) {
                v[123] = 500f; // one outlier
            }
            o.observe(v, v.length);
        }
        return o;
    }

    @Test
    void minMaxKeepsTheOutlierAndPercentileClipsIt() {
        ActivationRange mm = observed(0).range(CalibrationMethod.MIN_MAX, 99.99);
        assertEquals(500f, mm.max());
        assertEquals(-1f, mm.min(), 1e-3);
        ActivationRange p = observed(20_000).range(CalibrationMethod.PERCENTILE, 99.9);
        assertTrue(p.max() > 2.9 && p.max() <= 3, "99.9th percentile " + p.max());
        assertTrue(p.min() < -0.99 && p.min() >= -1, "0.1th percentile " + p.min());
    }

    @Test
    void rangeQuantisationIncludesZeroExactly() {
        Quantization q = new ActivationRange(0f, 6f).toQuantization();
        assertEquals(6f / 255f, q.scale(), 1e-9);
        assertEquals(-128, q.zeroPoint());
        Quantization neg = new ActivationRange(-2f, -1f).toQuantization();
        assertEquals(127, neg.zeroPoint());
        Quantization mid = new ActivationRange(-1f, 3f).toQuantization();
        assertEquals(-128 + 64, mid.zeroPoint()); // round(-128 + 1 / (4/255)) = -128 + 63.75
        Quantization dead = new ActivationRange(0f, 0f).toQuantization();
        assertTrue(dead.scale() > 0);
    }

    @Test
    void rejectsNonFiniteRanges() {
        assertThrows(IllegalArgumentException.class, () -> new ActivationRange(0f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ActivationRange(2f, 1f));
    }
}
