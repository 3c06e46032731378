package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The int8 multiply: hand-worked parameters and products, and agreement with real arithmetic. */
class MulRescaleTest {

    @Test
    void handWorkedProductsWithALeftShift() {
        // A: scale 0.625 zp -2; B: scale 0.25 zp 1; out: scale 0.125 zp 3. Real multiplier
        // 0.15625 / 0.125 = 1.25 = 0.625 * 2^1 -> Q31 round(0.625 * 2^31) = 1342177280, shift 1.
        MulRescale m = MulRescale.of(0.625f, -2, 0.25f, 1, 0.125f, 3);
        assertEquals(new QuantizedMultiplier(1342177280, 1), m.outputMultiplier());
        assertEquals(2, m.inputAOffset());
        assertEquals(-1, m.inputBOffset());
        assertEquals(3, m.outputOffset());
        // a = 3, b = -7: (3 + 2) * (-7 - 1) = -40; -40 << 1 = -80; -80 * 0.625 = -50 exactly; + 3 =
        // -47.
        // Real: 3.125 * -2.0 / 0.125 = -50 -> -47.
        assertEquals(-47, m.mul(3, -7, -128, 127));
        // centred product 7 (a = 5, b = 2): 14 * 0.625 = 8.75 -> 9; + 3 = 12 (real 7 * 1.25 =
        // 8.75).
        assertEquals(12, m.mul(5, 2, -128, 127));
        // centred product -2 (a = 0, b = 0): -4 * 0.625 = -2.5: the doubling high multiply rounds
        // ties
        // up, to -2; + 3 = 1.
        assertEquals(1, m.mul(0, 0, -128, 127));
        // saturation and a fused ReLU at the zero point: 129 * 127 * 1.25 >> 127; -47 clamps to 3.
        assertEquals(127, m.mul(127, 127, -128, 127));
        assertEquals(3, m.mul(3, -7, 3, 127));
    }

    @Test
    void handWorkedProductsWithARoundingRightShift() {
        // All zero points 0; 0.5 * 0.25 / 2 = 0.0625 = 0.5 * 2^-3 -> multiplier 2^30, shift -3: the
        // high multiply halves (exactly for even products), then a divide by 8 rounds half away
        // from 0.
        MulRescale m = MulRescale.of(0.5f, 0, 0.25f, 0, 2f, 0);
        assertEquals(new QuantizedMultiplier(1 << 30, -3), m.outputMultiplier());
        assertEquals(1, m.mul(4, 5, -128, 127)); // 20 -> 10 -> 1.25 -> 1
        assertEquals(1, m.mul(3, 4, -128, 127)); // 12 -> 6 -> 0.75 -> 1
        assertEquals(-1, m.mul(-3, 4, -128, 127)); // -12 -> -6 -> -0.75 -> -1
        assertEquals(0, m.mul(2, 2, -128, 127)); // 4 -> 2 -> 0.25 -> 0
        assertEquals(1, m.mul(2, 4, -128, 127)); // 8 -> 4 -> 0.5 -> 1 (away from zero)
        assertEquals(-1, m.mul(-2, 4, -128, 127)); // -8 -> -4 -> -0.5 -> -1 (away from zero)
    }

    /**
     * Within one step of real arithmetic; the two roundings (high multiply, then shift) make a few
     * products round the other way, as in TFLite.
     */
    @Test
    void withinOneStepOfRealArithmetic() {
        SplittableRandom r = new SplittableRandom(5);
        int offByOne = 0;
        for (int c = 0; c < 200; c++) {
            float sa = (float) Math.scalb(1 + r.nextDouble(), -r.nextInt(3, 9));
            float sb = (float) Math.scalb(1 + r.nextDouble(), -r.nextInt(3, 9));
            float so = (float) Math.scalb(1 + r.nextDouble(), -r.nextInt(4, 12));
            int za = r.nextInt(-128, 128);
            int zb = r.nextInt(-128, 128);
            int zo = r.nextInt(-128, 128);
            MulRescale m = MulRescale.of(sa, za, sb, zb, so, zo);
            for (int i = 0; i < 50; i++) {
                int a = r.nextInt(-128, 128);
                int b = r.nextInt(-128, 128);
                double real = (double) sa * (a - za) * sb * (b - zb) / so + zo;
                double clamped = Math.max(-128, Math.min(127, real));
                int got = m.mul(a, b, -128, 127);
                assertTrue(
                        Math.abs(got - clamped) < 1,
                        "case " + c + " a " + a + " b " + b + ": real " + real);
                offByOne += got != Math.round(clamped) ? 1 : 0;
            }
        }
        assertTrue(
                offByOne < 200 * 50 / 20, offByOne + " of 10000 products not rounded to nearest");
    }

    @Test
    void degenerateOutputScaleIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MulRescale.of(1f, 0, 1f, 0, 1e-6f, 0));
        assertTrue(e.getMessage().contains("recalibrate"), e.getMessage());
    }
}
