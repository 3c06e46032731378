package org.tinyprune.resource;

import org.tinyprune.board.proto.OpCost;

/**
 * Latency of one operator kind: {@code cycles = perMac × MACs + perOutput × output elements +
 * perInput × input elements read + constant + perOutputPixel × output pixels + perTailMac × tail
 * MACs + perOddChannelPixel × odd-channel pixels} (the board profile's {@code OpCost}; features as
 * {@link LayerFeatures} defines them).
 *
 * @param perMac cycles per multiply-accumulate
 * @param perOutput cycles per output element
 * @param perInput cycles per input element
 * @param constant cycles per call
 * @param perOutputPixel cycles per output pixel
 * @param perTailMac cycles per tail MAC
 * @param perOddChannelPixel cycles per output pixel of an odd channel count
 */
public record OpCoefficients(
        double perMac,
        double perOutput,
        double perInput,
        double constant,
        double perOutputPixel,
        double perTailMac,
        double perOddChannelPixel) {
    /** Coefficients without the per-pixel and convolution-shape terms. */
    public OpCoefficients(double perMac, double perOutput, double perInput, double constant) {
        this(perMac, perOutput, perInput, constant, 0, 0, 0);
    }

    /** The coefficients of a board profile entry. */
    public static OpCoefficients of(OpCost c) {
        return new OpCoefficients(
                c.getPerMac(),
                c.getPerOutputElement(),
                c.getPerInputElement(),
                c.getConstant(),
                c.getPerOutputPixel(),
                c.getPerTailMac(),
                c.getPerOddChannelPixel());
    }

    /** Predicted cycles for the given features. */
    Dual cycles(
            Dual macs,
            Dual outputs,
            Dual inputs,
            double pixels,
            Dual tailMacs,
            double oddChannelPixels) {
        return macs.times(perMac)
                .plus(outputs.times(perOutput))
                .plus(inputs.times(perInput))
                .plus(tailMacs.times(perTailMac))
                .plus(constant + perOutputPixel * pixels + perOddChannelPixel * oddChannelPixels);
    }
}
