package org.tinyprune.resource;

import org.tinyprune.board.proto.OpCost;

/**
 * Latency of one operator kind: {@code cycles = perMac × MACs + perOutput × output elements +
 * perInput × input elements read + constant + perOutputPixel × output pixels} (the board
 * profile's {@code OpCost}; features as {@link LayerFeatures} defines them).
 *
 * @param perMac cycles per multiply-accumulate
 * @param perOutput cycles per output element
 * @param perInput cycles per input element
 * @param constant cycles per call
 * @param perOutputPixel cycles per output pixel
 */
public record OpCoefficients(double perMac, double perOutput, double perInput, double constant,
        double perOutputPixel) {
    /** Coefficients without a per-pixel term. */
    public OpCoefficients(double perMac, double perOutput, double perInput, double constant) {
        this(perMac, perOutput, perInput, constant, 0);
    }

    /** The coefficients of a board profile entry. */
    public static OpCoefficients of(OpCost c) {
        return new OpCoefficients(c.getPerMac(), c.getPerOutputElement(), c.getPerInputElement(), c.getConstant(),
                c.getPerOutputPixel());
    }

    /** Predicted cycles for the given features. */
    Dual cycles(Dual macs, Dual outputs, Dual inputs, double pixels) {
        return macs.times(perMac).plus(outputs.times(perOutput)).plus(inputs.times(perInput))
                .plus(constant + perOutputPixel * pixels);
    }
}
