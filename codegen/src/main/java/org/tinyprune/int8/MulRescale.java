package org.tinyprune.int8;

/**
 * Parameters of the int8 element-wise multiply, TFLite's and CMSIS-NN's scheme: the centred inputs
 * are multiplied exactly in int32 and the product is requantised once to the output.
 *
 * <pre>
 *   y = clamp(requantize((a - zpA) * (b - zpB), mult, shift) + zpOut, actMin, actMax)
 *                                   mult, shift = sA * sB / sOut
 * </pre>
 *
 * The centred product lies within ±255², so a left shift of up to {@value #MAX_SHIFT} bits cannot
 * overflow; larger real multipliers (an output scale 2^15 times finer than the product's) are
 * refused.
 *
 * @param inputAOffset minus the zero point of input A
 * @param inputBOffset minus the zero point of input B
 * @param outputMultiplier {@code sA * sB / sOut} as Q31 multiplier and shift
 * @param outputOffset the output zero point
 */
public record MulRescale(
        int inputAOffset,
        int inputBOffset,
        QuantizedMultiplier outputMultiplier,
        int outputOffset) {

    /** Largest shift of the output multiplier: {@code 255² << 15} still fits an int32. */
    public static final int MAX_SHIFT = 15;

    /**
     * Derives the multiply parameters from the tensors' quantisation: the real multiplier is {@code
     * (double) scaleA * (double) scaleB / (double) scaleOut}, then {@link
     * QuantizedMultiplier#of(double)}.
     *
     * @param scaleA scale of input A (&gt; 0)
     * @param zeroPointA zero point of input A
     * @param scaleB scale of input B (&gt; 0)
     * @param zeroPointB zero point of input B
     * @param scaleOut scale of the output (&gt; 0)
     * @param zeroPointOut zero point of the output
     * @return the parameters
     * @throws IllegalArgumentException if a scale is not positive and finite, or the multiplier
     *     needs a shift above {@value #MAX_SHIFT}
     */
    public static MulRescale of(
            double scaleA,
            int zeroPointA,
            double scaleB,
            int zeroPointB,
            double scaleOut,
            int zeroPointOut) {
        for (double s : new double[] {scaleA, scaleB, scaleOut}) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException(
                        "mul scale " + s + " must be positive and finite");
            }
        }
        QuantizedMultiplier m = QuantizedMultiplier.of(scaleA * scaleB / scaleOut);
        if (m.shift() > MAX_SHIFT) {
            throw new IllegalArgumentException(
                    "mul output scale "
                            + scaleOut
                            + " is too fine for input scales "
                            + scaleA
                            + " and "
                            + scaleB
                            + " (multiplier needs shift "
                            + m.shift()
                            + " > "
                            + MAX_SHIFT
                            + "); recalibrate the output range");
        }
        return new MulRescale(-zeroPointA, -zeroPointB, m, zeroPointOut);
    }

    /**
     * Multiplies two int8 values exactly as the C kernel does.
     *
     * @param a element of input A, in [-128, 127]
     * @param b element of input B, in [-128, 127]
     * @param actMin lower output clamp
     * @param actMax upper output clamp
     * @return the int8 product
     */
    public int mul(int a, int b, int actMin, int actMax) {
        int product = (a + inputAOffset) * (b + inputBOffset);
        return FixedPoint.clamp(
                FixedPoint.requantize(product, outputMultiplier) + outputOffset, actMin, actMax);
    }
}
