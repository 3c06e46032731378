package org.tinyprune.int8;

/**
 * Fixed-point primitives of int8 requantisation, with gemmlowp/TFLite rounding semantics.
 *
 * <p>A real multiplier {@code M} is stored as a Q31 value {@code m} (with {@code M = m / 2^31 *
 * 2^shift}) and a power-of-two {@code shift}; positive shifts scale up, negative shifts scale down.
 * {@link #requantize(int, int, int)} applies it in two rounding steps: a left shift (for positive
 * shifts), the saturating rounding doubling high multiply, then a rounding right shift (for
 * negative shifts). The C twin is {@code tp_requant.h} in {@code device-runtime}; both must agree
 * bit for bit on every input.
 */
public final class FixedPoint {

    /**
     * Largest left shift a multiplier may carry: {@code x << 31} would overflow every non-zero x.
     */
    public static final int MAX_SHIFT = 30;

    /** Smallest (most negative) shift: a rounding right shift by 31 bits. */
    public static final int MIN_SHIFT = -31;

    private FixedPoint() {}

    /**
     * Returns the high 32 bits of {@code 2 * a * b}, rounded to nearest with ties rounded up
     * (toward +∞: the nudge is {@code 2^30} for non-negative products and {@code 1 - 2^30} for
     * negative ones, then the division truncates), saturated: the only overflowing input, {@code a
     * == b == Integer.MIN_VALUE}, yields {@code Integer.MAX_VALUE}.
     *
     * @param a first factor (a value)
     * @param b second factor (a Q31 multiplier)
     * @return {@code floor(a * b / 2^31 + 1/2)} with saturation
     */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
        // Java's long division truncates toward zero, like C's.
        return (int) ((ab + nudge) / (1L << 31));
    }

    /**
     * Divides by {@code 2^exponent}, rounding to nearest with ties away from zero.
     *
     * @param x dividend
     * @param exponent power of two, in [0, 31]
     * @return {@code round(x / 2^exponent)}
     * @throws IllegalArgumentException if the exponent is outside [0, 31]
     */
    public static int roundingDivideByPowerOfTwo(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException(
                    "rounding shift exponent "
                            + exponent
                            + " is outside [0, 31]; use a shift in [-31, 30]");
        }
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /**
     * Multiplies an int32 accumulator by a quantised real multiplier (TFLite {@code
     * MultiplyByQuantizedMultiplier}): {@code x * 2^max(shift,0)} (two's-complement, as the C
     * kernels compute it with an unsigned shift), then the saturating rounding doubling high
     * multiply by {@code multiplier}, then a rounding divide by {@code 2^max(-shift,0)}.
     *
     * @param x the int32 accumulator
     * @param multiplier Q31 multiplier, normally in [2^30, 2^31) or 0
     * @param shift power-of-two exponent in [{@value #MIN_SHIFT}, {@value #MAX_SHIFT}]
     * @return the rescaled value (not yet offset or clamped)
     * @throws IllegalArgumentException if the shift is outside its range
     */
    public static int requantize(int x, int multiplier, int shift) {
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException(
                    "requantisation shift "
                            + shift
                            + " is outside ["
                            + MIN_SHIFT
                            + ", "
                            + MAX_SHIFT
                            + "]; re-derive it with QuantizedMultiplier.of");
        }
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return roundingDivideByPowerOfTwo(
                saturatingRoundingDoublingHighMul(x << leftShift, multiplier), rightShift);
    }

    /**
     * Requantises with a {@link QuantizedMultiplier}.
     *
     * @param x the int32 accumulator
     * @param m the quantised multiplier
     * @return the rescaled value
     */
    public static int requantize(int x, QuantizedMultiplier m) {
        return requantize(x, m.multiplier(), m.shift());
    }

    /**
     * Clamps to [lo, hi].
     *
     * @param v value
     * @param lo lower bound
     * @param hi upper bound
     * @return {@code min(max(v, lo), hi)}
     */
    public static int clamp(int v, int lo, int hi) {
        return Math.min(Math.max(v, lo), hi);
    }
}
