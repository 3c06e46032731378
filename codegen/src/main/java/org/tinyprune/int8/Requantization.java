package org.tinyprune.int8;

/**
 * How scales become requantisation parameters: the one place the quantiser, the interpreter and the
 * C emitter derive them, so all three store the same integers.
 */
public final class Requantization {

    private Requantization() {}

    /**
     * The multiplier of one output channel of a conv or dense layer, as TFLite derives it: {@code
     * (double) inputScale * (double) weightScale / (double) outputScale}, then {@link
     * QuantizedMultiplier#of(double)}.
     *
     * @param inputScale input activation scale
     * @param weightScale weight scale of the channel
     * @param outputScale output activation scale
     * @return the channel's Q31 multiplier and shift
     */
    public static QuantizedMultiplier channelMultiplier(
            float inputScale, float weightScale, float outputScale) {
        return QuantizedMultiplier.of(
                (double) inputScale * (double) weightScale / (double) outputScale);
    }

    /**
     * Requantises an accumulator to int8: {@code clamp(requantize(acc) + zeroPoint, actMin,
     * actMax)}.
     *
     * @param acc the int32 accumulator (bias included)
     * @param m the channel multiplier
     * @param outputZeroPoint output zero point
     * @param actMin lower clamp
     * @param actMax upper clamp
     * @return the int8 output value
     */
    public static byte toInt8(
            int acc, QuantizedMultiplier m, int outputZeroPoint, int actMin, int actMax) {
        return (byte)
                FixedPoint.clamp(FixedPoint.requantize(acc, m) + outputZeroPoint, actMin, actMax);
    }
}
