package org.tinyprune.int8;

/**
 * A non-negative real multiplier encoded as a Q31 fixed-point {@code multiplier} and a power-of-two
 * {@code shift}: {@code real ≈ multiplier / 2^31 * 2^shift} (TFLite {@code QuantizeMultiplier}).
 *
 * <p>For a non-zero real, {@code multiplier} is in [2^30, 2^31); multipliers of 1 and more get a
 * positive shift (a left shift before the multiply). Reals below about 2^-32 cannot be represented
 * with a shift ≥ -31 and flush to zero ({@code multiplier = 0, shift = 0}), as TFLite does.
 *
 * @param multiplier Q31 multiplier, 0 or in [2^30, 2^31)
 * @param shift power-of-two exponent in [{@value FixedPoint#MIN_SHIFT}, {@value
 *     FixedPoint#MAX_SHIFT}]
 */
public record QuantizedMultiplier(int multiplier, int shift) {

    /** The encoding of zero. */
    public static final QuantizedMultiplier ZERO = new QuantizedMultiplier(0, 0);

    /**
     * Validates the fields.
     *
     * @param multiplier Q31 multiplier
     * @param shift power-of-two exponent
     */
    public QuantizedMultiplier {
        if (multiplier < 0) {
            throw new IllegalArgumentException(
                    "Q31 multiplier "
                            + multiplier
                            + " is negative; multipliers encode non-negative reals");
        }
        if (shift < FixedPoint.MIN_SHIFT || shift > FixedPoint.MAX_SHIFT) {
            throw new IllegalArgumentException(
                    "shift "
                            + shift
                            + " is outside ["
                            + FixedPoint.MIN_SHIFT
                            + ", "
                            + FixedPoint.MAX_SHIFT
                            + "]");
        }
    }

    /**
     * Encodes a real multiplier: {@code real = q * 2^shift} with q in [0.5, 1) (as C {@code
     * frexp}), {@code multiplier = round(q * 2^31)}; a rounding up to 2^31 is renormalised to 2^30
     * with {@code shift + 1}.
     *
     * @param real the real multiplier, finite, ≥ 0 and below 2^30
     * @return its Q31 encoding
     * @throws IllegalArgumentException for negative, non-finite or too large multipliers (a scale
     *     ratio ≥ 2^30 means a degenerate output scale: recalibrate the output range)
     */
    public static QuantizedMultiplier of(double real) {
        if (!Double.isFinite(real) || real < 0) {
            throw new IllegalArgumentException(
                    "real multiplier "
                            + real
                            + " must be finite and non-negative; check the scales it was derived from");
        }
        if (real == 0.0 || Math.getExponent(real) < Double.MIN_EXPONENT) {
            return ZERO;
        }
        int shift = Math.getExponent(real) + 1;
        double q = Math.scalb(real, -shift);
        long fixed = Math.round(q * (1L << 31));
        if (fixed == (1L << 31)) {
            fixed /= 2;
            shift++;
        }
        if (shift < FixedPoint.MIN_SHIFT) {
            return ZERO;
        }
        if (shift > FixedPoint.MAX_SHIFT) {
            throw new IllegalArgumentException(
                    "real multiplier "
                            + real
                            + " is too large (needs shift "
                            + shift
                            + " > "
                            + FixedPoint.MAX_SHIFT
                            + "); the output scale is degenerate: recalibrate the output tensor's range");
        }
        return new QuantizedMultiplier((int) fixed, shift);
    }

    /**
     * Returns the real number this encoding represents exactly.
     *
     * @return {@code multiplier * 2^(shift - 31)}
     */
    public double toReal() {
        return Math.scalb((double) multiplier, shift - 31);
    }
}
