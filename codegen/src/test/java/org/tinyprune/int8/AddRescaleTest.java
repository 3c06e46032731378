package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The int8 add: hand-worked parameters and sums, and agreement with real arithmetic. */
class AddRescaleTest {

    // A: scale 0.5 zp 0; B: scale 0.25 zp 10; out: scale 1 zp -5.
    private final AddRescale add = AddRescale.of(0.5, 0, 0.25, 10, 1.0, -5);

    @Test
    void parametersFollowTheTwiceMaxScheme() {
        assertEquals(new QuantizedMultiplier(1 << 30, 0), add.inputAMultiplier()); // 0.5
        assertEquals(new QuantizedMultiplier(1 << 30, -1), add.inputBMultiplier()); // 0.25
        assertEquals(new QuantizedMultiplier(1 << 30, -19), add.outputMultiplier()); // 2^-20
        assertEquals(0, add.inputAOffset());
        assertEquals(-10, add.inputBOffset());
        assertEquals(-5, add.outputOffset());
    }

    @Test
    void handWorkedSums() {
        // 5.0 + 5.0 = 10 -> q = 10 - 5 = 5.
        assertEquals(5, add.add(10, 30, -128, 127));
        // 0.5 + 0 = 0.5 -> rounds away from zero to 1 -> q = -4.
        assertEquals(-4, add.add(1, 10, -128, 127));
        // -0.5 + 0 -> -1 -> q = -6; a ReLU clamp at the zero point keeps -5.
        assertEquals(-6, add.add(-1, 10, -128, 127));
        assertEquals(-5, add.add(-1, 10, -5, 127));
        // Saturation at the int8 range: 63.5 + 29.25 = 92.75 -> 93 - 5 = 88; 127*0.5+117*0.25.
        assertEquals(88, add.add(127, 127, -128, 127));
        assertEquals(-128, AddRescale.of(1, 0, 1, 0, 0.5, 0).add(-128, -128, -128, 127));
    }

    @Test
    void agreesWithRealArithmeticWithinOneStep() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < 2000; t++) {
            double sa = Math.exp(rnd.nextDouble(-6, 0));
            double sb = Math.exp(rnd.nextDouble(-6, 0));
            double so = Math.exp(rnd.nextDouble(-5, 1));
            int za = rnd.nextInt(-128, 128);
            int zb = rnd.nextInt(-128, 128);
            int zo = rnd.nextInt(-128, 128);
            AddRescale p = AddRescale.of(sa, za, sb, zb, so, zo);
            int a = rnd.nextInt(-128, 128);
            int b = rnd.nextInt(-128, 128);
            double real = sa * (a - za) + sb * (b - zb);
            long expected = Math.max(-128, Math.min(127, Math.round(real / so) + zo));
            int got = p.add(a, b, -128, 127);
            assertTrue(
                    Math.abs(got - expected) <= 1,
                    "a="
                            + a
                            + " b="
                            + b
                            + " params="
                            + p
                            + " got "
                            + got
                            + " expected "
                            + expected);
        }
    }

    @Test
    void rejectsBadScales() {
        assertThrows(IllegalArgumentException.class, () -> AddRescale.of(0, 0, 1, 0, 1, 0));
        assertThrows(
                IllegalArgumentException.class, () -> AddRescale.of(1, 0, 1, 0, Double.NaN, 0));
    }
}
