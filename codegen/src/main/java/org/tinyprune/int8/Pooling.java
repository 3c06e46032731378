package org.tinyprune.int8;

/**
 * Integer rounding of int8 average pooling (TFLite/CMSIS-NN): the sum of the window's int8 values
 * (padding excluded) divided by the number of values, rounded to nearest with ties away from zero.
 * Input and output share scale and zero point, so no requantisation is involved.
 */
public final class Pooling {

    private Pooling() {}

    /**
     * Divides a window sum by its element count, rounding half away from zero.
     *
     * @param sum sum of the int8 values in the window
     * @param count number of values summed (&gt; 0)
     * @return {@code round(sum / count)}
     * @throws IllegalArgumentException if count is not positive
     */
    public static int roundedAverage(int sum, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException(
                    "average pooling window holds "
                            + count
                            + " elements; it must hold at least one");
        }
        return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    }
}
