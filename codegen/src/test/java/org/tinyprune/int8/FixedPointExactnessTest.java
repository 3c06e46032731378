package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compares the fixed-point primitives with exact rational arithmetic (BigInteger/BigDecimal) and
 * with real-number products over many random operands of every magnitude.
 */
class FixedPointExactnessTest {

    private static final int TRIALS = 20_000;
    private static final BigInteger TWO_31 = BigInteger.ONE.shiftLeft(31);

    /** A random int whose magnitude is spread over all bit widths. */
    private static int anyInt(SplittableRandom rnd) {
        int v = rnd.nextInt() >> rnd.nextInt(32);
        return rnd.nextInt(50) == 0
                ? (rnd.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                : v;
    }

    /** floor(a * b / 2^31 + 1/2), saturated to int32. */
    private static int exactDoublingHighMul(int a, int b) {
        BigInteger num =
                BigInteger.valueOf(a)
                        .multiply(BigInteger.valueOf(b))
                        .add(BigInteger.ONE.shiftLeft(30));
        BigInteger[] qr = num.divideAndRemainder(TWO_31);
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return floor.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValueExact();
    }

    /** x / 2^e rounded half away from zero. */
    private static int exactRoundingDivide(int x, int e) {
        return new BigDecimal(x)
                .divide(new BigDecimal(TWO_31.shiftRight(31 - e)))
                .setScale(0, RoundingMode.HALF_UP)
                .intValueExact();
    }

    @Test
    void doublingHighMulIsExactlyRoundedProduct() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < TRIALS; t++) {
            int a = anyInt(rnd);
            int b = anyInt(rnd);
            assertEquals(
                    exactDoublingHighMul(a, b),
                    FixedPoint.saturatingRoundingDoublingHighMul(a, b),
                    "a=" + a + " b=" + b);
        }
    }

    @Test
    void roundingDivideIsExactlyRoundedQuotient() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int t = 0; t < TRIALS; t++) {
            int x = anyInt(rnd);
            int e = rnd.nextInt(32);
            assertEquals(
                    exactRoundingDivide(x, e),
                    FixedPoint.roundingDivideByPowerOfTwo(x, e),
                    "x=" + x + " e=" + e);
        }
    }

    @Test
    void quantizedMultiplierIsWithinHalfAQ31Step() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < TRIALS; t++) {
            double real = Math.exp(rnd.nextDouble(-21, 20)); // about 2^-30 .. 2^29
            QuantizedMultiplier m = QuantizedMultiplier.of(real);
            assertTrue(m.multiplier() >= (1 << 30), "real=" + real + " -> " + m);
            double err = Math.abs(m.toReal() - real);
            assertTrue(
                    err <= Math.scalb(1.0, m.shift() - 32) * (1 + 1e-12),
                    "real=" + real + " -> " + m + " error " + err);
        }
    }

    @Test
    void requantizeIsTheExactCompositionAndWithinOneOfTheRealProduct() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int t = 0; t < TRIALS; t++) {
            double real = Math.exp(rnd.nextDouble(-21, 6));
            QuantizedMultiplier m = QuantizedMultiplier.of(real);
            int left = Math.max(m.shift(), 0);
            int x = anyInt(rnd) >> left; // no overflow in the left shift
            int high = exactDoublingHighMul(x << left, m.multiplier());
            int expected = exactRoundingDivide(high, Math.max(-m.shift(), 0));
            int got = FixedPoint.requantize(x, m);
            assertEquals(expected, got, "x=" + x + " m=" + m);
            double product = x * m.toReal();
            if (Math.abs(product) < Integer.MAX_VALUE - 2) {
                assertTrue(
                        Math.abs(got - product) <= 1.0,
                        "x=" + x + " m=" + m + " got " + got + " real " + product);
            }
        }
    }
}
