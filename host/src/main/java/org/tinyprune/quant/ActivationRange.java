package org.tinyprune.quant;

import org.tinyprune.ir.Quantization;

/**
 * A calibrated real range of an activation tensor, and its asymmetric per-tensor int8 quantisation.
 *
 * @param min smallest value to represent
 * @param max largest value to represent
 */
public record ActivationRange(float min, float max) {

    /** Narrowest range quantised: a constant (dead) tensor still gets a usable, finite scale. */
    static final float MIN_WIDTH = 1e-4f;

    /**
     * Validates the bounds.
     *
     * @param min lower bound
     * @param max upper bound
     */
    public ActivationRange {
        if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
            throw new IllegalArgumentException(
                    "activation range ["
                            + min
                            + ", "
                            + max
                            + "] must be finite with min <= max; the calibration batches produced non-finite values");
        }
    }

    /**
     * The smallest range covering both.
     *
     * @param other another range
     * @return their union
     */
    public ActivationRange union(ActivationRange other) {
        return new ActivationRange(Math.min(min, other.min), Math.max(max, other.max));
    }

    /**
     * Asymmetric int8 parameters for this range widened to include 0 (so that 0, padding and ReLU's
     * floor are exact): {@code scale = (max - min) / 255}, {@code zeroPoint = round(-128 - min /
     * scale)}.
     *
     * @return per-tensor quantisation with zero point in [-128, 127]
     */
    public Quantization toQuantization() {
        double lo = Math.min(min, 0.0);
        double hi = Math.max(max, 0.0);
        if (hi - lo < MIN_WIDTH) {
            hi = lo + MIN_WIDTH;
        }
        float scale = (float) ((hi - lo) / 255.0);
        long zp = Math.round(-128.0 - lo / scale);
        return Quantization.perTensor(scale, (int) Math.max(-128, Math.min(127, zp)));
    }
}
