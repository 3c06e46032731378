package org.tinyprune.resource;

import org.tinyprune.board.proto.OpCost;

/**
 * Latency of one operator kind: {@code cycles = perMac × MACs + perOutput × output elements +
 * perInput × input elements + constant} (the board profile's {@code OpCost}).
 *
 * @param perMac cycles per multiply-accumulate
 * @param perOutput cycles per output element
 * @param perInput cycles per input element
 * @param constant cycles per call
 */
public record OpCoefficients(double perMac, double perOutput, double perInput, double constant) {
    /** The coefficients of a board profile entry. */
    public static OpCoefficients of(OpCost c) {
        return new OpCoefficients(c.getPerMac(), c.getPerOutputElement(), c.getPerInputElement(), c.getConstant());
    }

    /** Predicted cycles for the given features. */
    Dual cycles(Dual macs, Dual outputs, Dual inputs) {
        return macs.times(perMac).plus(outputs.times(perOutput)).plus(inputs.times(perInput)).plus(constant);
    }
}
