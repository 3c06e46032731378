package org.tinyprune.data;

/**
 * Stores real-valued features (such as MFCCs) as the unsigned bytes an {@link ImageSet} holds: each
 * column (feature index within a row, e.g. one cepstral coefficient) is standardised with its own
 * mean and standard deviation and mapped to {@code byte = clamp(round(128 + 32 (v - mean) / std),
 * 0, 255)}, so ±4 standard deviations fit and one byte step is 1/32 of a standard deviation.
 * Columns differ in range by orders of magnitude (the first cepstral coefficient spans hundreds,
 * the others tens), which is why one scale for all of them would waste the byte's resolution.
 *
 * @param mean per-column mean
 * @param std per-column standard deviation (1 for a constant column)
 */
public record FeatureScaling(double[] mean, double[] std) {

    /** Byte value of a column's mean. */
    static final double CENTRE = 128;

    /** Byte steps per standard deviation. */
    static final double STEPS_PER_STD = 32;

    /**
     * Computes the statistics of every column over all rows of all samples.
     *
     * @param samples feature matrices, each {@code rows × columns} row-major
     * @param columns values per row
     * @return the scaling
     * @throws IllegalArgumentException if there are no samples or a length is not a multiple of
     *     {@code columns}
     */
    public static FeatureScaling fit(Iterable<float[]> samples, int columns) {
        double[] sum = new double[columns];
        double[] sumSq = new double[columns];
        long rows = 0;
        for (float[] s : samples) {
            if (s.length % columns != 0) {
                throw new IllegalArgumentException(
                        s.length + " features are not rows of " + columns);
            }
            for (int k = 0; k < s.length; k++) {
                sum[k % columns] += s[k];
                sumSq[k % columns] += (double) s[k] * s[k];
            }
            rows += s.length / columns;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("no feature rows to compute a scaling from");
        }
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int c = 0; c < columns; c++) {
            mean[c] = sum[c] / rows;
            double var = Math.max(0, sumSq[c] / rows - mean[c] * mean[c]);
            std[c] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        return new FeatureScaling(mean, std);
    }

    /**
     * Encodes one feature matrix.
     *
     * @param features {@code rows × columns} values, row-major
     * @param dst destination
     * @param offset where in {@code dst} to write {@code features.length} bytes
     */
    public void encode(float[] features, byte[] dst, int offset) {
        int columns = mean.length;
        for (int k = 0; k < features.length; k++) {
            int c = k % columns;
            long b = Math.round(CENTRE + STEPS_PER_STD * (features[k] - mean[c]) / std[c]);
            dst[offset + k] = (byte) Math.max(0, Math.min(255, b));
        }
    }

    /**
     * The feature value a byte stands for (the centre of its step).
     *
     * @param column the column
     * @param b the byte, 0..255
     * @return the feature value
     */
    public double decode(int column, int b) {
        return mean[column] + (b - CENTRE) / STEPS_PER_STD * std[column];
    }
}
