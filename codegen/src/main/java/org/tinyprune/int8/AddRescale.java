package org.tinyprune.int8;

/**
 * Parameters of the int8 element-wise add, TFLite's scheme: both inputs are centred, shifted left
 * by {@value #LEFT_SHIFT} bits for headroom, rescaled to a common scale of twice the larger input
 * scale, summed, and the sum is requantised to the output scale.
 *
 * <pre>
 *   a' = requantize((a - zpA) &lt;&lt; 20, multA, shiftA)      multA = sA / (2 max(sA, sB))
 *   b' = requantize((b - zpB) &lt;&lt; 20, multB, shiftB)      multB = sB / (2 max(sA, sB))
 *   y  = clamp(requantize(a' + b', multOut, shiftOut) + zpOut, actMin, actMax)
 *                                   multOut = 2 max(sA, sB) / (2^20 sOut)
 * </pre>
 *
 * @param inputAOffset minus the zero point of input A
 * @param inputAMultiplier rescale of input A
 * @param inputBOffset minus the zero point of input B
 * @param inputBMultiplier rescale of input B
 * @param outputMultiplier rescale of the sum
 * @param outputOffset the output zero point
 */
public record AddRescale(
        int inputAOffset,
        QuantizedMultiplier inputAMultiplier,
        int inputBOffset,
        QuantizedMultiplier inputBMultiplier,
        QuantizedMultiplier outputMultiplier,
        int outputOffset) {

    /** Headroom bits the centred inputs are shifted left by before rescaling. */
    public static final int LEFT_SHIFT = 20;

    /**
     * Derives the add parameters from the tensors' quantisation.
     *
     * @param scaleA scale of input A (&gt; 0)
     * @param zeroPointA zero point of input A
     * @param scaleB scale of input B (&gt; 0)
     * @param zeroPointB zero point of input B
     * @param scaleOut scale of the output (&gt; 0)
     * @param zeroPointOut zero point of the output
     * @return the parameters
     * @throws IllegalArgumentException if a scale is not positive and finite
     */
    public static AddRescale of(
            double scaleA,
            int zeroPointA,
            double scaleB,
            int zeroPointB,
            double scaleOut,
            int zeroPointOut) {
        requirePositive("input A", scaleA);
        requirePositive("input B", scaleB);
        requirePositive("output", scaleOut);
        double twiceMax = 2.0 * Math.max(scaleA, scaleB);
        return new AddRescale(
                -zeroPointA,
                QuantizedMultiplier.of(scaleA / twiceMax),
                -zeroPointB,
                QuantizedMultiplier.of(scaleB / twiceMax),
                QuantizedMultiplier.of(twiceMax / ((double) (1 << LEFT_SHIFT) * scaleOut)),
                zeroPointOut);
    }

    /**
     * Adds two int8 values exactly as the C kernel does.
     *
     * @param a element of input A, in [-128, 127]
     * @param b element of input B, in [-128, 127]
     * @param actMin lower output clamp
     * @param actMax upper output clamp
     * @return the int8 sum
     */
    public int add(int a, int b, int actMin, int actMax) {
        int scaledA = FixedPoint.requantize((a + inputAOffset) << LEFT_SHIFT, inputAMultiplier);
        int scaledB = FixedPoint.requantize((b + inputBOffset) << LEFT_SHIFT, inputBMultiplier);
        int raw = FixedPoint.requantize(scaledA + scaledB, outputMultiplier) + outputOffset;
        return FixedPoint.clamp(raw, actMin, actMax);
    }

    private static void requirePositive(String what, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException(
                    "add " + what + " scale " + scale + " must be positive and finite");
        }
    }
}
