package org.tinyprune.quant;

/**
 * Options of post-training quantisation.
 *
 * @param method how activation ranges are calibrated
 * @param percentile for {@link CalibrationMethod#PERCENTILE}: the upper percentile kept, in (50,
 *     100], e.g. 99.99 (the lower bound uses {@code 100 - percentile})
 * @param maxBatches calibration batches used at most (≥ 1)
 * @param samplesPerTensor values of each activation kept for percentiles (≥ 1000)
 * @param seed seed of the value sampling
 */
public record QuantOptions(
        CalibrationMethod method,
        double percentile,
        int maxBatches,
        int samplesPerTensor,
        long seed) {

    /** Min/max calibration on up to 32 batches. */
    public static final QuantOptions DEFAULTS =
            new QuantOptions(CalibrationMethod.MIN_MAX, 99.99, 32, 200_000, 1);

    /**
     * Validates the options.
     *
     * @param method calibration method
     * @param percentile upper percentile
     * @param maxBatches batch limit
     * @param samplesPerTensor sample size
     * @param seed sampling seed
     */
    public QuantOptions {
        if (method == null) {
            throw new IllegalArgumentException(
                    "quantisation option 'method' is missing; use MIN_MAX or PERCENTILE");
        }
        if (!(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException(
                    "quantisation option 'percentile' is "
                            + percentile
                            + "; use a value in (50, 100], e.g. 99.99");
        }
        if (maxBatches < 1 || samplesPerTensor < 1000) {
            throw new IllegalArgumentException(
                    "quantisation options need maxBatches >= 1 and samplesPerTensor"
                            + " >= 1000, got "
                            + maxBatches
                            + " and "
                            + samplesPerTensor);
        }
    }

    /**
     * These options with another calibration method.
     *
     * @param m the method
     * @return the modified options
     */
    public QuantOptions withMethod(CalibrationMethod m) {
        return new QuantOptions(m, percentile, maxBatches, samplesPerTensor, seed);
    }

    /**
     * These options with another percentile (implies {@link CalibrationMethod#PERCENTILE}).
     *
     * @param p the upper percentile
     * @return the modified options
     */
    public QuantOptions withPercentile(double p) {
        return new QuantOptions(
                CalibrationMethod.PERCENTILE, p, maxBatches, samplesPerTensor, seed);
    }
}
