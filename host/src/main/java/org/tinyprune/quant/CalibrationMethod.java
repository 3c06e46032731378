package org.tinyprune.quant;

/** How an activation's range is chosen from the values observed on calibration batches. */
public enum CalibrationMethod {
    /** The observed minimum and maximum: nothing clips, outliers widen the step. */
    MIN_MAX,
    /**
     * Outlier-robust: the {@link QuantOptions#percentile()} and its mirror percentile of a seeded
     * uniform sample of the observed values; the rare values beyond clip to the range ends.
     */
    PERCENTILE
}
