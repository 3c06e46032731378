package org.tinyprune.quant;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Statistics of one activation over the calibration batches: exact minimum and maximum and, for
 * percentiles, a seeded uniform sample of the values (an equal share drawn from each batch, so the
 * cost does not grow with the tensor size and calibration is deterministic).
 */
final class RangeObserver {

    private final float[] sample;
    private final int perBatch;
    private final SplittableRandom rnd;
    private int kept;
    private long seen;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    /**
     * @param capacity values sampled in total (0: min/max only)
     * @param batches batches the sample is spread over
     * @param seed sampling seed
     */
    RangeObserver(int capacity, int batches, long seed) {
        sample = new float[capacity];
        perBatch = capacity == 0 ? 0 : Math.max(1, (capacity + batches - 1) / batches);
        rnd = new SplittableRandom(seed);
    }

    /** Records the first {@code n} values of {@code data}. */
    void observe(float[] data, int n) {
        float lo = min;
        float hi = max;
        for (int i = 0; i < n; i++) {
            float v = data[i];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        min = lo;
        max = hi;
        for (int k = 0; k < perBatch && kept < sample.length; k++) {
            sample[kept++] = data[rnd.nextInt(n)];
        }
        seen += n;
    }

    /** The range chosen by {@code method}. */
    ActivationRange range(CalibrationMethod method, double percentile) {
        if (seen == 0) {
            throw new IllegalStateException(
                    "no calibration values observed; give at least one batch");
        }
        if (method == CalibrationMethod.MIN_MAX || kept == 0) {
            return new ActivationRange(min, max);
        }
        float[] sorted = Arrays.copyOf(sample, kept);
        Arrays.sort(sorted);
        int hi = (int) Math.max(0, Math.min(kept - 1, Math.ceil(percentile / 100.0 * kept) - 1));
        int lo = (int) Math.min(hi, Math.floor((100.0 - percentile) / 100.0 * kept));
        return new ActivationRange(sorted[lo], sorted[hi]);
    }
}
